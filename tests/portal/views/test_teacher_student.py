"""A student's page as their teacher sees it: the plan and its changes, progress, the most similar students."""
import pytest
from django.urls import reverse

from learners.models import PlanOverride, Skill, StudyPlan
from learners.selectors import similarity

pytestmark = pytest.mark.django_db


def test_it_lets_a_teacher_change_the_plan_of_their_own_students_only(client, school):
    student, skill = school.learner, Skill.objects.order_by("pk").last()
    url = reverse("student-plan", args=[student.pk])
    client.force_login(school.other_teacher.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "pin", "skill": skill.pk, "position": 1, "reason": "x"}).status_code == 404
    client.force_login(school.teacher.user)
    assert "Study plan" in client.get(url).content.decode()
    answer = client.post(url, {"action": "pin", "skill": skill.pk, "position": 1, "reason": "quiz on Friday"})
    assert answer.status_code == 302
    first = StudyPlan.objects.get(student=student, is_current=True).items.get(position=0)
    assert (first.skill_id, first.pinned) == (skill.pk, True)
    assert "quiz on Friday" in client.get(url).content.decode()


def test_it_refuses_an_override_without_a_reason_and_says_so(client, school):
    client.force_login(school.teacher.user)
    url = reverse("student-plan", args=[school.learner.pk])
    page = client.post(url, {"action": "pin", "skill": Skill.objects.first().pk, "reason": ""}).content.decode()
    assert "This field is required." in page and not PlanOverride.objects.exists()


def test_it_withdraws_an_override_for_its_teacher_only(client, school):
    student = school.learner
    client.force_login(school.teacher.user)
    client.post(reverse("student-plan", args=[student.pk]),
                {"action": "remove", "skill": Skill.objects.first().pk, "reason": "done"})
    override = PlanOverride.objects.get()
    client.force_login(school.other_teacher.user)
    assert client.post(reverse("override-withdraw", args=[override.pk])).status_code == 404
    client.force_login(school.teacher.user)
    assert client.post(reverse("override-withdraw", args=[override.pk])).status_code == 302
    assert PlanOverride.objects.get().active is False


def test_it_keeps_students_out_of_teacher_pages(client, school):
    student = school.learner
    client.force_login(student.user)
    assert client.get(reverse("student-plan", args=[student.pk])).status_code == 404
    assert client.get(reverse("classroom", args=[student.classrooms.first().pk])).status_code == 404
    page = client.get(reverse("my-plan")).content.decode()
    assert "Today" in page and "What the plan should achieve" in page


def test_it_links_a_teacher_only_to_similar_students_they_may_open_in_words(client, school):
    client.force_login(school.teacher.user)
    student = school.learner
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    section = page[page.index("Most similar students"):]
    section = section[:section.index("</section>")]
    everyone = school.students
    linked = {s.pk for s in everyone if f'href="{reverse("student-plan", args=[s.pk])}"' in section}
    assert section.count("<tr>") == len(linked) + 1  # one row per linked student, under the header
    assert linked and linked <= {s.pk for s in school.mine_students} - {student.pk}
    for pk in linked:
        assert client.get(reverse("student-plan", args=[pk])).status_code == 200
    assert "outside your classrooms" not in section and "Distance" not in section
    assert any(word in section for word in ("very similar", "somewhat similar", "not very similar", ">similar<"))


def test_it_says_the_shares_of_pairs_behind_the_words_of_similarity(client, school, monkeypatch):
    monkeypatch.setattr(similarity, "SIMILARITY_LEVELS",
                        ((0.02, "very_similar"), (0.1, "similar"), (0.3, "somewhat_similar")))
    client.force_login(school.teacher.user)
    page = client.get(reverse("student-plan", args=[school.learner.pk])).content.decode()
    assert "as alike as the closest 2% of pairs, similar the closest 10%, somewhat similar the closest 30%." in page


def test_it_sums_up_the_plan_now_and_after_over_the_same_goal_skills(client, school):
    client.force_login(school.teacher.user)
    student = school.learner
    plan = StudyPlan.objects.get(student=student, is_current=True)
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    now, after = round(100 * plan.goal_forecast_without), round(100 * plan.goal_forecast)
    assert (f"Mean over the same {len(plan.goal_skills)} goal skills: <strong>{now}%</strong> now, with no more "
            f"practice; <strong>{after}%</strong> after the plan.") in page


def test_it_shows_a_teacher_the_students_progress_in_the_third_person(client, school):
    client.force_login(school.teacher.user)
    student = school.mine.students.first()
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    assert "What they know now" in page and "What you know now" not in page
    assert 'id="mastery-chart-data"' in page


@pytest.mark.parametrize("skill", ["9" * 30, "-5", "\u0663", "1e3"])
def test_it_refuses_a_skill_that_cannot_be_a_row_with_the_form_error(client, school, skill):
    client.force_login(school.teacher.user)
    answer = client.post(reverse("student-plan", args=[school.learner.pk]),
                         {"action": "pin", "skill": skill, "position": 1, "reason": "quiz"})
    assert answer.status_code == 200 and "Select a valid choice" in answer.content.decode()
    assert not PlanOverride.objects.exists()
