"""Study plans in the product: generated from each student's model, versioned, kept through practice."""
import pytest

from learners.models import Exercise, PlanReason, Skill, Student, StudentNeighbour, StudyPlan
from learners import registry
from learners.services import plans
from tests.fixtures import ClassroomFactory, current_plan, practise

pytestmark = pytest.mark.django_db


def test_it_gives_every_student_a_plan_when_a_version_becomes_active(trained):
    assert StudyPlan.objects.filter(is_current=True).count() == len(trained)
    plan = current_plan(trained[0])
    items = list(plan.items.order_by("position"))
    assert len(items) == 30 and [i.position for i in items] == list(range(30))
    assert {i.session for i in items} == {0, 1, 2}
    assert {i.reason for i in items} <= set(PlanReason.values)
    assert all(0 < i.p_success < 1 for i in items)
    assert set(plan.forecast_with_plan) == set(plan.forecast_without_plan) == {str(s) for s in plan.goal_skills}


def test_it_aims_at_the_classrooms_course_skills(trained):
    skill = Skill.objects.order_by("pk").first()
    classroom = ClassroomFactory()
    classroom.skills.add(skill)
    classroom.students.add(trained[0])
    plan = plans.plan_regenerate(student=trained[0])
    assert plan.goal_skills == [skill.pk] and list(plan.forecast_with_plan) == [str(skill.pk)]


def test_it_makes_a_new_plan_version_as_the_student_practises(trained, django_capture_on_commit_callbacks):
    first = current_plan(trained[0])
    practise(trained[:1], Skill.objects.first(), times=2, capture=django_capture_on_commit_callbacks)
    latest = current_plan(trained[0])
    assert latest.number == first.number + 2
    assert StudyPlan.objects.filter(student=trained[0]).count() == first.number + 2
    assert StudyPlan.objects.get(pk=first.pk).is_current is False


def test_it_plans_from_the_population_prior_for_a_new_student(trained):
    newcomer = Student.objects.create(external_id="new")
    plan = plans.plan_regenerate(student=newcomer)
    assert plan.items.count() == 30 and plan.number == 1


def test_it_aims_at_the_classrooms_goal_skills_when_it_has_some(trained):
    course = list(Skill.objects.order_by("pk"))
    classroom = ClassroomFactory()
    classroom.skills.set(course)
    classroom.goal_skills.set(course[1:2])
    classroom.students.add(trained[0])
    assert plans.plan_regenerate(student=trained[0]).goal_skills == [course[1].pk]


def test_it_plans_only_skills_with_exercises_and_lists_other_goals_for_class(trained):
    course = list(Skill.objects.order_by("pk"))
    Exercise.objects.filter(skill=course[0]).delete()
    classroom = ClassroomFactory()
    classroom.skills.set(course)
    classroom.students.add(trained[0])
    plan = plans.plan_regenerate(student=trained[0])
    assert plan.items.exists() and not plan.items.filter(skill=course[0]).exists()
    assert plan.in_class == [course[0].pk]


def test_it_keeps_the_rest_of_todays_session_as_shown_while_the_student_practises(
        trained, django_capture_on_commit_callbacks):
    student = trained[0]
    shown = list(current_plan(student).items.filter(session=0).order_by("position").values_list("skill_id", flat=True))
    for step in range(3):
        practise([student], Skill.objects.get(pk=shown[step]), capture=django_capture_on_commit_callbacks)
    today = list(current_plan(student).items.filter(session=0).order_by("position"))
    assert [i.skill_id for i in today] == shown
    assert [i.done for i in today] == [True] * 3 + [False] * (len(shown) - 3)
    assert current_plan(student).number == 4


def test_it_plans_with_the_prerequisites_of_the_students_school_only(trained):
    from learners.services.prerequisites import skill_prerequisite_set

    goal, *others = Skill.objects.order_by("pk")
    student, rooms = trained[0], [ClassroomFactory(), ClassroomFactory()]  # two schools
    rooms[0].skills.add(goal)
    rooms[0].students.add(student)
    Student.objects.filter(pk=student.pk).update(school=None)  # their school: their classroom's
    assert plans.student_schools([student.pk, trained[1].pk]) == {student.pk: rooms[0].school_id,
                                                                  trained[1].pk: trained[1].school_id}

    def plan_after_links_in(*schools):
        for school in schools:
            for prerequisite in others:
                skill_prerequisite_set(school=school, skill=goal, prerequisite=prerequisite, required=True, by=None)
        return list(plans.plan_regenerate(student=student).items.order_by("position").values_list(
            "session", "skill", "reason"))

    before = plan_after_links_in()
    assert plan_after_links_in(rooms[1].school) == before  # another school's links change nothing here
    assert plan_after_links_in(rooms[0].school) != before


