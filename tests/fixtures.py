import datetime as dt

import factory
from django.contrib.auth import get_user_model

from learners import models


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
