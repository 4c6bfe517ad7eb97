"""Every admin page answers staff, and only staff."""
import pytest
from django.contrib import admin
from django.urls import reverse

from tests.fixtures import AttemptFactory, ClassroomFactory, ExerciseFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db
MODELS = [model for model in admin.site._registry]
READ_ONLY = {"attempt", "attemptupload", "importrun", "modelversion", "trainingrun", "studentmodel",
             "studentneighbour", "cohort", "studyplan", "planoverride", "prerequisitesuggestion", "auditentry",
             "xapistatement",
             "accessattempt", "accesslog", "accessfailurelog"}  # django-axes' records of sign-ins


def admin_url(model, page):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    AttemptFactory()
    ExerciseFactory()
    ClassroomFactory().teachers.add(TeacherFactory())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_it_shows_every_changelist_and_add_page_to_staff(staff_client, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200
    add = staff_client.get(admin_url(model, "add")).status_code
    assert add == (403 if model._meta.model_name in READ_ONLY else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_it_sends_everyone_else_to_the_login_page(client, model):
    anonymous = client.get(admin_url(model, "changelist"))
    client.force_login(UserFactory(username="plain"))
    signed_in = client.get(admin_url(model, "add"))
    for answer in (anonymous, signed_in):
        assert answer.status_code == 302 and answer.url.startswith(reverse("admin:login"))


def test_it_keeps_attempts_read_only_for_staff(staff_client):
    attempt = AttemptFactory()
    url = reverse("admin:learners_attempt_change", args=[attempt.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert staff_client.post(url, {"score": "0"}).status_code == 403


def test_it_queues_a_retraining_from_the_admin(staff_client):
    from learners.models import RunStatus, TrainingRun

    answer = staff_client.post(reverse("admin:learners_trainingrun_retrain"))
    assert answer.status_code == 302
    run = TrainingRun.objects.get()
    assert run.status == RunStatus.QUEUED and run.requested_by.username == "boss"
    assert staff_client.get(reverse("admin:learners_trainingrun_retrain")).status_code == 405


def test_it_rolls_back_from_the_admin(staff_client, settings, tmp_path, django_capture_on_commit_callbacks):
    from learners.models import ModelStatus, ModelVersion
    from tests.fixtures import two_versions

    settings.MEDIA_ROOT = tmp_path
    first, _ = two_versions()
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff_client.post(reverse("admin:learners_modelversion_changelist"),
                                   {"action": "activate", "_selected_action": [first.pk]})
    assert answer.status_code == 302
    assert ModelVersion.objects.get(pk=first.pk).status == ModelStatus.ACTIVE


def test_it_accepts_suggestions_that_form_a_loop_only_as_far_as_no_loop_is_made(staff_client):
    from learners.models import PrerequisiteSuggestion, SuggestionStatus
    from learners.services.prerequisites import prerequisite_edges
    from tests.fixtures import SchoolFactory, SkillFactory

    a, b, school = SkillFactory(), SkillFactory(), SchoolFactory()
    ab = PrerequisiteSuggestion.objects.create(prerequisite=a, dependant=b, score=0.9, support=30)
    ba = PrerequisiteSuggestion.objects.create(prerequisite=b, dependant=a, score=0.8, support=30)
    answer = staff_client.post(admin_url(PrerequisiteSuggestion, "changelist"),
                               {"action": "accept", "_selected_action": [ab.pk, ba.pk]}, follow=True)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "1 suggestions decided." in page and "would make a loop" in page
    ab.refresh_from_db(), ba.refresh_from_db()
    assert (ab.status, ba.status) == (SuggestionStatus.ACCEPTED, SuggestionStatus.PROPOSED)
    assert prerequisite_edges(school=school) == [(a.pk, b.pk)]


def test_it_adds_and_deletes_a_schools_prerequisite_in_the_admin_recording_who(staff_client):
    from learners.models import AuditAction, AuditEntry, SchoolPrerequisite
    from learners.services.prerequisites import prerequisite_edges
    from tests.fixtures import SchoolFactory, SkillFactory

    a, b, school, other = SkillFactory(), SkillFactory(), SchoolFactory(), SchoolFactory()
    fields = {"school": school.pk, "skill": b.pk, "prerequisite": a.pk}
    assert staff_client.post(admin_url(SchoolPrerequisite, "add"), fields).status_code == 302
    assert prerequisite_edges(school=school) == [(a.pk, b.pk)] and prerequisite_edges(school=other) == []
    loop = staff_client.post(admin_url(SchoolPrerequisite, "add"), fields | {"skill": a.pk, "prerequisite": b.pk})
    assert loop.status_code == 200 and "would make a loop" in loop.content.decode()
    row = SchoolPrerequisite.objects.get()
    assert row.created_by.username == "boss"
    delete = reverse("admin:learners_schoolprerequisite_delete", args=[row.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert not SchoolPrerequisite.objects.exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor__username")) == [
        (AuditAction.PREREQUISITE_ADD, "boss"), (AuditAction.PREREQUISITE_REMOVE, "boss")]


def test_it_keeps_the_audit_log_read_only_and_filterable(staff_client):
    from learners.models import AuditAction, AuditEntry
    from learners.services.audit import audit_record
    from tests.fixtures import StudentFactory

    entry = audit_record(actor=None, action=AuditAction.ROSTER_ENROL, target=StudentFactory(display_name="Bo"),
                         reason="joined late")
    change = reverse("admin:learners_auditentry_change", args=[entry.pk])
    page = staff_client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert staff_client.post(change, {"reason": "changed"}).status_code == 403
    delete = reverse("admin:learners_auditentry_delete", args=[entry.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "joined late"
    changelist = admin_url(AuditEntry, "changelist")
    for query, shown in [({"action": "roster.enrol"}, True), ({"action": "student.erase"}, False),
                         ({"school__id__exact": entry.school_id}, True), ({"q": "joined late"}, True),
                         ({"q": "nothing like it"}, False), ({"at__year": entry.at.year}, True)]:
        answer = staff_client.get(changelist, query)
        assert answer.status_code == 200 and ("joined late" in answer.content.decode()) == shown, query


def test_it_downloads_a_students_data_from_the_admin_and_records_a_password_set(staff_client):
    from learners.models import AuditAction, AuditEntry, Student
    from tests.fixtures import StudentFactory

    student = StudentFactory()
    answer = staff_client.post(admin_url(Student, "changelist"),
                               {"action": "export_everything", "_selected_action": [student.pk]})
    assert answer["Content-Type"] == "application/zip"
    kid = UserFactory(username="kid")
    url = reverse("admin:auth_user_password_change", args=[kid.pk])
    answer = staff_client.post(url, {"password1": "a-Long-new-pw-2026", "password2": "a-Long-new-pw-2026",
                                     "usable_password": "true"})
    assert answer.status_code == 302
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor__username", "target_id")) == [
        (AuditAction.STUDENT_EXPORT, "boss", str(student.pk)), (AuditAction.ACCOUNT_PASSWORD_SET, "boss", str(kid.pk))]


def test_it_records_roster_changes_made_in_the_admin_and_leaves_removal_to_erasure(staff_client):
    from learners.models import AuditAction, AuditEntry, Classroom, Student
    from tests.fixtures import SchoolFactory, StudentFactory

    school, student = SchoolFactory(), StudentFactory(display_name="Bo")
    fields = {"school": school.pk, "name": "7C", "enrollments-TOTAL_FORMS": "1", "enrollments-INITIAL_FORMS": "0",
              "enrollments-0-student": student.pk}
    assert staff_client.post(admin_url(Classroom, "add"), fields).status_code == 302
    room = Classroom.objects.get(name="7C")
    enrolment = room.enrollments.get()
    change = reverse("admin:learners_classroom_change", args=[room.pk])
    assert staff_client.post(change, fields | {
        "name": "7D", "enrollments-INITIAL_FORMS": "1", "enrollments-0-id": enrolment.pk,
        "enrollments-0-classroom": room.pk, "enrollments-0-DELETE": "on"}).status_code == 302
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor__username", "target_id")) == [
        (AuditAction.ROSTER_CLASSROOM_CREATE, "boss", str(room.pk)),
        (AuditAction.ROSTER_ENROL, "boss", str(student.pk)),
        (AuditAction.ROSTER_CLASSROOM_UPDATE, "boss", str(room.pk)),
        (AuditAction.ROSTER_UNENROL, "boss", str(student.pk))]
    assert AuditEntry.objects.get(action=AuditAction.ROSTER_CLASSROOM_UPDATE).details == {"fields": ["name"]}
    delete = reverse("admin:learners_student_delete", args=[student.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert Student.objects.filter(pk=student.pk).exists()


def test_it_makes_a_token_shows_it_once_and_revokes_it(staff_client):
    from learners.models import ApiToken
    from learners.selectors.api_tokens import api_token_for
    from tests.fixtures import SchoolFactory

    school = SchoolFactory()
    made = staff_client.post(admin_url(ApiToken, "add"), {"school": school.pk, "name": "LMS", "scope": "write"},
                             follow=True)
    shown = [str(m) for m in made.context["messages"]][0].rsplit(" ", 1)[-1]
    token = ApiToken.objects.get()
    assert api_token_for(shown) == token and token.created_by.username == "boss" and token.scope == "write"
    staff_client.post(admin_url(ApiToken, "changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert api_token_for(shown) is None and ApiToken.objects.get().revoked_at is not None