def test_it_takes_the_learning_gain_from_the_versions_learning_curve(trained, monkeypatch):
    engine = registry.version_engine(registry.active_version())
    assert len(engine.online_prior["slope"]) == Skill.objects.count()  # fitted when the version was trained
    rising = [i.expected_gain for i in plans.plan_regenerate(student=trained[0]).items.all()]
    assert max(rising) > 0.0
    flat = {**engine.online_prior, "slope": [0.0] * len(engine.vocabulary)}
    monkeypatch.setitem(engine.checkpoint, "online_prior", flat)
    assert StudentNeighbour.objects.filter(student=trained[0]).exists()
    flat = [i.expected_gain for i in plans.plan_regenerate(student=trained[0]).items.all()]
    assert len(flat) == 30 and all(gain == 0.0 for gain in flat)  # neither their nor their neighbours' generated gains


def test_it_blends_in_the_neighbours_gains_only_under_a_version_trained_before_the_learning_curve(trained,
                                                                                                   monkeypatch):
    engine = registry.version_engine(registry.active_version())
    monkeypatch.setitem(engine.checkpoint, "online_prior", None)  # as a version trained before 2026-12-01

    def gains():
        return [i.expected_gain for i in plans.plan_regenerate(student=trained[0]).items.all()]

    with_neighbours = gains()
    StudentNeighbour.objects.filter(student=trained[0]).delete()
    assert gains() != with_neighbours


def bank_of_four(skill: Skill) -> list[int]:
    """The skill's bank: its seeded exercise and three more, in pk order."""
    for n in range(3):
        Exercise.objects.create(skill=skill, prompt=f"What is ${n} + 10$?", answer=str(n + 10), answer_kind="number")
    return list(Exercise.objects.filter(skill=skill).order_by("pk").values_list("pk", flat=True))


def skill_items(student: Student, skill: Skill) -> list:
    """The items of `skill` in a new plan of the student's (none kept from an earlier plan of today's)."""
    StudyPlan.objects.filter(student=student).delete()
    return list(plans.plan_regenerate(student=student).items.filter(skill=skill).order_by("position"))


def test_it_gives_each_item_the_exercise_whose_chance_lies_nearest_the_band(trained, monkeypatch):
    from learners.engine import BAND_MIDDLE
    from metacore.functional import logit

    skill = Skill.objects.order_by("pk").first()
    bank = bank_of_four(skill)
    before = skill_items(trained[0], skill)
    assert len(before) >= 2 and before[0].exercise_id == bank[0]  # no offsets (no attempt named an exercise): in turn
    assert len({i.exercise_id for i in before[:4]}) == min(4, len(before))
    offsets = [0.0, 2.5, -2.5, 0.8]  # bank[1] much easier than its skill, bank[2] much harder
    engine = registry.version_engine(registry.active_version())
    monkeypatch.setitem(engine.checkpoint, "exercise_offsets", {"ids": bank, "offset": offsets})
    orders = []
    for student in trained[:6]:
        items, left = skill_items(student, skill), dict(zip(bank, offsets))
        orders.append([i.exercise_id for i in items[:4]])
        for item in items[:4]:
            distance = {pk: abs(logit(item.p_success) + off - logit(BAND_MIDDLE))
                        for pk, off in left.items()}
            assert item.exercise_id == min(distance, key=distance.get)
            del left[item.exercise_id]  # each exercise once while the bank has others
    assert any(order[:2] != bank[:2] for order in orders)  # not the bank's order


def test_it_gives_no_exercise_the_student_answered_lately_while_the_bank_has_others(trained):
    from learners.services.attempts import attempt_record

    skill = Skill.objects.order_by("pk").first()
    bank = bank_of_four(skill)
    student = trained[0]
    attempt_record(student=student, exercise=Exercise.objects.get(pk=bank[0]), correct=True)
    attempt_record(student=student, exercise=Exercise.objects.get(pk=bank[2]), correct=False)
    items = skill_items(student, skill)
    assert [i.exercise_id for i in items[:2]] == [bank[1], bank[3]]  # not answered lately, in the bank's order
    assert [i.exercise_id for i in items[2:4]] == [bank[0], bank[2]][:len(items[2:4])]
