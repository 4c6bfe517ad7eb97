"""Generated practice exercises: mapped to real skills, deterministic, checkable, written once."""
import pytest

from learners import content
from learners.answers import answer_check
from learners.demo import DATA_DIR
from learners.models import AnswerKind, Exercise
from tests.factories import SkillFactory

ASSIST_SKILLS = {line.split("\t", 1)[1].strip()
                 for line in (DATA_DIR / "skills.tsv").read_text().splitlines()[1:] if line.strip()}


def test_it_maps_only_real_skills_to_generators_that_exist():
    generators = content.generator_functions()
    assert set(content.SKILL_GENERATORS) <= ASSIST_SKILLS
    assert {g for names in content.SKILL_GENERATORS.values() for g in names} <= set(content.GENERATORS)
    assert set(content.GENERATORS) <= set(generators)
    assert len(content.SKILL_GENERATORS) >= 30


def _stored(problem, name):
    return Exercise(prompt=problem.prompt, answer=problem.answer, answer_kind=problem.answer_kind,
                    choices=problem.choices, source=content.SOURCE, external_id=f"{name}-1-0-abc")


def _wrong(exercise):
    if exercise.answer_kind == AnswerKind.CHOICE:
        return str(next(i for i, c in enumerate(exercise.choices) if c != exercise.answer))
    if exercise.answer_kind == AnswerKind.EXPRESSION:
        return "x+12345"
    return "-98765.4321"


@pytest.mark.parametrize("name", sorted(content.GENERATORS))
def test_it_accepts_each_generated_answer_and_refuses_a_wrong_one(name):
    problems = content.generate(name, 5, seed="test")
    assert len(problems) == 5 and len({p.prompt for p in problems}) == 5
    for problem in problems:
        exercise = _stored(problem, name)
        given = str(exercise.choices.index(exercise.answer)) if exercise.choices else exercise.answer
        assert answer_check(exercise, given).correct, (problem, given)
        assert not answer_check(exercise, _wrong(exercise)).correct, problem
        if exercise.answer_kind == AnswerKind.CHOICE:
            assert len(set(exercise.choices)) == len(exercise.choices) >= 2


def test_it_generates_the_same_problems_for_the_same_seed_and_leaves_random_as_it_was():
    import random

    random.seed(7)
    expected_next = random.random()
    random.seed(7)
    first = content.generate("linear_equations", 4, seed="a")
    assert random.random() == expected_next
    assert content.generate("linear_equations", 4, seed="a") == first
    assert content.generate("linear_equations", 4, seed="b") != first


@pytest.mark.django_db
def test_it_fills_the_bank_for_mapped_skills_once():
    mapped = SkillFactory(code="22", name="Addition Whole Numbers")
    shared = SkillFactory(code="87", name="Greatest Common Factor")
    SkillFactory(code="6", name="Stem and Leaf Plot")  # no generator fits it
    assert content.exercise_bank_fill(per_skill=4, seed=1) == 8
    assert Exercise.objects.filter(skill=mapped, source="mathgenerator").count() == 4
    generators = {e.split("-")[0] for e in Exercise.objects.filter(skill=shared).values_list("external_id", flat=True)}
    assert generators == {"gcd", "hcf"}
    before = list(Exercise.objects.order_by("pk").values_list("pk", "prompt", "answer"))
    assert content.exercise_bank_fill(per_skill=4, seed=1) == 0
    assert list(Exercise.objects.order_by("pk").values_list("pk", "prompt", "answer")) == before


@pytest.mark.django_db
def test_it_gives_every_mapped_demo_skill_exercises_whose_stored_answers_are_accepted():
    from learners.models import Skill

    for line in (DATA_DIR / "skills.tsv").read_text().splitlines()[1:]:
        code, name = line.split("\t")
        Skill.objects.create(code=code, name=name.strip())
    assert content.exercise_bank_fill(per_skill=3, seed=5) == 3 * len(content.SKILL_GENERATORS)
    for exercise in Exercise.objects.select_related("skill"):
        assert exercise.skill.name in content.SKILL_GENERATORS
        given = str(exercise.choices.index(exercise.answer)) if exercise.choices else exercise.answer
        assert answer_check(exercise, given).correct, exercise
