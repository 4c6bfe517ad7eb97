"""The Practice page: the next plan item, one exercise, the answer checked and recorded once, then the next."""
import datetime as dt
import re
import time
import uuid

import pytest
from django.db.models import F
from django.urls import reverse

from learners import registry
from learners.models import AnswerKind, Attempt, Exercise, PlanItem, PlanReason, Student, StudentModel, StudyPlan
from learners.services import plans, rosters
from portal.practice_keys import practice_key_issue
from tests.fixtures import ClassroomFactory, ExerciseFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def plan_for(student, skills):
    plan = StudyPlan.objects.create(student=student, number=1, is_current=True)
    for position, skill in enumerate(skills):
        PlanItem.objects.create(plan=plan, position=position, session=0, skill=skill, reason=PlanReason.READY)
    return plan


@pytest.fixture
def learner(client):
    student = rosters.student_create(username="pupil", display_name="Pupil One")
    skills = [SkillFactory(name=name) for name in ("Addition", "Subtraction", "Mode")]
    exercises = [ExerciseFactory(skill=skill, prompt=f"${n}+1=$", answer=str(n + 1))
                 for n, skill in enumerate(skills, start=40)]
    plan_for(student, skills)
    client.force_login(student.user)
    return {"student": student, "skills": skills, "exercises": exercises}


def form_of(page: str) -> dict:
    fields = dict(re.findall(r'<input type="hidden" name="(item|exercise|key|started)" value="([^"]*)"', page))
    assert set(fields) == {"item", "exercise", "key", "started"}, page
    return fields


def show(client) -> str:
    answer = client.get(reverse("practice"))
    assert answer.status_code == 200
    return answer.content.decode()


def test_it_walks_a_student_through_their_plan_recording_each_answer(client, learner):
    answers = {"$40+1=$": "41", "$41+1=$": "7", "$42+1=$": " 43.0 "}  # right, wrong, right
    for skill in learner["skills"]:
        page = show(client)
        assert f"<h2>{skill.name}</h2>" in page
        prompt = next(p for p in answers if p in page)
        feedback = client.post(reverse("practice"), form_of(page) | {"answer": answers[prompt]}).content.decode()
        assert "Next exercise" in feedback
    attempts = list(Attempt.objects.filter(student=learner["student"]).order_by("pk"))
    assert [(a.skill, a.exercise, a.correct, a.source) for a in attempts] == [
        (skill, exercise, correct, "web")
        for skill, exercise, correct in zip(learner["skills"], learner["exercises"], (True, False, True))]
    assert all(a.duration_seconds is not None and a.duration_seconds >= 0 for a in attempts)
    assert [a.answer_text for a in attempts] == ["41", "7", "43.0"]  # as written, for the teacher to read
    assert "every item of this plan" in show(client)


def test_it_shows_the_expected_answer_when_the_answer_is_wrong(client, learner):
    page = client.post(reverse("practice"), form_of(show(client)) | {"answer": "40"}).content.decode()
    assert "Not quite." in page and "$41$" in page and "Correct!" not in page


def test_it_records_a_double_submitted_answer_once(client, learner):
    form = form_of(show(client)) | {"answer": "41"}
    client.post(reverse("practice"), form)
    again = client.post(reverse("practice"), form).content.decode()
    assert Attempt.objects.filter(student=learner["student"]).count() == 1
    assert "already recorded" in again
    assert "<h2>Subtraction</h2>" in show(client)


def test_it_records_nothing_for_a_blank_answer_and_says_so(client, learner):
    page = client.post(reverse("practice"), form_of(show(client)) | {"answer": "   "}).content.decode()
    assert "Write an answer first." in page and 'name="answer"' in page
    assert not Attempt.objects.exists()


def test_it_records_nothing_for_an_unreadable_number(client, learner):
    page = client.post(reverse("practice"), form_of(show(client)) | {"answer": "forty-one"}).content.decode()
    assert "Write a number" in page and not Attempt.objects.exists()


@pytest.mark.parametrize("tamper", ["exercise of another skill", "unknown exercise", "item of another student",
                                    "bad key"])
def test_it_records_nothing_for_a_tampered_form(client, learner, tamper):
    form = form_of(show(client)) | {"answer": "41"}
    if tamper == "exercise of another skill":
        form["exercise"] = str(learner["exercises"][1].pk)
    elif tamper == "unknown exercise":
        form["exercise"] = "999999"
    elif tamper == "item of another student":
        other = rosters.student_create(external_id="someone-else")
        form["item"] = str(plan_for(other, learner["skills"][:1]).items.get().pk)
    else:
        form["key"] = "not-a-key"
    answer = client.post(reverse("practice"), form)
    assert answer.status_code == 400 and "not recorded" in answer.content.decode()
    assert not Attempt.objects.exists()


def test_it_shows_no_one_but_a_student_the_page(client):
    assert client.get(reverse("practice")).url.startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(reverse("practice")).status_code == 404
    client.force_login(rosters.teacher_create(username="teacher").user)
    assert client.get(reverse("practice")).status_code == 404
    assert client.post(reverse("practice"), {"answer": "1"}).status_code == 404
    assert not Attempt.objects.exists()


