"""Who may open which page: every URL of the site, for every kind of visitor, against an explicit table.

A new URL pattern fails `test_the_table_covers_every_page` until it is added to the table below."""
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from learners.models import PlanOverride, Skill
from django.core.files.uploadedfile import SimpleUploadedFile

from learners.services import assignments, attempt_uploads, overrides
from portal import urls
from tests.fixtures import ExerciseFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "student", "other_student", "teacher", "other_teacher", "staff")
LOGIN = "login"  # a redirect to the login page
SKIPPED_PREFIXES = (settings.ADMIN_PATH, "i18n/", "static/")  # Django's admin and language switch, static files


@dataclass(frozen=True)
class Row:
    name: str  # the URL pattern's name
    method: str
    args: tuple = ()  # keys of the `world` fixture, in the URL's order
    expect: dict | None = None  # actor -> status code, or LOGIN, or "302:<url name>" for a redirect there

    @property
    def label(self) -> str:
        return f"{self.method} {self.name}({', '.join(self.args)})"


def row(name, method="GET", args=(), **expect):
    assert set(expect) == set(ACTORS), f"{name}: give every actor an expectation"
    return Row(name, method, tuple(args), expect)


# Teacher pages answer 200 to the classroom's teacher and staff, 404 to anyone else signed in.
def teacher_page(name, method="GET", args=("mine",), mine=200, theirs=404, staff=200):
    return row(name, method, args, anonymous=LOGIN, student=404, other_student=404, teacher=mine,
               other_teacher=theirs, staff=staff)


def mirrored(name, method="GET", args=("theirs",), ok=200):
    """The same page of the other classroom: the other teacher's, not this teacher's."""
    return row(name, method, args, anonymous=LOGIN, student=404, other_student=404, teacher=404,
               other_teacher=ok, staff=ok)


# Student pages: 200 to a signed-in student (each sees their own), 404 to teachers and staff (they have no plan).
def student_page(name, method="GET", args=(), ok=200):
    return row(name, method, args, anonymous=LOGIN, student=ok, other_student=ok, teacher=404, other_teacher=404,
               staff=404)


def staff_page(name, method="GET", args=(), ok=200):
    return row(name, method, args, anonymous=LOGIN, student=404, other_student=404, teacher=404,
               other_teacher=404, staff=ok)


def public(name, method="GET", ok=200, args=()):
    return row(name, method, args, **{actor: ok for actor in ACTORS})


