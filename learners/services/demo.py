"""The demo school: real ASSISTments 2009 responses (shipped in learners/data), made-up people and times.

Idempotent: running it again adds nothing that is already there, and changes nothing on the same day.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from learners import registry
from learners.exercises.problem import SKILL_ALIASES
from learners.importers import ImportReport, import_attempts, read_skill_names
from learners.models import (Attempt, AttemptSource, Classroom, ModelVersion, School, Skill, Student, Teacher,
                             TrainingRun)
from learners.services import rosters, training
from learners.services.bank import exercise_bank_fill

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "assist2009"
SCHOOL_NAME = "Riverside Middle School"
TEACHERS = [("teacher1", "Ada", "Lovelace"), ("teacher2", "Alan", "Turing")]


@dataclass(frozen=True)
class Course:
    """A year's course: its skills (names as in skills.tsv) and the goal skills its plans aim at."""

    skills: tuple[str, ...]
    goals: tuple[str, ...]


GRADE_7 = Course(
    skills=(
        # ratios, proportions and percents
        "Proportion", "Unit Rate", "Calculations with Similar Figures", "Scale Factor", "Percent Of",
        "Finding Percents", "Percent Discount", "Conversion of Fraction Decimals Percents",
        # operations with rational numbers
        "Addition and Subtraction Integers", "Multiplication and Division Integers", "Absolute Value",
        "Addition and Subtraction Fractions", "Multiplication Fractions", "Division Fractions",
        "Multiplication and Division Positive Decimals", "Order of Operations All",
        # expressions and equations
        "Equation Solving Two or Fewer Steps", "Solving Inequalities",
        # geometry
        "Circumference", "Area Circle", "Complementary and Supplementary Angles", "Area Irregular Figure",
        "Surface Area Rectangular Prism", "Volume Rectangular Prism",
        # probability and statistics
        "Probability of a Single Event", "Probability of Two Distinct Events", "Counting Methods",
        "D.4.8-understanding-concept-of-probabilities", "Box and Whisker",
    ),
    goals=(
        "Proportion", "Percent Of", "Addition and Subtraction Integers", "Multiplication and Division Integers",
        "Equation Solving Two or Fewer Steps", "Circumference", "Area Circle", "Probability of Two Distinct Events",
    ),
)
GRADE_8 = Course(
    skills=(
        # the number system: exponents, roots, real numbers
        "Exponents", "Scientific Notation", "Square Root", "Ordering Real Numbers",
        # equations and linear relationships
        "Order of Operations All", "Equation Solving Two or Fewer Steps", "Equation Solving More Than Two Steps",
        "Solving for a variable", "Solving Inequalities", "Pattern Finding", "Write Linear Equation from Situation",
        "Write Linear Equation from Graph", "Write Linear Equation from Ordered Pairs", "Slope",
        "Solving Systems of Linear Equations", "Solving Systems of Linear Equations by Graphing", "Scatter Plot",
        # geometry
        "Pythagorean Theorem", "Translations", "Reflection", "Rotations", "Congruence",
        "Angles on Parallel Lines Cut by a Transversal", "Interior Angles Triangle",
        "Interior Angles Figures with More than 3 Sides", "Volume Cylinder", "Volume Sphere",
        "Effect of Changing Dimensions of a Shape Prportionally",
    ),
    goals=(
        "Exponents", "Scientific Notation", "Square Root", "Pythagorean Theorem",
        "Equation Solving More Than Two Steps", "Write Linear Equation from Graph",
        "Solving Systems of Linear Equations", "Volume Cylinder", "Angles on Parallel Lines Cut by a Transversal",
    ),
)
CLASSROOMS = [  # (name, teacher username, course)
    ("Grade 7 · Period 1", "teacher1", GRADE_7),
    ("Grade 7 · Period 2", "teacher1", GRADE_7),
    ("Grade 8 · Period 3", "teacher2", GRADE_8),
    ("Grade 8 · Period 4", "teacher2", GRADE_8),
]
CLASS_SIZE = 30
MIN_ATTEMPTS = 20  # a classroom student's history has at least this many responses ...
MOSTLY = 0.6  # ... and, where the data allows, at least this share of them on the course's skills
WIDE = 8  # beyond this many course skills practised, a wider history ranks no higher
DEMO_STUDENTS = [("student1", "Grace Hopper"), ("student2", "Katherine Johnson")]
FILES = [("train.csv.gz", "a09-train-"), ("test.csv.gz", "a09-test-")]
DISPLAY_NAMES = {data_name: display for display, data_name in SKILL_ALIASES.items()}