def test_it_says_what_happens_next_when_there_is_no_plan_yet(client):
    client.force_login(rosters.student_create(username="new").user)
    assert "no study plan yet" in show(client)


def test_it_passes_over_an_item_whose_skill_has_no_exercise(client):
    student = rosters.student_create(username="pupil")
    plan_for(student, [SkillFactory(name="Stem and Leaf Plot"), SkillFactory(name="Addition")])
    ExerciseFactory(skill=student.plans.get().items.get(position=1).skill, prompt="$1+1=$", answer="2")
    client.force_login(student.user)
    page = show(client)
    assert "$1+1=$" in page and "no exercise yet" not in page and "Item 2 of 2" in page


def test_a_skipped_skill_waits_until_tomorrow_whatever_plan_comes(client, learner):
    first, second, third = learner["skills"]
    client.post(reverse("practice-skip"), {"item": form_of(show(client))["item"]})
    assert f"<h2>{second.name}</h2>" in show(client) and not Attempt.objects.exists()
    StudyPlan.objects.update(is_current=False)
    plan = StudyPlan.objects.create(student=learner["student"], number=2, is_current=True)
    for position, skill in enumerate([first, third]):
        PlanItem.objects.create(plan=plan, position=position, session=0, skill=skill, reason=PlanReason.READY)
    assert f"<h2>{third.name}</h2>" in show(client)


def test_it_counts_the_answer_just_given_among_todays(client, learner):
    page = client.post(reverse("practice"), form_of(show(client)) | {"answer": "41"}).content.decode()
    assert "1 exercise answered today" in page


def test_it_offers_multiple_choice_as_radio_buttons(client):
    student = rosters.student_create(username="pupil")
    skill = SkillFactory(name="Ordering Fractions")
    ExerciseFactory(skill=skill, prompt="Compare $\\frac{1}{2}$ and $\\frac{2}{3}$", answer="$<$",
                    answer_kind=AnswerKind.CHOICE, choices=["$<$", "$=$", "$>$"])
    plan_for(student, [skill])
    client.force_login(student.user)
    page = show(client)
    assert page.count('type="radio" name="answer"') == 3
    client.post(reverse("practice"), form_of(page) | {"answer": "0"})
    assert Attempt.objects.get().correct and Attempt.objects.get().answer_text == "$<$"  # the choice, not its index


def test_it_picks_a_bank_exercise_not_answered_lately_when_the_plan_has_none(client, learner):
    skill = learner["skills"][0]
    second = ExerciseFactory(skill=skill, prompt="$99+1=$", answer="100")
    client.post(reverse("practice"), form_of(show(client)) | {"answer": "41"})
    plan = learner["student"].plans.get()
    plan.is_current = False
    plan.save()
    newer = StudyPlan.objects.create(student=learner["student"], number=2, is_current=True,
                                     attempts_seen=Attempt.objects.latest("pk").pk)
    PlanItem.objects.create(plan=newer, position=0, session=0, skill=skill, reason=PlanReason.READY)
    assert "$99+1=$" in show(client) and second.pk == int(form_of(show(client))["exercise"])


def test_it_links_the_plan_to_practice_for_the_student_only(client, learner):
    assert reverse("practice") in client.get(reverse("my-plan")).content.decode()
    teacher = rosters.teacher_create(username="teacher")
    classroom = ClassroomFactory()
    classroom.teachers.add(teacher)
    classroom.students.add(learner["student"])
    client.force_login(teacher.user)
    page = client.get(reverse("student-plan", args=[learner["student"].pk])).content.decode()
    assert "Addition" in page and reverse("practice") not in page


