import pytest
from django.urls import reverse

from learners import pipeline, services
from learners.models import PlanOverride, Skill, StudyPlan, TrainingRun
from tests.factories import AttemptFactory, ClassroomFactory, SkillFactory, UserFactory
from tests.learners.pipeline_data import seed_attempts, tiny_config

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    for name in ("home", "my-plan"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_it_answers_the_health_check(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_it_lands_a_student_on_their_own_plan(client):
    mine = services.student_create(username="me", display_name="Me Myself")
    other = services.student_create(username="other", display_name="Other One")
    AttemptFactory(student=mine, skill=SkillFactory(name="Fractions"))
    AttemptFactory(student=other, skill=SkillFactory(name="Geometry"))
    client.force_login(mine.user)
    assert client.get(reverse("home")).url == reverse("my-plan")
    page = client.get(reverse("my-plan")).content.decode()
    assert "Fractions" in page and "Geometry" not in page and "No study plan yet" in page


def test_it_shows_a_teacher_only_their_classrooms(client):
    teacher = services.teacher_create(username="t")
    mine, theirs = ClassroomFactory(name="Mine"), ClassroomFactory(name="Theirs")
    mine.teachers.add(teacher)
    client.force_login(teacher.user)
    page = client.get(reverse("home")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(reverse("classroom", args=[mine.pk])).status_code == 200
    assert client.get(reverse("classroom", args=[theirs.pk])).status_code == 404


@pytest.fixture
def school(settings, tmp_path):
    """Two classrooms with a teacher each, students with plans from a trained model."""
    settings.MEDIA_ROOT = tmp_path
    students = seed_attempts(n_students=12)
    pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    teacher, other_teacher = services.teacher_create(username="t1"), services.teacher_create(username="t2")
    mine, theirs = ClassroomFactory(), ClassroomFactory()
    mine.teachers.add(teacher)
    theirs.teachers.add(other_teacher)
    mine.students.add(*students[:6])
    theirs.students.add(*students[6:])
    return {"teacher": teacher, "other_teacher": other_teacher, "mine": students[:6], "theirs": students[6:]}


def test_it_lets_a_teacher_change_the_plan_of_their_own_students_only(client, school):
    student, skill = school["mine"][0], Skill.objects.order_by("pk").last()
    url = reverse("student-plan", args=[student.pk])
    client.force_login(school["other_teacher"].user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "pin", "skill": skill.pk, "position": 1, "reason": "x"}).status_code == 404
    client.force_login(school["teacher"].user)
    assert "Study plan" in client.get(url).content.decode()
    answer = client.post(url, {"action": "pin", "skill": skill.pk, "position": 1, "reason": "quiz on Friday"})
    assert answer.status_code == 302
    first = StudyPlan.objects.get(student=student, is_current=True).items.get(position=0)
    assert (first.skill_id, first.pinned) == (skill.pk, True)
    assert "quiz on Friday" in client.get(url).content.decode()


def test_it_refuses_an_override_without_a_reason_and_says_so(client, school):
    client.force_login(school["teacher"].user)
    url = reverse("student-plan", args=[school["mine"][0].pk])
    page = client.post(url, {"action": "pin", "skill": Skill.objects.first().pk, "reason": ""}).content.decode()
    assert "This field is required." in page and not PlanOverride.objects.exists()


def test_it_withdraws_an_override_for_its_teacher_only(client, school):
    student = school["mine"][0]
    client.force_login(school["teacher"].user)
    client.post(reverse("student-plan", args=[student.pk]),
                {"action": "remove", "skill": Skill.objects.first().pk, "reason": "done"})
    override = PlanOverride.objects.get()
    client.force_login(school["other_teacher"].user)
    assert client.post(reverse("override-withdraw", args=[override.pk])).status_code == 404
    client.force_login(school["teacher"].user)
    assert client.post(reverse("override-withdraw", args=[override.pk])).status_code == 302
    assert PlanOverride.objects.get().active is False


def test_it_keeps_students_out_of_teacher_pages(client, school):
    student = school["mine"][0]
    student.user = UserFactory(username="kid")
    student.save()
    client.force_login(student.user)
    assert client.get(reverse("student-plan", args=[student.pk])).status_code == 404
    assert client.get(reverse("classroom", args=[student.classrooms.first().pk])).status_code == 404
    page = client.get(reverse("my-plan")).content.decode()
    assert "Today" in page and "What the plan should achieve" in page


def test_it_switches_the_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert 'lang="zh-hans"' in client.get(reverse("login")).content.decode()


def test_it_links_a_teacher_only_to_similar_students_they_may_open_in_words(client, school):
    client.force_login(school["teacher"].user)
    student = school["mine"][0]
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    section = page[page.index("Most similar students"):]
    section = section[:section.index("</section>")]
    everyone = school["mine"] + school["theirs"]
    linked = {s.pk for s in everyone if f'href="{reverse("student-plan", args=[s.pk])}"' in section}
    assert section.count("<tr>") == len(linked) + 1  # one row per linked student, under the header
    assert linked and linked <= {s.pk for s in school["mine"]} - {student.pk}
    for pk in linked:
        assert client.get(reverse("student-plan", args=[pk])).status_code == 200
    assert "outside your classrooms" not in section and "Distance" not in section
    assert any(word in section for word in ("very similar", "somewhat similar", "not very similar", ">similar<"))


def test_it_sums_up_the_plan_now_and_after_over_the_same_goal_skills(client, school):
    client.force_login(school["teacher"].user)
    student = school["mine"][0]
    plan = StudyPlan.objects.get(student=student, is_current=True)
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    now, after = round(100 * plan.goal_forecast_without), round(100 * plan.goal_forecast)
    assert (f"Mean over the same {len(plan.goal_skills)} goal skills: <strong>{now}%</strong> now, with no more "
            f"practice; <strong>{after}%</strong> after the plan.") in page
