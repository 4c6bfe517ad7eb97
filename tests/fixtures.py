"""Every test helper in one place: factories of single rows, seeded attempt histories, and the builders of the
worlds tests share: a trained model on seeded students, and a school with two classrooms, one teacher each,
and a trained model (`trained_school`), and the exercise generators an area registers. The pytest fixtures over
them are in tests/conftest.py. Two helper modules stay apart: tests/metacore/synthetic.py (metacore's tests run
without Django, which this module imports) and tests/browser/helpers.py (Playwright page actions)."""
import datetime as dt
from dataclasses import dataclass
from types import ModuleType

import factory
import numpy as np
from django.contrib.auth import get_user_model

from learners import models, registry
from learners.exercises.problem import GENERATORS, Generator, skill_generators
from learners.models import Attempt, Classroom, Exercise, ModelVersion, Skill, Student, Teacher, TrainingRun
from learners.services import attempts, rosters, training
from metacore.train import TrainConfig, config_from_dict

PASSWORD = "browser-pw-2026"  # of every user the tests sign in as with a password
START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)  # the seeded histories' first attempt


# -- factories: one row each ------------------------------------------------------------------------------
class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.School

    name = factory.Sequence(lambda n: f"School {n}")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Teacher

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Student

    external_id = factory.Sequence(lambda n: f"ext-{n}")
    school = factory.SubFactory(SchoolFactory)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Skill

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Classroom

    name = factory.Sequence(lambda n: f"Class {n}")
    school = factory.SubFactory(SchoolFactory)


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Exercise

    skill = factory.SubFactory(SkillFactory)
    prompt = factory.Sequence(lambda n: f"What is {n} + 1?")
    answer = factory.Sequence(lambda n: str(n + 1))
    answer_kind = models.AnswerKind.NUMBER


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attempt

    student = factory.SubFactory(StudentFactory)
    skill = factory.SubFactory(SkillFactory)
    correct = True
    score = 1.0
    submitted_at = factory.Sequence(lambda n: dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=n))
    idempotency_key = factory.Sequence(lambda n: f"key-{n}")


# -- seeded histories and trained models ------------------------------------------------------------------
def tiny_config(**overrides) -> TrainConfig:
    values = dict(dim=8, hidden=16, head_hidden=16, lr=0.02, epochs=2, patience=2, batch_size=8, window=40, burn_in=5,
                  max_support=20, device="cpu", seed=0)
    return config_from_dict(values | overrides)


def seed_attempts(n_students: int = 40, n_skills: int = 4, per_student: int = 24, seed: int = 0) -> list[Student]:
    """Students of two kinds (strong on even skills or on odd ones) who improve with practice; every skill has an
    exercise (so plans can offer it)."""
    rng = np.random.default_rng(seed)
    skills = [Skill.objects.create(code=f"k{i}", name=f"Skill {i}") for i in range(n_skills)]
    Exercise.objects.bulk_create([Exercise(skill=skill, prompt=f"What is ${i} + 1$?", answer=str(i + 1),
                                           answer_kind="number") for i, skill in enumerate(skills)])
    students, rows = [], []
    for s in range(n_students):
        student = Student.objects.create(external_id=f"sim-{s}")
        students.append(student)
        strong = s % 2
        practice = np.zeros(n_skills)
        for t in range(per_student):
            k = int(rng.integers(n_skills))
            p = 1 / (1 + np.exp(-(-0.5 + (1.5 if k % 2 == strong else -0.5) + 0.3 * practice[k])))
            practice[k] += 1
            correct = bool(rng.random() < p)
            rows.append(Attempt(student=student, skill=skills[k], correct=correct, score=float(correct),
                                submitted_at=START + dt.timedelta(minutes=t), idempotency_key=f"sim-{s}-{t}"))
    Attempt.objects.bulk_create(rows)
    return students


def two_versions(n_students: int = 12) -> tuple[ModelVersion, ModelVersion]:
    """Two trained versions on seeded students, the second one active (whatever champion/challenger said)."""
    seed_attempts(n_students=n_students)
    first = training.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    second = training.model_retrain(run=TrainingRun.objects.create(), config=tiny_config(seed=5, epochs=3))
    registry.version_activate(version=second)
    return first, second


def retrain(**config) -> tuple[TrainingRun, ModelVersion]:
    """A training run with the tiny config (and `config` on top): (the run, the version it made)."""
    run = TrainingRun.objects.create()
    version = training.model_retrain(run=run, config=tiny_config(**config))
    run.refresh_from_db()
    return run, version


def trained_students(settings, media_root, n_students: int) -> list[Student]:
    """Seeded students and an active version trained on them (checkpoints under `media_root`)."""
    settings.MEDIA_ROOT = media_root
    students = seed_attempts(n_students=n_students)
    training.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    return students


def current_plan(student: Student) -> models.StudyPlan:
    return models.StudyPlan.objects.get(student=student, is_current=True)


def practise(students: list[Student], skill: Skill, capture, times: int = 1) -> None:
    """Each student answers `skill` right `times` times; the refreshes and new plans run as on commit
    (`capture`: pytest-django's django_capture_on_commit_callbacks)."""
    with capture(execute=True):
        for _ in range(times):
            for student in students:
                attempts.attempt_record(student=student, skill=skill, correct=True)


