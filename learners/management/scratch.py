"""What the benchmark commands share: a scratch copy of the configured database, and their figures as JSON."""
import json
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


@contextmanager
def scratch_database():
    """An empty test_<name> database with every migration, dropped afterwards whatever happens."""
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def write_figures(json_path: str, figures: dict, stdout) -> None:
    """The figures as JSON at `json_path`, and one line each on `stdout`."""
    Path(json_path).parent.mkdir(parents=True, exist_ok=True)
    Path(json_path).write_text(json.dumps(figures, indent=2) + "\n")
    for key, value in figures.items():
        stdout.write(f"{key:32} {value}")
