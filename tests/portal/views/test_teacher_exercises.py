"""Teachers' own exercises: written, previewed and checked when saved; shown first to their classroom's students,
judged by the rounding stated; imported (all rows checked first) and exported as CSV or JSON."""
import json
import re

import pytest
from django.urls import reverse

from learners.services import content, rosters
from learners.models import Attempt, Exercise, PlanItem, PlanReason, StudyPlan
from tests.fixtures import ClassroomFactory, ExerciseFactory, SkillFactory

pytestmark = pytest.mark.django_db

ROUNDED = {"prompt": "A cylinder holds $\\pi \\cdot 12^2 \\cdot 8.33$ ml. How many ml?", "kind": "number",
           "answer": "3769.9", "rounding": "1", "unit": "ml", "fraction_form": "", "expression_form": "",
           "choices": "", "hint": "Multiply.", "solution": "$3769.94...$, so $3769.9$."}


@pytest.fixture
def room(client):
    teacher = rosters.teacher_create(username="teacher")
    skill = SkillFactory(name="Volume Cylinder")
    ExerciseFactory(skill=skill)  # the shared bank's
    classroom = ClassroomFactory()
    classroom.teachers.add(teacher)
    classroom.skills.add(skill)
    client.force_login(teacher.user)
    return {"classroom": classroom, "skill": skill, "teacher": teacher}


def url(name, room, *more):
    return reverse(name, args=[room["classroom"].pk, room["skill"].pk, *more])


def test_it_previews_exactly_what_a_student_sees_and_saves_nothing(client, room):
    page = client.post(url("exercise-new", room), ROUNDED | {"preview": "1"}).content.decode()
    assert "Preview: exactly what a student sees." in page
    assert "A cylinder holds" in page and "Round to 1 decimal place. Give the answer in milliliters." in page
    assert 'name="answer"' in page and "$3769.9$ milliliters" in page
    assert not Exercise.objects.filter(classroom=room["classroom"]).exists()


def test_it_saves_an_exercise_whose_answer_the_checker_accepts_and_a_student_is_judged_by_its_rounding(client, room):
    client.post(url("exercise-new", room), ROUNDED | {"save": "1"})
    exercise = Exercise.objects.get(classroom=room["classroom"])
    assert (exercise.decimals, exercise.unit, exercise.author) == (1, "ml", room["teacher"].user)
    student = rosters.student_create(username="pupil")
    room["classroom"].students.add(student)
    plan = StudyPlan.objects.create(student=student, number=1)
    PlanItem.objects.create(plan=plan, position=0, session=0, skill=room["skill"], reason=PlanReason.READY)
    client.force_login(student.user)
    page = client.get(reverse("practice")).content.decode()
    assert "A cylinder holds" in page  # the classroom's own exercise comes before the bank's
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)  # issued by the server for this exercise
    form = dict(item=plan.items.get().pk, exercise=exercise.pk, key=key, started="1")
    more = client.post(reverse("practice"), form | {"answer": "3769.94"}).content.decode()
    assert "Round to 1 decimal place." in more and not Attempt.objects.exists()
    client.post(reverse("practice"), form | {"answer": "3769.9 ml"})
    assert Attempt.objects.get().correct


@pytest.mark.parametrize("change, field", [({"answer": "3769.94"}, "rounding"), ({"answer": "about 3770"}, "answer"),
                                           ({"unit": "furlongs"}, "unit"), ({"prompt": ""}, "prompt"),
                                           ({"kind": "choice", "choices": "a"}, "choices")])
def test_it_refuses_an_exercise_the_checker_could_not_judge(client, room, change, field):
    page = client.post(url("exercise-new", room), ROUNDED | change | {"save": "1"})
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert not Exercise.objects.filter(classroom=room["classroom"]).exists()


def test_it_edits_and_deletes_only_the_classrooms_own_exercises(client, room):
    client.post(url("exercise-new", room), ROUNDED | {"save": "1"})
    own = Exercise.objects.get(classroom=room["classroom"])
    client.post(url("exercise-edit", room, own.pk), ROUNDED | {"answer": "3770", "rounding": "0", "save": "1"})
    own.refresh_from_db()
    assert (own.answer, own.decimals) == ("3770", 0)
    bank = Exercise.objects.get(classroom__isnull=True)
    assert client.get(url("exercise-edit", room, bank.pk)).status_code == 404
    assert client.post(url("exercise-delete", room, bank.pk)).status_code == 404
    client.post(url("exercise-delete", room, own.pk))
    assert not Exercise.objects.filter(pk=own.pk).exists() and Exercise.objects.filter(pk=bank.pk).exists()


def test_it_answers_the_edit_page_of_exercise_0_with_a_404_and_saves_nothing(client, room):
    assert client.get(url("exercise-edit", room, 0)).status_code == 404
    assert client.post(url("exercise-edit", room, 0), ROUNDED | {"save": "1"}).status_code == 404
    assert not Exercise.objects.filter(classroom=room["classroom"]).exists()