TABLE = [
    row("home", anonymous=LOGIN, student="302:my-plan", other_student="302:my-plan", teacher=200,
        other_teacher=200, staff=200),
    public("healthz"),
    public("login"),
    public("logout", "POST", ok="302:login"),
    public("password_reset"),
    public("password_reset_done"),
    public("password_reset_confirm", args=("uid", "token")),  # a link that is not valid: a page that says so
    public("password_reset_complete"),
    row("password_change", anonymous=LOGIN, **{actor: 200 for actor in ACTORS[1:]}),
    row("password_change_done", anonymous=LOGIN, **{actor: 200 for actor in ACTORS[1:]}),
    student_page("my-plan"),
    student_page("practice"),
    student_page("practice-skip", "POST", ok="302:practice"),
    student_page("my-progress"),
    student_page("my-progress-chart", args=("mastery_chart",)),
    teacher_page("classroom"),
    teacher_page("classroom-attention"),
    teacher_page("classroom-cohorts"),
    teacher_page("classroom-skill", args=("mine", "skill")),
    mirrored("classroom"),
    mirrored("classroom-attention"),
    mirrored("classroom-cohorts"),
    mirrored("classroom-skill", args=("theirs", "skill")),
    teacher_page("classroom-export", args=("mine", "attempts")),
    mirrored("classroom-export", args=("theirs", "attempts")),
    teacher_page("classroom-export", args=("mine", "mastery")),
    mirrored("classroom-export", args=("theirs", "mastery")),
    teacher_page("classroom-export", args=("mine", "plans")),
    mirrored("classroom-export", args=("theirs", "plans")),
    teacher_page("classroom-chart", args=("mine", "cohort_map")),
    mirrored("classroom-chart", args=("theirs", "cohort_map")),
    teacher_page("classroom-skill-chart", args=("mine", "skill", "skill_spread")),
    mirrored("classroom-skill-chart", args=("theirs", "skill", "skill_spread")),
    teacher_page("skill-exercises", args=("mine", "skill")),
    mirrored("skill-exercises", args=("theirs", "skill")),
    teacher_page("exercise-new", args=("mine", "skill")),
    mirrored("exercise-new", args=("theirs", "skill")),
    teacher_page("exercise-edit", args=("mine", "skill", "exercise")),
    mirrored("exercise-edit", args=("theirs", "skill", "other_exercise")),
    teacher_page("skill-exercises-export", args=("mine", "skill", "csv")),
    mirrored("skill-exercises-export", args=("theirs", "skill", "csv")),
    teacher_page("exercise-delete", "POST", args=("mine", "skill", "exercise"), mine="302:skill-exercises",
                 staff="302:skill-exercises"),
    mirrored("exercise-delete", "POST", args=("theirs", "skill", "other_exercise"), ok="302:skill-exercises"),
    teacher_page("classroom-assignments"),
    mirrored("classroom-assignments"),
    teacher_page("assignment", args=("mine", "assignment")),
    mirrored("assignment", args=("theirs", "other_assignment")),
    teacher_page("assignment-archive", "POST", args=("mine", "assignment"), mine="302:classroom-assignments",
                 staff="302:classroom-assignments"),
    mirrored("assignment-archive", "POST", args=("theirs", "other_assignment"), ok="302:classroom-assignments"),
    # A student's page is a teacher's page, even for that student.
    teacher_page("student-plan", args=("student",)),
    mirrored("student-plan", args=("other_student",)),
    teacher_page("student-chart", args=("student", "mastery_chart")),
    mirrored("student-chart", args=("other_student", "mastery_chart")),
    teacher_page("override-withdraw", "POST", args=("override",), mine="302:student-plan", staff="302:student-plan"),
    mirrored("override-withdraw", "POST", args=("other_override",), ok="302:student-plan"),
    row("classroom-new", anonymous=LOGIN, student=404, other_student=404, teacher=200, other_teacher=200, staff=200),
    teacher_page("classroom-edit"),
    mirrored("classroom-edit"),
    teacher_page("classroom-students"),
    mirrored("classroom-students"),
    teacher_page("roster-upload", "POST", mine=400, staff=400),  # no file sent: a page that says so
    mirrored("roster-upload", "POST", ok=400),
    teacher_page("classroom-enroll", "POST", mine=400, staff=400),  # no student chosen
    mirrored("classroom-enroll", "POST", ok=400),
    teacher_page("login-cards"),
    mirrored("login-cards"),
    teacher_page("login-cards-print", "POST"),
    mirrored("login-cards-print", "POST"),
    teacher_page("student-password", "POST", args=("student",)),
    mirrored("student-password", "POST", args=("other_student",)),
    teacher_page("attempts-upload"),
    mirrored("attempts-upload"),
    # An upload is its uploader's (and staff's): the other teacher's is not found.
    teacher_page("attempts-upload-status", args=("upload",)),
    mirrored("attempts-upload-status", args=("other_upload",)),
    teacher_page("attempts-upload-json", args=("upload",)),
    mirrored("attempts-upload-json", args=("other_upload",)),
    teacher_page("attempts-upload-import", "POST", args=("upload",), mine="302:attempts-upload-status",
                 staff="302:attempts-upload-status"),
    mirrored("attempts-upload-import", "POST", args=("other_upload",), ok="302:attempts-upload-status"),
    staff_page("staff-models"),
    staff_page("staff-runs-json"),
    staff_page("staff-retrain", "POST", ok="302:staff-models"),
    staff_page("staff-activate", "POST", args=("version",), ok="302:staff-models"),
    # A student's privacy pages are staff's only, even for that student (an erasure without a reason: 400).
    staff_page("staff-student-privacy", args=("student",)),
    staff_page("staff-student-export", args=("student",)),
    staff_page("staff-student-erase", "POST", args=("student",), ok=400),
    staff_page("staff-student-privacy", args=("other_student",)),


    # Last: the student leaves the classroom, so its teacher no longer sees them.
    teacher_page("classroom-unenroll", "POST", args=("mine", "student"), mine="302:classroom-students",
                 staff="302:classroom-students"),
    mirrored("classroom-unenroll", "POST", args=("theirs", "other_student"), ok="302:classroom-students"),
]


def site_patterns(patterns=None, prefix=""):
    """(name, route) of every page of the site but the skipped ones."""
    for pattern in urls.urlpatterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from site_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, route


def test_the_table_covers_every_page():
    pages = dict(site_patterns())
    assert None not in pages, f"a URL pattern without a name: {pages[None]}"
    covered = {r.name for r in TABLE}
    assert not set(pages) - covered, f"add these pages to tests/portal/test_access.py's TABLE: {set(pages) - covered}"
    assert not covered - set(pages), f"the TABLE names pages that do not exist: {covered - set(pages)}"
    for r in TABLE:  # every object a URL takes has a row for the visitor's own and for someone else's
        assert len(r.args) == pages[r.name].count("<"), r.label


