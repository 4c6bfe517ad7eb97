"""python manage.py bench_import --json OUT: import speed on a scratch copy of the configured database.

Imports the shipped ASSISTments 2009 train + test files (325,637 attempts) into an empty scratch
database (scratch_<name>, created and dropped here), then imports them again; the baseline is the
portable bulk_create path on the same files in the same run.
"""
import gzip
import shutil
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from learners.services.demo import DATA_DIR, FILES
from learners.importers import import_attempts, read_skill_names
from learners.management.scratch import scratch_database, write_figures
from learners.models import Attempt, Student


def unpack(folder: Path) -> list[Path]:
    paths = []
    for name, _ in FILES:
        target = folder / name.removesuffix(".gz")
        with gzip.open(DATA_DIR / name, "rb") as packed, open(target, "wb") as plain:
            shutil.copyfileobj(packed, plain)
        paths.append(target)
    return paths


def import_files(paths: list[Path], names: dict[int, str], bulk_copy: bool) -> tuple[float, int]:
    started, written = time.perf_counter(), 0
    for path in paths:
        with open(path, "rb") as stream:
            report = import_attempts(stream=stream, file_format="dkvmn", file_name=str(path), skill_names=names,
                                     student_prefix=path.stem + "-", bulk_copy=bulk_copy)
        written += report.rows_written
    return time.perf_counter() - started, written


def empty_tables() -> None:
    Attempt.objects.all().delete()
    Student.objects.all().delete()


class Command(BaseCommand):
    help = "Measure attempt import speed (from empty, and a re-import) against the bulk_create baseline."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", required=True, help="where to write the figures")

    def handle(self, *args, json_path: str, **options):
        with open(DATA_DIR / "skills.tsv", "rb") as stream:
            names = read_skill_names(stream)
        with scratch_database(), tempfile.TemporaryDirectory() as folder:
            figures = self.measure(unpack(Path(folder)), names)
        write_figures(json_path, figures, self.stdout)

    def measure(self, paths: list[Path], names: dict[int, str]) -> dict:
        baseline_seconds, baseline_written = import_files(paths, names, bulk_copy=False)
        empty_tables()
        seconds, written = import_files(paths, names, bulk_copy=True)
        reimport_seconds, reimport_written = import_files(paths, names, bulk_copy=True)
        return {
            "database": connection.vendor,
            "attempts": written,
            "import_seconds": round(seconds, 3),
            "attempts_per_s": round(written / seconds),
            "reimport_seconds": round(reimport_seconds, 3),
            "reimport_rows_written": reimport_written,
            "baseline": "bulk_create (the portable ORM path), same files, same run",
            "baseline_attempts_per_s": round(baseline_written / baseline_seconds),
            "speedup_vs_baseline": round(baseline_seconds / seconds, 2),
        }