# Made-up names for classroom students: (weight, first names, family names) of the communities of a city school.
NAME_POOLS = [
    (4, ("Emma", "Olivia", "Madison", "Abigail", "Chloe", "Hannah", "Lily", "Nora", "Ethan", "Noah", "Liam", "Mason",
         "Logan", "Tyler", "Caleb", "Owen", "Jack", "Dylan"),
        ("Miller", "Bennett", "Carter", "Brooks", "Foster", "Hughes", "Parker", "Reed", "Hayes", "Morgan", "Ellis",
         "Fletcher", "Porter", "Whitaker")),
    (3, ("Jasmine", "Aaliyah", "Imani", "Destiny", "Kiara", "Nia", "Tiana", "Jalen", "Malik", "Darius", "Isaiah",
         "Andre", "Terrell", "Marcus"),
        ("Washington", "Robinson", "Harris", "Coleman", "Jenkins", "Banks", "Freeman", "Simmons", "Gaines", "Dawson",
         "Mitchell", "Bryant")),
    (4, ("Sofía", "Valentina", "Camila", "Isabella", "Mariana", "Gabriela", "Daniela", "Ximena", "Mateo", "Santiago",
         "Alejandro", "Luis", "Carlos", "Adrián", "Javier", "José"),
        ("García", "Rodríguez", "Martínez", "Hernández", "López", "Pérez", "Reyes", "Torres", "Ramírez", "Flores",
         "Morales", "Ortiz", "Castillo", "Medina")),
    (1, ("João", "Lucas", "Gabriel", "Rafael", "Thiago", "Beatriz", "Larissa", "Letícia", "Ana", "Júlia"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira", "Carvalho", "Barbosa")),
    (1, ("Minh", "Linh", "Khoa", "Thao", "Bao", "Huy", "Ngoc", "Duc", "Mai", "Tuan", "Vy", "Kevin", "Tina"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Ngo")),
    (1, ("Wei", "Mei", "Zihan", "Yuxuan", "Hao", "Xin", "Emily", "Vivian", "Jason", "Eric", "Michelle", "Andy"),
        ("Chen", "Wang", "Zhang", "Liu", "Huang", "Lin", "Zhao", "Wu", "Zhou", "Xu")),
    (1, ("Aarav", "Priya", "Ananya", "Rohan", "Arjun", "Diya", "Ishaan", "Kavya", "Neha", "Vikram", "Saanvi", "Aditya",
         "Riya", "Dev"),
        ("Patel", "Shah", "Sharma", "Gupta", "Iyer", "Reddy", "Nair", "Desai", "Mehta", "Rao", "Chaudhry")),
    (1, ("Kwame", "Ama", "Kofi", "Abena", "Yaw", "Efua", "Kojo", "Akosua", "Chinedu", "Adaeze", "Emeka", "Nneka",
         "Tobi", "Funmi"),
        ("Mensah", "Boateng", "Owusu", "Asante", "Adjei", "Okafor", "Adeyemi", "Eze", "Nwosu", "Bello")),
    (1, ("Omar", "Layla", "Yusuf", "Amira", "Karim", "Noor", "Zaid", "Rania", "Samir", "Yasmin", "Hana", "Adam"),
        ("Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Hakim", "Aziz", "Khoury", "Saad")),
    (1, ("Arben", "Elira", "Dardan", "Besa", "Drilon", "Arta", "Leart", "Blerta", "Ilir", "Era"),
        ("Krasniqi", "Gashi", "Shala", "Morina", "Hoti", "Dervishi", "Kelmendi", "Berisha")),
    (1, ("Min-jun", "Seo-yeon", "Ji-woo", "Ha-eun", "Jae", "Hyun", "Daniel", "Sarah", "Joon", "Yuna"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Yoon", "Han")),
    (1, ("Sean", "Bridget", "Declan", "Siobhan", "Aidan", "Nico", "Gianna", "Marco", "Francesca", "Luca", "Tessa"),
        ("O'Brien", "Gallagher", "Flanagan", "Brennan", "Russo", "Romano", "Ricci", "Conti", "Esposito", "Marino")),
]


@dataclass
class DemoSummary:
    imports: list[ImportReport] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, password)
    version: ModelVersion | None = None
    exercises: int = 0  # practice exercises added
    skills_renamed: int = 0


def demo_import(*, data_dir: Path = DATA_DIR, progress: Callable[[int], None] | None = None) -> list[ImportReport]:
    with open(data_dir / "skills.tsv", "rb") as stream:
        names = read_skill_names(stream)
    reports = []
    for name, prefix in FILES:
        with gzip.open(data_dir / name, "rb") as stream:
            reports.append(import_attempts(stream=stream, file_format="dkvmn", file_name=f"demo:{name}",
                                           skill_names=names, student_prefix=prefix, source="demo",
                                           progress=progress))
    # every skill of the data, practised or not (a course may list one nobody has practised yet)
    Skill.objects.bulk_create([Skill(code=str(number), name=name) for number, name in names.items()],
                              ignore_conflicts=True)
    return reports


@transaction.atomic
def demo_skill_names() -> int:
    """Give the skills whose data name is a code or misspelt their display name (SKILL_ALIASES). Returns how
    many were renamed; the exercise bank matches a skill by either name."""
    return sum(Skill.objects.filter(name=data_name).update(name=display)
               for data_name, display in DISPLAY_NAMES.items())


def made_up_name(key: str, *, taken: Collection[str], avoid: Collection[str] = ()) -> str:
    """A first and family name from one community's pool, the same for the same arguments: never one in `taken`,
    and neither of its names in `avoid` (a classroom's names in use)."""
    pools = [(firsts, lasts) for weight, firsts, lasts in NAME_POOLS for _ in range(weight)]
    for salt in range(10_000):
        number = int.from_bytes(hashlib.sha256(f"{key}:{salt}".encode()).digest()[:8], "big")
        number, pool = divmod(number, len(pools))
        firsts, lasts = pools[pool]
        number, first = divmod(number, len(firsts))
        first, last = firsts[first], lasts[number % len(lasts)]
        if f"{first} {last}" not in taken and first not in avoid and last not in avoid:
            return f"{first} {last}"
    raise ValueError("no made-up name left")


def _login(username: str, password: str, *, group: str, first: str, last: str, staff: bool = False):
    user, _ = get_user_model().objects.get_or_create(username=username,
                                                     defaults={"first_name": first, "last_name": last})
    user.set_password(password)
    user.is_staff = user.is_superuser = staff
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def course_skills(names: tuple[str, ...]) -> list[Skill]:
    """The stored skills of a course, found by their data or display name."""
    wanted = set(names) | {DISPLAY_NAMES[n] for n in names if n in DISPLAY_NAMES}
    skills = list(Skill.objects.filter(name__in=wanted))
    if len(skills) != len(names):
        found = {s.name for s in skills}
        missing = [n for n in names if n not in found and DISPLAY_NAMES.get(n) not in found]
        raise ValueError(f"course skills missing from the data: {missing}")
    return skills


def course_students(*, school: School, skills: list[Skill], count: int, exclude: set[int]) -> list[int]:
    """`count` of the school's data students, best first: those whose (imported) history is mostly on the course's
    skills, then those who practised more of them, then the larger share; ties by external id."""
    imported = Q(attempts__source=AttemptSource.DEMO)
    on_course = imported & Q(attempts__skill__in=skills)
    rows = (Student.objects.filter(school=school, external_id__startswith="a09-").exclude(pk__in=exclude)
            .annotate(total=Count("attempts", filter=imported), on_course=Count("attempts", filter=on_course),
                      practised=Count("attempts__skill", filter=on_course, distinct=True))
            .filter(total__gte=MIN_ATTEMPTS)
            .values_list("pk", "external_id", "total", "on_course", "practised"))

    def rank(row):
        _pk, external_id, total, on, practised = row
        share = on / total
        return share < MOSTLY, -min(practised, WIDE), -share, external_id

    return [row[0] for row in sorted(rows, key=rank)[:count]]


def _fill_classrooms(*, school: School, class_size: int) -> None:
    """Members for the demo classrooms that have none, chosen for their course; classrooms with members keep them."""
    taken = set(Student.objects.filter(school=school, classrooms__isnull=False).values_list("pk", flat=True))
    for course in (GRADE_7, GRADE_8):
        names = [name for name, _, course_of in CLASSROOMS if course_of == course]
        empty = [c for c in Classroom.objects.filter(school=school, name__in=names).order_by("name")
                 if not c.students.exists()]
        chosen = course_students(school=school, skills=course_skills(course.skills),
                                 count=class_size * len(empty), exclude=taken)
        taken.update(chosen)
        for index, classroom in enumerate(empty):  # dealt in turn, so the periods are alike
            rosters.enroll_students(classroom=classroom,
                                    students=Student.objects.filter(pk__in=chosen[index::len(empty)]))


def _name_students(*, school: School) -> None:
    """A made-up name for each classroom student without one (in external id order): unique in the school, and
    no first or family name twice in a classroom."""
    taken = set(Student.objects.filter(school=school).exclude(display_name="").values_list("display_name", flat=True))
    for classroom in Classroom.objects.filter(school=school).order_by("name"):
        students = list(classroom.students.exclude(external_id=None).order_by("external_id"))
        in_use = {part for s in students for part in s.display_name.split(" ", 1) if s.display_name}
        for student in students:
            if not student.display_name:
                student.display_name = made_up_name(student.external_id, taken=taken, avoid=in_use)
                taken.add(student.display_name)
                in_use.update(student.display_name.split(" ", 1))
                student.save(update_fields=["display_name"])


@transaction.atomic
def demo_people(*, password: str, class_size: int = CLASS_SIZE,
                now: dt.datetime | None = None) -> list[tuple[str, str, str]]:
    school, _ = School.objects.get_or_create(name=SCHOOL_NAME)
    Student.objects.filter(external_id__startswith="a09-", school__isnull=True).update(school=school)
    logins = [("staff", "admin", password)]
    _login("admin", password, group="", first="Site", last="Admin", staff=True)
    teachers = {}
    for username, first, last in TEACHERS:
        user = _login(username, password, group=rosters.TEACHER_GROUP, first=first, last=last)
        teachers[username] = Teacher.objects.get_or_create(user=user, defaults={"school": school})[0]
        logins.append(("teacher", username, password))
    for name, teacher, course in CLASSROOMS:
        classroom, _ = Classroom.objects.get_or_create(school=school, name=name)
        classroom.teachers.add(teachers[teacher])
        classroom.skills.set(course_skills(course.skills))
        classroom.goal_skills.set(course_skills(course.goals))
    _fill_classrooms(school=school, class_size=class_size)
    members = list(Student.objects.filter(classrooms__school=school).values_list("pk", flat=True).distinct())
    bring_up_to_date(student_pks=members, now=now or timezone.now())
    first_class = Classroom.objects.get(school=school, name=CLASSROOMS[0][0])
    for (username, display_name), student in zip(DEMO_STUDENTS, first_class.students.order_by("external_id")):
        first, _, last = display_name.partition(" ")
        student.user = _login(username, password, group=rosters.STUDENT_GROUP, first=first, last=last)
        student.display_name = display_name
        student.save(update_fields=["user", "display_name"])
        logins.append(("student", username, password))
    _name_students(school=school)
    return logins


def bring_up_to_date(*, student_pks: list[int], now: dt.datetime) -> None:
    """Move each classroom student's made-up history (2009-10) so that it ends 0 to 8 days before `now`
    (the same offset for every attempt of a student, so their order and spacing stay): the dashboards
    then show recent practice, and a few inactive students. Repeatable: it lands on the same days, at the
    same times. A student who has practised on the site (any attempt not from the demo data) is left as is."""
    practised_here = Attempt.objects.filter(student_id__in=student_pks).exclude(source=AttemptSource.DEMO)
    last_seen = dict(Attempt.objects.filter(student_id__in=student_pks)
                     .exclude(student_id__in=practised_here.values("student_id"))
                     .values("student_id").annotate(last=Max("submitted_at")).values_list("student_id", "last"))
    for pk, last in last_seen.items():
        days_ago = zlib.crc32(str(pk).encode()) % 9
        target = (now - dt.timedelta(days=days_ago)).replace(hour=last.hour, minute=last.minute, second=last.second,
                                                             microsecond=last.microsecond)
        if target != last:
            Attempt.objects.filter(student_id=pk).update(submitted_at=F("submitted_at") + (target - last))


def demo_model(*, train_seconds: float) -> ModelVersion | None:
    """A first model version trained for at most `train_seconds`, unless one is active already: every
    demo student then has a model and a study plan (a nightly retraining improves it)."""
    active = registry.active_version()
    if train_seconds <= 0 or active is not None:
        return active
    config = training.training_config(max_seconds=train_seconds)
    return training.model_retrain(run=TrainingRun.objects.create(), config=config)


def demo_seed(*, password: str, progress: Callable[[int], None] | None = None, data_dir: Path = DATA_DIR,
              class_size: int = CLASS_SIZE, now: dt.datetime | None = None) -> DemoSummary:
    summary = DemoSummary(imports=demo_import(data_dir=data_dir, progress=progress))
    summary.skills_renamed = demo_skill_names()
    summary.logins = demo_people(password=password, class_size=class_size, now=now)
    summary.exercises = exercise_bank_fill().added  # before any plan is made, so plan items get exercises
    return summary
