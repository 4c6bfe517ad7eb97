"""Small, seeded attempt histories in the database for pipeline tests."""
import datetime as dt

import numpy as np

from learners.models import Attempt, Exercise, Skill, Student
from metacore.train import TrainConfig

START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)


def tiny_config(**overrides) -> TrainConfig:
    values = dict(dim=8, hidden=16, head_hidden=16, lr=0.02, epochs=2, patience=2, batch_size=8, window=40, burn_in=5,
                  max_support=20, device="cpu", seed=0)
    return TrainConfig(**(values | overrides))


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


def two_versions(n_students: int = 12):
    """Two trained versions on seeded students, the second one active (whatever champion/challenger said)."""
    from learners import pipeline
    from learners.models import TrainingRun

    seed_attempts(n_students=n_students)
    first = pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    second = pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config(seed=5, epochs=3))
    pipeline.version_activate(version=second, regenerate=False)
    return first, second


def trained_students(settings, media_root, n_students: int) -> list[Student]:
    """Seeded students and an active version trained on them (checkpoints under `media_root`)."""
    from learners import pipeline
    from learners.models import TrainingRun

    settings.MEDIA_ROOT = media_root
    students = seed_attempts(n_students=n_students)
    pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    return students
