"""python manage.py seed_demo: the demo school from the shipped ASSISTments 2009 data, with demo logins."""
import os
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from learners.services.demo import DATA_DIR, FILES, demo_model, demo_seed

DEFAULT_PASSWORD = "learn-2009"


class Command(BaseCommand):
    help = ("Build the demo school (real ASSISTments 2009 responses; made-up names, times and Grade 7 and 8 "
            "courses) and print logins.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.getenv("DEMO_PASSWORD", DEFAULT_PASSWORD),
                            help="password of every demo login (default: $DEMO_PASSWORD or %(default)s)")
        parser.add_argument("--train-seconds", type=float, default=90,
                            help="train a first model for at most this long if none is active (0: don't)")

    def handle(self, *args, password, train_seconds, **options):
        total = sum((DATA_DIR / name).stat().st_size for name, _ in FILES) * 5  # about the unpacked size
        with tqdm(total=total, unit="B", unit_scale=True, desc="demo data", file=sys.stderr,
                  disable=not sys.stderr.isatty()) as bar:
            summary = demo_seed(password=password, progress=bar.update)
        if train_seconds > 0:
            self.stdout.write(f"training a first model (at most {train_seconds:.0f} s), then every student's "
                              "model and plan ...")
            summary.version = demo_model(train_seconds=train_seconds)
        if summary.version is not None:
            self.stdout.write(f"model version {summary.version.pk}: {summary.version.get_status_display()}, "
                              f"validation AUC {summary.version.valid_auc:.3f}")
        if summary.skills_renamed:
            self.stdout.write(f"skills shown under a tidier name than the data's: {summary.skills_renamed}")
        for report in summary.imports:
            self.stdout.write(f"attempts read: {report.rows_read}, written: {report.rows_written}, "
                              f"already stored: {report.rows_duplicate}")
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at http://127.0.0.1:8000/ with:"))
        for role, username, pw in summary.logins:
            self.stdout.write(f"  {role:8} {username:10} password: {pw}")