# -- the school ----------------------------------------------------------------------------------------------
CLASS_SIZE = 12


@dataclass
class TrainedSchool:
    """Two classrooms of 12 seeded students in one school, one teacher each, and an active trained version: every
    student has a model, neighbours, a cohort and a current plan. Each skill has four exercises."""

    students: list[Student]  # 24: the first 12 in `mine`, the others in `theirs`
    learner: Student  # the first student, who signs in as "ada" (display name "Ada Learner")
    teacher: Teacher  # teaches `mine`; signs in as "mr-t"
    other_teacher: Teacher  # teaches `theirs`; signs in as "ms-o"
    mine: Classroom  # "Class 7A"
    theirs: Classroom  # "Class 7B"
    version: ModelVersion

    @property
    def mine_students(self) -> list[Student]:
        return self.students[:CLASS_SIZE]

    @property
    def their_students(self) -> list[Student]:
        return self.students[CLASS_SIZE:]


def trained_school(settings, media_root) -> TrainedSchool:
    """The school, built as a teacher would find it: trained first, then the people and classrooms."""
    settings.MEDIA_ROOT = media_root
    students = seed_attempts(n_students=2 * CLASS_SIZE)
    for skill in Skill.objects.order_by("pk"):
        ExerciseFactory.create_batch(3, skill=skill)
    version = training.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    learner = students[0]
    learner.user = get_user_model().objects.create_user(username="ada", password=PASSWORD, first_name="Ada")
    learner.display_name = "Ada Learner"
    learner.save()
    teacher = rosters.teacher_create(username="mr-t", password=PASSWORD, first_name="Mr", last_name="T")
    other_teacher = rosters.teacher_create(username="ms-o", password=PASSWORD)
    building = SchoolFactory(name="Hill School")
    mine = rosters.classroom_create(school=building, name="Class 7A", teachers=[teacher],
                                    students=students[:CLASS_SIZE])
    theirs = rosters.classroom_create(school=building, name="Class 7B", teachers=[other_teacher],
                                      students=students[CLASS_SIZE:])
    return TrainedSchool(students=students, learner=learner, teacher=teacher, other_teacher=other_teacher,
                         mine=mine, theirs=theirs, version=version)


# -- exercise generators by area ---------------------------------------------------------------------------
def generator_names(area: ModuleType) -> list[str]:
    """The names of the generators that the area's module registers, sorted."""
    return sorted(name for name, gen in GENERATORS.items() if gen.draw.__module__ == area.__name__)


def area_generators(area: ModuleType, skill: str) -> list[Generator]:
    """The generators of the area's module that practise `skill`."""
    return [gen for gen in skill_generators().get(skill, []) if gen.draw.__module__ == area.__name__]


# -- the JSON API: two schools, a read and a write token each ---------------------------------------------
@dataclass
class ApiSchools:
    """Two schools, each with a classroom, its students, a classroom exercise and a read and a write token
    (`tokens["mine_read"]`, `["mine_write"]`, `["theirs_read"]`, `["theirs_write"]`); `exercise` is the bank's."""

    mine: models.School
    theirs: models.School
    classroom: Classroom
    their_classroom: Classroom
    students: list[Student]
    their_students: list[Student]
    skill: Skill
    exercise: Exercise
    classroom_exercise: Exercise
    their_exercise: Exercise
    tokens: dict[str, str]

    def headers(self, token: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[token]}"}


def api_schools(trained: "TrainedSchool | None" = None) -> ApiSchools:
    """Built from a trained school (its two classrooms become two schools) or from scratch (3 students each)."""
    from learners.services.api_tokens import api_token_create

    mine, theirs = SchoolFactory(name="Api School A"), SchoolFactory(name="Api School B")
    if trained is None:
        classroom, their_classroom = ClassroomFactory(school=mine), ClassroomFactory(school=theirs)
        students, their_students = StudentFactory.create_batch(3, school=mine), StudentFactory.create_batch(3, school=theirs)
        rosters.enroll_students(classroom=classroom, students=students)
        rosters.enroll_students(classroom=their_classroom, students=their_students)
        skill = SkillFactory()
    else:
        classroom, their_classroom = trained.mine, trained.theirs
        students, their_students = trained.mine_students, trained.their_students
        skill = Skill.objects.order_by("pk").first()
    for school, room, people in ((mine, classroom, students), (theirs, their_classroom, their_students)):
        Classroom.objects.filter(pk=room.pk).update(school=school)
        Student.objects.filter(pk__in=[s.pk for s in people]).update(school=school)
        room.school = school
    tokens = {f"{side}_{scope}": api_token_create(school=school, name=f"{side} {scope}", scope=scope)[1]
              for side, school in (("mine", mine), ("theirs", theirs)) for scope in ("read", "write")}
    return ApiSchools(
        mine=mine, theirs=theirs, classroom=classroom, their_classroom=their_classroom,
        students=list(Student.objects.filter(school=mine).order_by("pk")),
        their_students=list(Student.objects.filter(school=theirs).order_by("pk")), skill=skill,
        exercise=ExerciseFactory(skill=skill), classroom_exercise=ExerciseFactory(skill=skill, classroom=classroom),
        their_exercise=ExerciseFactory(skill=skill, classroom=their_classroom), tokens=tokens,
    )
