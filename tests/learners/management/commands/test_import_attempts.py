"""`manage.py import_attempts`: good files, each kind of bad row, re-imports and --skip-invalid."""
import io

import pytest
from django.core.management import CommandError, call_command

from learners.models import Attempt, ImportRun, Skill, Student

pytestmark = pytest.mark.django_db

SKILLS = "skill_id\tname\n1\tAddition\n2\tFractions\n"
DKVMN = "3\n1,1,2\n0,1,1\n\n2\n2,2,\n1,0\n"
CSV_HEADER = "student,skill,skill_name,exercise,correct,score,timestamp,duration,hints\n"
CSV_ROWS = (
    "s1,add,Addition,q1,1,,2026-09-01T08:30:00Z,12.5,0\n"
    "s1,add,Addition,q2,0,,2026-09-01T08:31:00+00:00,20,1\n"
    "s2,frac,Fractions,,,0.5,1788000000,,\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_attempts", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_attempts", *args, "--no-progress", stdout=io.StringIO(), stderr=err)
    return str(error.value), err.getvalue().splitlines()


def test_it_imports_the_three_line_format_with_skill_names(tmp_path):
    skills = write(tmp_path, "skills.tsv", SKILLS)
    out, _ = run(write(tmp_path, "data.csv", DKVMN), "--format", "dkvmn", "--skills", skills)
    assert "rows read: 5, written: 5, skipped: 0" in out
    assert sorted(Student.objects.values_list("external_id", flat=True)) == ["data-00001", "data-00002"]
    assert dict(Skill.objects.values_list("code", "name")) == {"1": "Addition", "2": "Fractions"}
    first = Attempt.objects.filter(student__external_id="data-00001").order_by("submitted_at")
    assert [(a.skill.code, a.correct) for a in first] == [("1", False), ("1", True), ("2", True)]
    assert all(a.submitted_at.weekday() < 5 for a in Attempt.objects.all())


def test_it_writes_nothing_when_the_same_file_comes_again(tmp_path):
    skills, data = write(tmp_path, "skills.tsv", SKILLS), write(tmp_path, "data.csv", DKVMN)
    run(data, "--format", "dkvmn", "--skills", skills)
    times = list(Attempt.objects.order_by("pk").values_list("submitted_at", flat=True))
    out, _ = run(data, "--format", "dkvmn", "--skills", skills)
    assert "written: 0, skipped: 5 (5 already stored, 0 invalid, 0 of erased students)" in out
    assert list(Attempt.objects.order_by("pk").values_list("submitted_at", flat=True)) == times
    assert ImportRun.objects.count() == 2


def test_it_imports_the_documented_csv(tmp_path):
    data = write(tmp_path, "a.csv", CSV_HEADER + CSV_ROWS)
    out, _ = run(data, "--format", "csv")
    assert "rows read: 3, written: 3" in out
    partial = Attempt.objects.get(student__external_id="s2")
    assert (partial.score, partial.correct, partial.submitted_at.timestamp()) == (0.5, False, 1788000000)
    hinted = Attempt.objects.get(exercise__external_id="q2")
    assert (hinted.hints_used, hinted.duration_seconds, hinted.skill.name) == (1, 20.0, "Addition")
    out, _ = run(data, "--format", "csv")
    assert "written: 0" in out and Attempt.objects.count() == 3


def test_it_uses_a_given_idempotency_key(tmp_path):
    header = "student,skill,correct,timestamp,idempotency_key\n"
    run(write(tmp_path, "a.csv", header + "s1,add,1,2026-09-01T08:30:00,k-1\n"), "--format", "csv")
    out, _ = run(write(tmp_path, "b.csv", header + "s1,add,0,2026-09-02T08:30:00,k-1\n"), "--format", "csv")
    assert "written: 0" in out
    assert Attempt.objects.get().idempotency_key == "k-1"


@pytest.mark.parametrize("row, reason", [
    ("s3,add,Addition,,1,,2026-09-01T09:00:00Z,abc,0\n", "bad number"),
    ("s3,add,Addition,,,1.5,2026-09-01T09:00:00Z,,\n", "score 1.5 is outside [0, 1]"),
    ("s3,add,Addition,,yes-ish,,2026-09-01T09:00:00Z,,\n", "bad number: correct must be 0/1"),
    ("s3,,Addition,,1,,2026-09-01T09:00:00Z,,\n", "missing column 'skill'"),
    ("s3,add,Addition,,1,,not-a-date,,\n", "bad number"),
    ("s3,add,Addition,,1\n", "missing column 'timestamp'"),
    ("s3,add,Addition,,1,,2026-09-01T09:00:00Z,,,extra\n", "10 values where the header has 9 columns"),
    ("  ,add,Addition,,1,,2026-09-01T09:00:00Z,,\n", "missing column 'student'"),
    ("s3,add,Addition,,1,,nan,,\n", "timestamp 'nan' is not between 1900 and 2100"),
    ("s3,add,Addition,,1,,1788251400000,,\n", "(milliseconds? give seconds)"),
    ("s3," + "k" * 65 + ",Addition,,1,,2026-09-01T09:00:00Z,,\n", "skill is longer than 64 characters"),
    ("s3,add,Addition,,1,,2026-09-01T09:00:00Z,,\x00\n", "NUL byte in the row"),
    ('s3,add,"' + "x" * 140000 + '",,1,,2026-09-01T09:00:00Z,,\n', "unreadable CSV: field larger than field limit"),
])
def test_it_refuses_a_file_with_a_bad_row_naming_its_line(tmp_path, row, reason):
    data = write(tmp_path, "a.csv", CSV_HEADER + CSV_ROWS + row)
    message, errors = refused(data, "--format", "csv")
    assert "1 bad rows; nothing was written" in message
    assert len(errors) == 1 and errors[0].startswith("line 5: ") and reason in errors[0]
    assert Attempt.objects.count() == 0 and Student.objects.count() == 0


def test_it_refuses_undecodable_bytes_with_the_line(tmp_path):
    data = write(tmp_path, "a.csv", (CSV_HEADER + CSV_ROWS).encode() + b"s4,add,\xff\xfe,,1,,2026-09-01,,\n")
    _, errors = refused(data, "--format", "csv")
    assert errors == ["line 5: undecodable bytes at column 8 (the file must be UTF-8)"]
    assert Attempt.objects.count() == 0


def test_it_refuses_a_header_without_a_required_column(tmp_path):
    message, _ = refused(write(tmp_path, "a.csv", "student,skill,correct\ns1,add,1\n"), "--format", "csv")
    assert "line 1: missing column 'timestamp'" in message


def test_it_refuses_an_unknown_format_and_a_missing_file(tmp_path):
    message, _ = refused(write(tmp_path, "a.csv", CSV_HEADER), "--format", "xlsx")
    assert "unknown format 'xlsx'" in message
    message, _ = refused(str(tmp_path / "nope.csv"), "--format", "csv")
    assert "No such file" in message


# metacore.data's reader is tested on every malformed record (tests/metacore/test_data.py); here: that its
# errors become row errors at the file's own line, and the importer's own check (skills file).
@pytest.mark.parametrize("content, line, reason", [
    ("3\n1,1,x\n0,1,1\n", 2, "bad number 'x'"),
    ("3\n1,1\n0,1,1\n", 2, "2 skill ids where line 8 says 3 responses"),
    ("3\n1,1,9\n0,1,1\n", 2, "skill id 9 is not in the skills file"),
    ("3\n1,1,2\n", 1, "incomplete student record at the end of the file (need 3 lines)"),
])
def test_it_refuses_bad_three_line_records(tmp_path, content, line, reason):
    skills = write(tmp_path, "skills.tsv", SKILLS)
    _, errors = refused(write(tmp_path, "d.csv", DKVMN + content), "--format", "dkvmn", "--skills", skills)
    assert errors == [f"line {line + 7}: {reason}"]  # DKVMN fills the first 7 lines
    assert Attempt.objects.count() == 0


def test_it_needs_a_skills_file_for_the_three_line_format(tmp_path):
    message, _ = refused(write(tmp_path, "d.csv", DKVMN), "--format", "dkvmn")
    assert "needs a skills file" in message


def test_it_writes_the_valid_rows_with_skip_invalid(tmp_path):
    bad = "s3,add,Addition,,,7,2026-09-01T09:00:00Z,,\ns4,add,Addition,,1,,2026-09-01T09:00:00Z,-2,\n"
    data = write(tmp_path, "a.csv", CSV_HEADER + CSV_ROWS + bad)
    out, err = run(data, "--format", "csv", "--skip-invalid")
    assert "rows read: 5, written: 3, skipped: 2 (0 already stored, 2 invalid, 0 of erased" in out
    assert err.splitlines() == ["line 5: score 7 is outside [0, 1]", "line 6: duration -2 is negative"]
    assert Attempt.objects.count() == 3
    run_row = ImportRun.objects.get()
    assert (run_row.rows_written, run_row.rows_invalid) == (3, 2)


def test_it_skips_an_undecodable_three_line_record_and_keeps_the_others_aligned(tmp_path):
    skills = write(tmp_path, "skills.tsv", SKILLS)
    data = write(tmp_path, "d.csv", b"2\n1,\xff\n1,1\n" + DKVMN.encode())
    out, err = run(data, "--format", "dkvmn", "--skills", skills, "--skip-invalid")
    assert err.splitlines() == ["line 2: undecodable bytes at column 3 (the file must be UTF-8)"]
    assert "written: 5" in out


def test_it_refuses_an_exercise_of_another_skill(tmp_path):
    header = "student,skill,exercise,correct,timestamp\n"
    data = write(tmp_path, "a.csv", header + "s1,add,q1,1,2026-09-01T08:30:00Z\ns1,frac,q1,1,2026-09-01T08:31:00Z\n")
    _, errors = refused(data, "--format", "csv")
    assert errors == ["line 3: exercise 'q1' belongs to another skill than 'frac'"]


def test_it_names_three_line_students_by_their_place_so_a_fixed_file_imports_cleanly(tmp_path):
    skills = write(tmp_path, "skills.tsv", SKILLS)
    broken = write(tmp_path, "d.csv", "1\n1\n1\n" + "1\n1\n7\n" + "2\n2,2\n1,1\n")
    run(broken, "--format", "dkvmn", "--skills", skills, "--skip-invalid")
    assert sorted(Student.objects.values_list("external_id", flat=True)) == ["d-00001", "d-00003"]
    fixed = write(tmp_path, "d.csv", "1\n1\n1\n" + "1\n1\n0\n" + "2\n2,2\n1,1\n")
    out, _ = run(fixed, "--format", "dkvmn", "--skills", skills)
    assert "written: 1, skipped: 3 (3 already stored" in out
    assert sorted(Student.objects.values_list("external_id", flat=True)) == ["d-00001", "d-00002", "d-00003"]


def test_it_reads_a_record_of_zero_responses(tmp_path):
    skills = write(tmp_path, "skills.tsv", SKILLS)
    out, _ = run(write(tmp_path, "z.csv", "0\n\n\n1\n2\n1\n"), "--format", "dkvmn", "--skills", skills)
    assert "written: 1" in out
    assert list(Student.objects.values_list("external_id", flat=True)) == ["z-00002"]