def test_it_shows_the_pages_only_to_the_classrooms_teachers(client, room):
    other = rosters.teacher_create(username="other")
    client.force_login(other.user)
    assert client.get(url("skill-exercises", room)).status_code == 404
    assert client.post(url("exercise-new", room), ROUNDED | {"save": "1"}).status_code == 404
    client.force_login(room["teacher"].user)
    elsewhere = SkillFactory()
    assert client.get(reverse("skill-exercises", args=[room["classroom"].pk, elsewhere.pk])).status_code == 404
    assert not Exercise.objects.filter(classroom__isnull=False).exists()


def test_it_exports_csv_with_formula_cells_made_inert_and_importing_it_again_adds_nothing(client, room):
    client.post(url("exercise-new", room), ROUNDED | {"prompt": "=HYPERLINK(\"x\") $2-5$?", "answer": "-3",
                                                     "rounding": "", "unit": "", "save": "1"})
    csv_text = client.get(url("skill-exercises-export", room, "csv")).content.decode()
    header, *lines = csv_text.splitlines()
    assert header == "\ufeffprompt,kind,answer,choices,decimals,unit,form,hint,solution" and len(lines) == 2
    assert "'=HYPERLINK" in csv_text and ",'-3," in csv_text
    preview = content.exercises_import_preview(classroom=room["classroom"], skill=room["skill"], content=csv_text,
                                               fmt="csv")
    assert (preview.errors, preview.drafts, preview.already) == ([], [], 2)


def test_it_imports_nothing_from_a_file_with_a_bad_row_and_says_which(client, room):
    content = ("prompt,kind,answer,decimals,unit\n$1+1$?,number,2,,\n$1/3$ as a decimal?,number,0.33333,2,\n"
               "How long?,number,12,,parsecs\n")
    page = client.post(url("skill-exercises", room), {"file": _upload("bad.csv", content)}).content.decode()
    assert "Nothing was imported" in page and "line 3" in page and "line 4" in page and "line 2" not in page
    assert not Exercise.objects.filter(classroom=room["classroom"]).exists()


def test_it_imports_a_json_file_after_showing_what_it_will_import(client, room):
    rows = [{"prompt": "Which is prime?", "kind": "choice", "answer": "7", "choices": ["4", "7", "9"]},
            {"prompt": "Half of $\\frac{3}{4}$?", "kind": "number", "answer": "3/8", "form": "simplest"}]
    content = json.dumps({"exercises": rows})
    page = client.post(url("skill-exercises", room), {"file": _upload("mine.json", content)}).content.decode()
    assert "2 exercises will be imported" in page and not Exercise.objects.filter(classroom=room["classroom"]).exists()
    client.post(url("skill-exercises", room), {"content": content, "fmt": "json", "confirm": "1"})
    assert set(Exercise.objects.filter(classroom=room["classroom"]).values_list("answer", "form")) == {
        ("7", ""), ("3/8", "simplest")}


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.encode())


@pytest.mark.parametrize("rule", [{"form": "scientific", "answer": "4.5 x 10^3"}, {"form": "decimal", "answer": "0.375"},
                                  {"decimals": 5, "answer": "3.14159"},
                                  {"form": "power", "answer": "5^{12}", "answer_kind": "expression"}])
def test_it_edits_an_imported_exercise_keeping_its_rule(client, room, rule):
    exercise = Exercise.objects.create(skill=room["skill"], classroom=room["classroom"], prompt="?",
                                       answer_kind=rule.get("answer_kind", "number"), answer=rule["answer"],
                                       form=rule.get("form", ""), decimals=rule.get("decimals"))
    form = client.get(url("exercise-edit", room, exercise.pk)).context["form"]
    data = {name: value for name, value in form.initial.items()} | {"save": "1"}
    assert client.post(url("exercise-edit", room, exercise.pk), data).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.form, exercise.decimals) == (rule.get("form", ""), rule.get("decimals"))


@pytest.mark.parametrize("content, fmt", [("[" * 100000, "json"), ('{"exercises": [{"prompt": ' + "9" * 5000 + "}]}",
                                           "json"), ('"' + "x" * 200000 + '"\n', "csv"),
                                          ("prompt,kind,answer\nq\x00,number,1\n", "csv"),
                                          ('[{"prompt": "?", "kind": "choice", "answer": "' + "a" * 600 +
                                           '", "choices": ["b"]}]', "json")])
def test_it_answers_a_broken_import_with_a_message_and_writes_nothing(client, room, content, fmt):
    page = client.post(url("skill-exercises", room), {"content": content, "fmt": fmt, "confirm": "1"})
    assert page.status_code == 200 and ("cannot be read" in page.content.decode() or "errorlist" in
                                        page.content.decode())
    assert not Exercise.objects.filter(classroom=room["classroom"]).exists()


def test_it_leaves_figures_out_of_an_export(client, room):
    Exercise.objects.create(skill=room["skill"], prompt="Read the graph.", answer="3", answer_kind="number",
                            figure="<svg></svg>", figure_alt="a graph")
    assert "Read the graph." not in client.get(url("skill-exercises-export", room, "json")).content.decode()
