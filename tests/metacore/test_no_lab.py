"""The library never imports its lab (metacore.lab builds on the library, not the other way round)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
import metacore
core = [m.name for m in pkgutil.iter_modules(metacore.__path__, "metacore.") if m.name != "metacore.lab"]
for name in core:
    importlib.import_module(name)
missing = [name for name in metacore.__all__ if not hasattr(metacore, name)]
lab = sorted(m for m in sys.modules if m.startswith("metacore.lab") or m == "gymnasium")
print(len(core), lab, missing)
sys.exit(1 if lab or missing else 0)
"""


def test_it_imports_the_library_and_its_public_api_without_the_lab():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(done.stdout.split()[0]) >= 10  # data, encoder, generator, explicit_model, train, planner...


def test_it_runs_the_labs_commands_under_their_short_names_too():
    for name in ("evaluate", "plan_eval"):
        short, long = f"metacore.{name}", f"metacore.lab.{name}"
        done = subprocess.run([sys.executable, "-m", short, "--help"], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0 and f"usage: python -m {long}" in done.stdout, done.stderr
