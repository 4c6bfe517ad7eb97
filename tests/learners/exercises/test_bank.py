"""The exercise bank: every demo skill has generators, every generator an independent computation, and the bank
stores only verified problems, once."""
import pytest

from learners.answers import answer_check
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import FIGURE_SKILLS, GENERATORS, SKILL_ALIASES, skill_generators
from learners.models import AnswerKind, Exercise, Skill
from learners.services.bank import exercise_bank_fill
from learners.services.demo import DATA_DIR

DEMO_SKILLS = [line.split("\t", 1)[1].strip()
               for line in (DATA_DIR / "skills.tsv").read_text().splitlines()[1:] if line.strip()]


def test_it_has_generators_for_every_demo_skill_and_no_other():
    generated = {skill for gen in GENERATORS.values() for skill in gen.skills}
    assert len(DEMO_SKILLS) == 110
    assert set(DEMO_SKILLS) - generated == set(), "demo skills without a generator"
    assert generated - set(DEMO_SKILLS) == set(), "generators for skills the data does not have"
    assert FIGURE_SKILLS <= set(DEMO_SKILLS) and set(SKILL_ALIASES.values()) <= set(DEMO_SKILLS)


def test_every_generator_has_an_independent_computation():
    assert set(GENERATORS) == set(SOLVERS)


@pytest.mark.django_db
def test_it_fills_the_bank_with_verified_exercises_once():
    names = ["Addition Whole Numbers", "Venn Diagram", "Understanding Probability", "Polynomial Factors"]
    skills = [Skill.objects.create(code=str(n), name=name) for n, name in enumerate(names)]
    fill = exercise_bank_fill(per_skill=12, seed=1)
    assert fill.added == 48 and fill.refused == [] and fill.dropped == []
    for skill in skills:
        exercises = list(Exercise.objects.filter(skill=skill))
        assert len(exercises) == 12 and len({e.prompt + e.figure for e in exercises}) == 12
        assert {e.external_id.split("-")[0] for e in exercises} <= {g.name for g in skill_generators()[skill.name]}
        for exercise in exercises:
            typed = str(exercise.choices.index(exercise.answer)) if exercise.answer_kind == AnswerKind.CHOICE \
                else exercise.answer
            assert answer_check(exercise, typed).correct, exercise.prompt
    assert all(e.figure for e in Exercise.objects.filter(skill=skills[1]))  # a Venn diagram is drawn
    before = list(Exercise.objects.order_by("pk").values_list("pk", "prompt", "answer"))
    assert exercise_bank_fill(per_skill=12, seed=1).added == 0
    assert list(Exercise.objects.order_by("pk").values_list("pk", "prompt", "answer")) == before


@pytest.mark.django_db
def test_it_leaves_out_a_generator_whose_answers_disagree_with_their_independent_computation(monkeypatch):
    skill = Skill.objects.create(code="1", name="Greatest Common Factor")
    names = [g.name for g in skill_generators()[skill.name]]
    monkeypatch.setitem(SOLVERS, names[0], lambda params: -1)  # as if the generator computed wrong answers
    fill = exercise_bank_fill(per_skill=12, seed=1)
    assert fill.dropped == [names[0]] and fill.added == 12
    assert not Exercise.objects.filter(external_id__startswith=f"{names[0]}-").exists()