def test_it_refreshes_the_plan_after_an_answer_and_goes_on_with_todays_session(
        client, school, django_capture_on_commit_callbacks):
    student = school.learner  # trained, with a plan; each skill has four exercises
    client.force_login(student.user)
    before = StudyPlan.objects.get(student=student, is_current=True)
    page = show(client)
    assert "Item 1 of" in page
    exercise = Exercise.objects.get(pk=form_of(page)["exercise"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practice"), form_of(page) | {"answer": exercise.answer})
    after = StudyPlan.objects.get(student=student, is_current=True)
    assert after.number == before.number + 1 and after.items.get(position=0).done
    assert "Item 2 of" in show(client)
    assert Attempt.objects.filter(student=student, exercise=exercise, correct=True).count() == 1


def test_it_counts_an_answer_recorded_while_the_plan_was_being_made(client, learner):
    first, second, _ = learner["skills"]
    client.post(reverse("practice"), form_of(show(client)) | {"answer": "41"})
    plan = StudyPlan.objects.get(student=learner["student"])
    StudyPlan.objects.filter(pk=plan.pk).update(created_at=Attempt.objects.get().created_at + dt.timedelta(seconds=5))
    assert f"<h2>{second.name}</h2>" in show(client)  # by attempt id, not by clock: the answer still counts


def test_it_says_when_the_rest_of_todays_plan_was_skipped(client, learner):
    for _ in learner["skills"]:
        client.post(reverse("practice-skip"), {"item": form_of(show(client))["item"]})
    assert "skipped every skill left" in show(client)


def test_a_form_sent_again_with_another_answer_shows_what_was_recorded(client, learner):
    form = form_of(show(client))
    client.post(reverse("practice"), form | {"answer": "41"})  # right
    again = client.post(reverse("practice"), form | {"answer": "7"}).content.decode()  # wrong, same key
    assert "already recorded" in again and "Correct!" in again and "Not quite." not in again
    assert Attempt.objects.get().correct


def a_key_for(student, item_pk, exercise_pk) -> str:
    """A key as the server issues it, for any student, item and exercise."""
    return practice_key_issue(Student.objects.get(pk=student.pk), PlanItem.objects.get(pk=item_pk),
                              Exercise.objects.get(pk=exercise_pk))


def refused(client, form, message="not recorded") -> None:
    answer = client.post(reverse("practice"), form)
    assert answer.status_code == 400 and message in answer.content.decode()


@pytest.mark.parametrize("bound_to", ["another student", "another item", "another exercise"])
def test_it_records_nothing_for_a_key_issued_for_something_else(client, learner, bound_to):
    form = form_of(show(client)) | {"answer": "41"}
    item, exercise, student = int(form["item"]), int(form["exercise"]), learner["student"]
    if bound_to == "another student":
        student = rosters.student_create(external_id="someone-else")
    elif bound_to == "another item":
        item = PlanItem.objects.exclude(pk=item).first().pk
    else:
        exercise = learner["exercises"][1].pk
    refused(client, form | {"key": a_key_for(student, item, exercise)})
    assert not Attempt.objects.exists()


def test_it_records_nothing_for_a_key_with_a_changed_signature_or_payload(client, learner):
    form = form_of(show(client)) | {"answer": "41"}
    payload, timestamp, signature = form["key"].rsplit(":", 2)
    refused(client, form | {"key": f"{payload}:{timestamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"})
    refused(client, form | {"key": f"{payload[:-1]}x:{timestamp}:{signature}"})
    refused(client, form | {"key": uuid.uuid4().hex})  # a key made up in the page, as it once was
    assert not Attempt.objects.exists()
    assert client.post(reverse("practice"), form).status_code == 200 and Attempt.objects.count() == 1


def test_each_page_issues_its_own_key(client, learner):
    assert form_of(show(client))["key"] != form_of(show(client))["key"]


def test_it_records_nothing_for_an_expired_key_and_says_so(client, learner, settings, monkeypatch):
    form = form_of(show(client)) | {"answer": "41"}
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.PRACTICE_KEY_MAX_AGE_SECONDS + 5)
    refused(client, form, "too old")
    assert not Attempt.objects.exists()


def test_it_stops_a_student_sending_too_many_answers_a_minute(client, learner, settings):
    settings.PRACTICE_ANSWERS_PER_MINUTE = 2
    for _ in range(2):
        assert client.post(reverse("practice"), form_of(show(client)) | {"answer": "1"}).status_code == 200
    answer = client.post(reverse("practice"), form_of(show(client)) | {"answer": "1"})
    assert answer.status_code == 429 and "Wait a minute" in answer.content.decode()
    assert Attempt.objects.count() == 2
    other = rosters.student_create(username="other-pupil")  # counted per student
    plan_for(other, learner["skills"][:1])
    client.force_login(other.user)
    assert client.post(reverse("practice"), form_of(show(client)) | {"answer": "1"}).status_code == 200


def test_it_makes_a_plan_from_before_today_again_so_a_student_back_from_a_holiday_reviews_first(client, school):
    student = school.learner  # trained, with a plan made today
    client.force_login(student.user)
    plan = StudyPlan.objects.get(student=student, is_current=True)
    known = next(s for s in plan.goal_skills if Attempt.objects.filter(student=student, skill_id=s).exists())
    row = StudentModel.objects.get(student=student, version=registry.active_version())
    at = row.parameters["skill_vocabulary"].index(known)  # a goal they know well, held for 7 days
    for key, value in (("mastery", 4.0), ("variance", 0.01), ("stability", 7.0)):
        row.parameters[key][at] = value
    row.save()
    plans.plan_regenerate(student=student)
    today = StudyPlan.objects.get(student=student, is_current=True)
    show(client)
    assert StudyPlan.objects.get(student=student, is_current=True).pk == today.pk  # made today: kept
    away = dt.timedelta(days=20)
    Attempt.objects.filter(student=student).update(submitted_at=F("submitted_at") - away)
    StudyPlan.objects.filter(student=student).update(created_at=F("created_at") - away)
    show(client)
    back = StudyPlan.objects.get(student=student, is_current=True)
    assert back.number == today.number + 1  # made again on the first page of the day
    reviews = list(back.items.filter(session=0, reason=PlanReason.REVIEW).values_list("position", "skill"))
    assert (known in [skill for _, skill in reviews]) and all(position < 2 for position, _ in reviews)
