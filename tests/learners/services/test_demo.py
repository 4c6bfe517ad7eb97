"""The demo school (`learners.services.demo`, `manage.py seed_demo`) on a small made-up dataset in the shipped
format: the real skills.tsv (every ASSISTments skill name) with a few students' responses instead of 325,637."""
import datetime as dt
import functools
import gzip
import io
import re
import shutil

import pytest
from django.core.management import call_command

from learners.services import demo
from learners.exercises.bank import BankFill
from learners.management.commands import seed_demo
from learners.models import Attempt, AttemptSource, Classroom, Skill, Student
from tests.fixtures import AttemptFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.timezone.utc)
CLASS_SIZE = 2  # four classrooms of two
SKILL_IDS = {name: int(number) for number, name in
             (line.split("\t") for line in (demo.DATA_DIR / "skills.tsv").read_text().splitlines()[1:])}
OFF_COURSE = ["Mode", "Addition Whole Numbers", "Table"]  # in neither course


def history(*parts: tuple[str, int]) -> list[str]:
    return [name for name, count in parts for _ in range(count)]


# external id -> skill names practised, in file order. Per grade, four fit its course (two with 80%+ of their
# history on four or more of its skills, two with 90%+ on two of them); then students to pass over.
STUDENTS = {
    "a09-train-00001": history(("Proportion", 8), ("Percent Of", 8), ("Area Circle", 6), ("Counting Methods", 6),
                               ("D.4.8-understanding-concept-of-probabilities", 4), ("Mode", 3)),
    "a09-train-00002": history(("Addition and Subtraction Integers", 10), ("Circumference", 6),
                               ("Unit Rate", 6), ("Solving Inequalities", 6), ("Table", 6)),
    "a09-train-00003": history(("Exponents", 8), ("Scientific Notation", 8), ("Pythagorean Theorem", 8),
                               ("Volume Sphere", 6), ("Addition Whole Numbers", 4)),
    "a09-train-00004": history(("Square Root", 6), ("Slope", 6), ("Translations", 6),
                               ("Effect of Changing Dimensions of a Shape Prportionally", 6), ("Mode", 4)),
    "a09-train-00005": history(("Proportion", 12), ("Multiplication Fractions", 12)),
    "a09-train-00006": history(("Percent Discount", 18), ("Area Irregular Figure", 5), ("Mode", 2)),
    "a09-train-00007": history(("Write Linear Equation from Graph", 15), ("Volume Cylinder", 15)),
    "a09-train-00008": history(("Rotations", 20), ("Reflection", 10)),
    "a09-train-00009": history(("Mode", 20), ("Table", 20), ("Proportion", 5)),  # mostly off course
    "a09-train-00010": history(("Addition Whole Numbers", 30)),  # off course
    "a09-test-00001": history(("Proportion", 10), ("Circumference", 5)),  # too few responses
    "a09-test-00002": history(("Congruence", 12)),  # too few responses
    "a09-test-00003": history(("Equation Solving More Than Two Steps", 12), ("Mode", 18)),  # mostly off course
    "a09-test-00004": history(("Unit Rate", 25)),  # all on course, but one skill: fewer than the others
}
GRADE_7_FIT = {"a09-train-00001", "a09-train-00002", "a09-train-00005", "a09-train-00006"}
GRADE_8_FIT = {"a09-train-00003", "a09-train-00004", "a09-train-00007", "a09-train-00008"}
CODE = re.compile(r"\b[A-Z]\.\d|\d\.\d|\w-\w+-\w")  # "D.4.8-understanding-concept-of-probabilities"


