"""A roster file checked before anything is written: every row with what is wrong with it, by line and column."""
import pytest

from learners.selectors.rosters import MAX_ROSTER_ROWS, roster_check, upload_students
from learners.services import rosters
from tests.fixtures import StudentFactory, UserFactory, roster_csv, teacher_with_classroom

pytestmark = pytest.mark.django_db


def errors_by_line(check) -> dict[int, list[str]]:
    return {row.line: row.errors for row in check.rows if row.errors}


def test_it_accepts_a_good_roster_and_writes_nothing():
    check = roster_check(roster_csv(3))
    assert check.ok and [r.username for r in check.rows] == ["kid01", "kid02", "kid03"]
    assert not UserFactory._meta.model.objects.exists()


def test_it_says_which_row_and_column_is_wrong():
    UserFactory(username="taken")
    content = ("name,username,password\n"
               "Ana,ana,\n"
               ",bo,\n"  # no name
               "Cy,ANA,\n"  # the same username as line 2
               "Di,taken,\n"
               "Ed,e d,\n"  # a space
               "Flo,flo,123\n"  # a password the site refuses
               "Gus,gus,,extra\n").encode()
    check = roster_check(content)
    assert not check.ok and check.bad_rows == 6
    bad = errors_by_line(check)
    assert bad[3] == ["Column name: the name is missing."]
    assert bad[4] == ["Column username: “ANA” is also on line 2."]
    assert bad[5] == ["Column username: “taken” is taken."]
    assert bad[6][0].startswith("Column username: Enter a valid username.")
    assert all(e.startswith("Column password:") for e in bad[7]) and bad[7]
    assert bad[8] == ["4 values where the header has 3 columns."]


@pytest.mark.parametrize("content, message", [
    (b"name,user\nAna,ana\n", "Line 1: unknown column “user”"),
    (b"name\nAna\n", "Line 1: the column “username” is missing"),
    (b"name,username,name\n", "Line 1: the column “name” is there twice."),
    (b"name,username\nAna,a\x00na\n", "Line 2 holds a NUL byte"),
    ("name,username\nAnaïs,anais\n".encode("latin-1"), "Line 2 is not UTF-8 text"),
    (b"name,username\n" + b"x" * 300_000, "The file is larger than 200 kB."),
    (roster_csv(MAX_ROSTER_ROWS + 1), f"The file has {MAX_ROSTER_ROWS + 1} students; at most {MAX_ROSTER_ROWS}"),
])
def test_it_refuses_a_file_it_cannot_use_with_a_clear_message(content, message):
    check = roster_check(content)
    assert not check.ok and check.file_errors[0].startswith(message), check.file_errors


def test_an_empty_file_or_blank_lines_add_nobody():
    assert not roster_check(b"").ok
    check = roster_check(b"name,username\n\n , \n")
    assert not check.ok and check.rows == []


def test_a_teachers_upload_may_name_only_students_of_their_classrooms_by_username_or_external_id():
    teacher, room = teacher_with_classroom()
    [ana] = rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("Ana", "ana")])
    known = StudentFactory(external_id="x-1")
    rosters.enroll_students(classroom=room, students=[known])
    StudentFactory(external_id="elsewhere")
    assert upload_students(teacher.user) == {"ana": ana.student.pk, "x-1": known.pk}
