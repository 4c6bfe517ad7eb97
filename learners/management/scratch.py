"""What the benchmark commands share: a scratch database beside the configured one, and their figures as JSON."""
import json
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


@contextmanager
def scratch_database():
    """An empty database with every migration (scratch_<name> on a server, in memory on SQLite), dropped
    afterwards whatever happens. Its own name: never the database in use, even when that is a test database."""
    old_name, test = connection.settings_dict["NAME"], connection.settings_dict.setdefault("TEST", {})
    old_test_name = test.get("NAME")
    if connection.vendor != "sqlite":
        test["NAME"] = f"scratch_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        test["NAME"] = old_test_name


def write_figures(json_path: str, figures: dict, stdout) -> None:
    """The figures as JSON at `json_path`, and one line each on `stdout`."""
    Path(json_path).parent.mkdir(parents=True, exist_ok=True)
    Path(json_path).write_text(json.dumps(figures, indent=2) + "\n")
    for key, value in figures.items():
        stdout.write(f"{key:32} {value}")
