"""python manage.py import_attempts FILE --format dkvmn --skills SKILLS.tsv | --format csv [--skip-invalid]"""
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from learners.importers import FORMATS, FileRefused, ImportRefused, import_attempts, read_skill_names

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Import attempts from a file (streamed, batched; all-or-nothing unless --skip-invalid)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the attempts file (.csv or the 3-line format; '-' for standard input)")
        parser.add_argument("--format", required=True, dest="file_format",
                            help=f"the file's format: {', '.join(FORMATS)}")
        parser.add_argument("--skills", help="skill_id<TAB>name file (dkvmn format)")
        parser.add_argument("--student-prefix", help="prefix of made-up student ids (dkvmn; default: FILE's stem + '-')")
        parser.add_argument("--skip-invalid", action="store_true", help="write the valid rows and report the rest")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    def handle(self, *args, file, file_format, skills, student_prefix, skip_invalid, no_progress, **options):
        if file_format not in FORMATS:
            raise CommandError(f"unknown format {file_format!r} (known: {', '.join(FORMATS)})")
        skill_names = self._skill_names(skills) if skills else None
        prefix = student_prefix if student_prefix is not None else ("stdin" if file == "-" else Path(file).stem) + "-"
        try:
            with self._open(file) as stream:
                size = os.fstat(stream.fileno()).st_size if file != "-" else None
                bar = tqdm(total=size, unit="B", unit_scale=True, desc="import", file=sys.stderr,
                           disable=no_progress or not sys.stderr.isatty())
                with bar:
                    report = import_attempts(stream=stream, file_format=file_format, file_name=file,
                                             skill_names=skill_names, student_prefix=prefix,
                                             skip_invalid=skip_invalid, progress=bar.update)
        except ImportRefused as refused:
            self._print_errors(refused.report.errors)
            raise CommandError(
                f"{file}: {refused.report.rows_invalid} bad rows; nothing was written "
                "(fix them, or use --skip-invalid to write the valid rows)"
            ) from None
        except FileRefused as refused:
            raise CommandError(f"{file}: {refused}") from None
        self._print_errors(report.errors)
        self.stdout.write(
            f"rows read: {report.rows_read + report.rows_invalid}, written: {report.rows_written}, "
            f"skipped: {report.rows_skipped} ({report.rows_duplicate} already stored, {report.rows_invalid} invalid, "
            f"{report.rows_erased} of erased students) "
            f"in {report.seconds:.1f} s"
        )

    def _open(self, file):
        if file == "-":
            return open(sys.stdin.fileno(), "rb", closefd=False)
        try:
            return open(file, "rb")
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None

    def _skill_names(self, path):
        try:
            with open(path, "rb") as stream:
                return read_skill_names(stream)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except FileRefused as refused:
            raise CommandError(f"{path}: {refused}") from None

    def _print_errors(self, errors):
        for error in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(str(error))
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"... and {len(errors) - MAX_ERRORS_SHOWN} more bad rows")
