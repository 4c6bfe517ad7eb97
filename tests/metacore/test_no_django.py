import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
import metacore
names = [m.name for m in pkgutil.walk_packages(metacore.__path__, "metacore.")]
for name in names:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), bad)
sys.exit(1 if bad else 0)
"""


def test_it_imports_every_metacore_module_without_django():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(done.stdout.split()[0]) >= 8  # data, metric, scoring, lab.evaluate, lab.baselines...
