"""python manage.py seed_demo: the demo school from the shipped ASSISTments 2009 data, with demo logins."""
import os
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from learners.demo import DATA_DIR, FILES, demo_seed

DEFAULT_PASSWORD = "learn-2009"


class Command(BaseCommand):
    help = "Build the demo school (real ASSISTments 2009 responses, made-up names and times) and print logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.getenv("DEMO_PASSWORD", DEFAULT_PASSWORD),
                            help="password of every demo login (default: $DEMO_PASSWORD or %(default)s)")

    def handle(self, *args, password, **options):
        total = sum((DATA_DIR / name).stat().st_size for name, _ in FILES) * 5  # about the unpacked size
        with tqdm(total=total, unit="B", unit_scale=True, desc="demo data", file=sys.stderr,
                  disable=not sys.stderr.isatty()) as bar:
            summary = demo_seed(password=password, progress=bar.update)
        for report in summary.imports:
            self.stdout.write(f"attempts read: {report.rows_read}, written: {report.rows_written}, "
                              f"already stored: {report.rows_duplicate}")
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at http://127.0.0.1:8000/ with:"))
        for role, username, pw in summary.logins:
            self.stdout.write(f"  {role:8} {username:10} password: {pw}")