def dkvmn(students: dict[str, list[str]]) -> bytes:
    lines = []
    for skills in students.values():
        lines += [str(len(skills)), ",".join(str(SKILL_IDS[s]) for s in skills),
                  ",".join(str(i % 2) for i in range(len(skills)))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def data_dir(tmp_path):
    shutil.copy(demo.DATA_DIR / "skills.tsv", tmp_path / "skills.tsv")
    for name, prefix in demo.FILES:
        part = {key: skills for key, skills in STUDENTS.items() if key.startswith(prefix)}
        (tmp_path / name).write_bytes(gzip.compress(dkvmn(part)))
    return tmp_path


@pytest.fixture
def seeded(data_dir, monkeypatch):
    monkeypatch.setattr(demo, "exercise_bank_fill", BankFill)  # the bank has its own tests
    return demo.demo_seed(password="pw", data_dir=data_dir, class_size=CLASS_SIZE, now=NOW)


def members(grade: str) -> set[str]:
    return set(Student.objects.filter(classrooms__name__startswith=grade).values_list("external_id", flat=True))


def display_names(names: tuple[str, ...]) -> set[str]:
    return {demo.DISPLAY_NAMES.get(name, name) for name in names}


def test_it_gives_each_grade_a_realistic_course_of_real_skills_with_its_goals():
    data_names = set(SKILL_IDS)
    for course in (demo.GRADE_7, demo.GRADE_8):
        assert 20 <= len(set(course.skills)) == len(course.skills) <= 30
        assert set(course.skills) <= data_names
        assert 6 <= len(set(course.goals)) == len(course.goals) <= 10
        assert set(course.goals) <= set(course.skills)
    assert len(set(demo.GRADE_7.skills) & set(demo.GRADE_8.skills)) <= 5
    assert not set(OFF_COURSE) & set(demo.GRADE_7.skills + demo.GRADE_8.skills)
    assert {course for _, _, course in demo.CLASSROOMS} == {demo.GRADE_7, demo.GRADE_8}


def test_it_sets_each_classrooms_course_and_goal_skills(seeded):
    for name, _, course in demo.CLASSROOMS:
        classroom = Classroom.objects.get(name=name)
        assert set(classroom.skills.values_list("name", flat=True)) == display_names(course.skills)
        assert set(classroom.goal_skills.values_list("name", flat=True)) == display_names(course.goals)
        assert classroom.students.count() == CLASS_SIZE


def test_it_chooses_students_whose_history_is_mostly_on_their_course(seeded):
    assert members("Grade 7") == GRADE_7_FIT
    assert members("Grade 8") == GRADE_8_FIT
    for classroom in Classroom.objects.all():
        course = set(classroom.skills.all())
        for student in classroom.students.all():
            attempts = list(student.attempts.select_related("skill"))
            assert len(attempts) >= demo.MIN_ATTEMPTS
            assert sum(a.skill in course for a in attempts) >= demo.MOSTLY * len(attempts)


def test_it_names_classroom_students_and_keeps_the_demo_logins_names(seeded):
    for classroom in Classroom.objects.all():
        names = list(classroom.students.values_list("display_name", flat=True))
        assert len({part for name in names for part in name.split(" ", 1)}) == 2 * len(names)
        for name in names:
            assert re.fullmatch(r"[^\W\d_][\w'-]* [^\W\d_][\w'-]*", name), name
    logins = dict(Student.objects.filter(user__isnull=False).values_list("user__username", "display_name"))
    assert logins == {"student1": "Grace Hopper", "student2": "Katherine Johnson"}
    outside = Student.objects.filter(classrooms=None)
    assert outside.count() == len(STUDENTS) - 4 * CLASS_SIZE
    assert all(str(student) == student.external_id and not student.display_name for student in outside)


def test_it_makes_up_varied_names_the_same_for_the_same_student():
    taken, names = set(), []
    for index in range(120):
        names.append(demo.made_up_name(f"a09-test-{index:05d}", taken=taken))
        taken.add(names[-1])
    assert len(set(names)) == 120
    assert len({name.split()[0] for name in names}) >= 60 and len({name.split()[-1] for name in names}) >= 60
    assert demo.made_up_name("a09-test-00007", taken=set()) == names[7]
    assert demo.made_up_name("a09-test-00007", taken={names[7]}) != names[7]


def test_it_repeats_no_first_or_family_name_in_a_classroom_of_thirty():
    in_use, names = set(), []
    for index in range(demo.CLASS_SIZE):
        names.append(demo.made_up_name(f"a09-train-{index:05d}", taken=set(), avoid=in_use))
        in_use.update(names[-1].split(" ", 1))
    assert len(in_use) == 2 * len(names)


def test_it_renames_skills_whose_data_names_are_codes_or_misspelt(seeded):
    assert seeded.skills_renamed == len(demo.SKILL_ALIASES) == 10
    names = dict(Skill.objects.values_list("code", "name"))
    assert names[str(SKILL_IDS["D.4.8-understanding-concept-of-probabilities"])] == "Understanding Probability"
    assert names[str(SKILL_IDS["Effect of Changing Dimensions of a Shape Prportionally"])] == (
        "Effect of Changing Dimensions of a Shape Proportionally")
    assert not [name for name in names.values() if CODE.search(name)]
    assert set(demo.SKILL_ALIASES) <= set(names.values())
    assert demo.demo_skill_names() == 0


def test_it_adds_and_changes_nothing_when_seeded_again(data_dir, monkeypatch):
    monkeypatch.setattr(demo, "exercise_bank_fill", BankFill)

    def seed_at(now):
        monkeypatch.setattr(seed_demo, "demo_seed",
                            functools.partial(demo.demo_seed, data_dir=data_dir, class_size=CLASS_SIZE, now=now))

    def state():
        return {
            "students": list(Student.objects.order_by("pk").values_list("pk", "external_id", "display_name",
                                                                      "user_id", "school_id")),
            "attempts": list(Attempt.objects.order_by("pk").values_list("pk", "student_id", "skill_id",
                                                                      "submitted_at")),
            "skills": list(Skill.objects.order_by("pk").values_list("pk", "code", "name")),
            "classrooms": [(c.pk, c.name, sorted(c.skills.values_list("pk", flat=True)),
                            sorted(c.goal_skills.values_list("pk", flat=True)),
                            sorted(c.students.values_list("pk", flat=True)),
                            sorted(c.teachers.values_list("pk", flat=True)))
                           for c in Classroom.objects.order_by("pk")],
        }

    seed_at(NOW)
    call_command("seed_demo", "--train-seconds", "0", "--password", "pw", stdout=io.StringIO())
    first = state()
    seed_at(NOW + dt.timedelta(minutes=20, microseconds=1234))  # later the same day
    out = io.StringIO()
    call_command("seed_demo", "--train-seconds", "0", "--password", "pw", stdout=out)
    assert state() == first
    assert "written: 0" in out.getvalue()


def last_seen(student: Student) -> dt.datetime:
    return student.attempts.order_by("submitted_at").last().submitted_at


def test_it_moves_each_classroom_history_to_end_in_the_last_days(seeded):
    for student in Student.objects.exclude(classrooms=None):
        assert NOW - dt.timedelta(days=9) < last_seen(student) <= NOW
    assert all(last_seen(student).year == 2009 for student in Student.objects.filter(classrooms=None))


def test_it_leaves_the_history_of_a_student_who_practised_on_the_site(seeded, data_dir, monkeypatch):
    monkeypatch.setattr(demo, "exercise_bank_fill", BankFill)
    student = Student.objects.get(user__username="student1")
    AttemptFactory(student=student, skill=student.attempts.first().skill, source=AttemptSource.WEB,
                   submitted_at=NOW + dt.timedelta(minutes=5))
    times = list(student.attempts.order_by("pk").values_list("submitted_at", flat=True))
    other = Student.objects.get(user__username="student2")
    later = NOW + dt.timedelta(days=30)
    demo.demo_seed(password="pw", data_dir=data_dir, class_size=CLASS_SIZE, now=later)
    assert list(student.attempts.order_by("pk").values_list("submitted_at", flat=True)) == times
    assert later - dt.timedelta(days=9) < last_seen(other) <= later