@pytest.fixture
def world(school):
    """The shared school (two classrooms, a teacher each, a trained model); one student of each classroom can sign
    in."""
    student, other_student = school.learner, school.their_students[0]
    other_student.user = UserFactory(username="other-kid")
    other_student.save()
    skill = Skill.objects.order_by("pk").first()
    teacher, other_teacher = school.teacher, school.other_teacher
    return {
        "users": {"anonymous": None, "student": student.user, "other_student": other_student.user,
                  "teacher": teacher.user, "other_teacher": other_teacher.user,
                  "staff": UserFactory(username="staff", is_staff=True, is_superuser=True)},
        "mine": school.mine.pk, "theirs": school.theirs.pk, "skill": skill.pk, "student": student.pk,
        "other_student": other_student.pk,
        "override": overrides.plan_override_add(student=student, action="remove", skill=skill, reason="done",
                                                author=teacher.user).pk,
        "other_override": overrides.plan_override_add(student=other_student, action="remove", skill=skill,
                                                      reason="done", author=other_teacher.user).pk,
        "version": school.version.pk,
        "assignment": assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                                    by=teacher.user).pk,
        "other_assignment": assignments.assignment_create(classroom=school.theirs, skill=skill,
                                                          due_on=timezone.localdate(), by=other_teacher.user).pk,
        "exercise": ExerciseFactory(skill=skill, classroom=school.mine).pk,
        "other_exercise": ExerciseFactory(skill=skill, classroom=school.theirs).pk, "csv": "csv",
        "attempts": "attempts", "mastery": "mastery", "plans": "plans", "cohort_map": "cohort-map",
        "skill_spread": "skill-spread", "mastery_chart": "mastery-chart", "uid": "MQ", "token": "not-a-token",
        "upload": _upload(teacher.user, school.mine, student.external_id),
        "other_upload": _upload(other_teacher.user, school.theirs, other_student.external_id),
    }


def _upload(user, classroom, student: str) -> int:
    """A checked attempts file of one row, about a student of the uploader's classroom."""
    content = f"student,skill,timestamp,correct\n{student},k0,2026-01-01T10:00:00,1\n".encode()
    _, upload = attempt_uploads.attempt_upload_check(uploaded_by=user, classroom=classroom,
                                                     file=SimpleUploadedFile("a.csv", content))
    return upload.pk


def outcome(answer):
    """The status code, LOGIN for a redirect to sign in, or where another redirect goes."""
    if answer.status_code != 302:
        return answer.status_code
    if answer.url.startswith(reverse("login") + "?next="):
        return LOGIN
    return answer.url


def expected(r: Row, actor: str, world: dict):
    want = r.expect[actor]
    if not (isinstance(want, str) and want.startswith("302:")):
        return want
    name = want.removeprefix("302:")
    if name == "student-plan":  # back to the page of the student whose plan changed
        return reverse(name, args=[world["other_student" if "other_override" in r.args else "student"]])
    if name == "skill-exercises":  # back to the list of the skill's exercises
        return reverse(name, args=[world[r.args[0]], world["skill"]])
    if name in ("classroom-assignments", "classroom-students", "attempts-upload-status"):  # back to a classroom page
        return reverse(name, args=[world[r.args[0]]])
    return reverse(name)


@pytest.mark.parametrize("actor", ACTORS)
def test_each_visitor_gets_exactly_the_pages_in_the_table(client, world, actor):
    user = world["users"][actor]
    wrong = []
    for r in TABLE:
        if user is None:
            client.logout()
        else:
            client.force_login(user)  # again: the logout row signs out
        PlanOverride.objects.update(active=True)  # a withdrawal above does not hide the override below
        url = reverse(r.name, args=[world[key] for key in r.args])
        got, want = outcome(client.generic(r.method, url)), expected(r, actor, world)
        if got != want:
            wrong.append(f"{r.label} {url}: {got}, expected {want}")
    assert not wrong, f"{actor}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("r", [r for r in TABLE if r.method == "POST"], ids=lambda r: r.label)
def test_post_only_pages_refuse_a_get(client, world, r):
    client.force_login(world["users"]["staff"])
    assert client.get(reverse(r.name, args=[world[key] for key in r.args])).status_code == 405


@pytest.mark.parametrize("r", [r for r in TABLE if r.method == "POST" and r.name != "logout"], ids=lambda r: r.label)
def test_it_asks_who_you_are_before_it_refuses_a_get(client, world, r):
    response = client.get(reverse(r.name, args=[world[key] for key in r.args]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
