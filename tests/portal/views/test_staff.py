"""Staff pages: model versions, training runs with their progress, retraining and rollback."""
import pytest
from django.urls import reverse

from learners.models import AuditAction, AuditEntry, ModelStatus, ModelVersion, RunStatus, TrainingRun
from learners.services import rosters
from tests.fixtures import UserFactory, two_versions

pytestmark = pytest.mark.django_db
PAGES = [("GET", "staff-models", {}), ("GET", "staff-runs-json", {}), ("POST", "staff-retrain", {}),
         ("POST", "staff-activate", {"version_id": 1})]


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    return client


def test_it_lets_only_staff_with_the_permission_retrain_or_activate(client):
    client.force_login(UserFactory(username="helpdesk", is_staff=True))
    assert client.get(reverse("staff-models")).status_code == 200
    assert client.post(reverse("staff-retrain")).status_code == 403
    assert client.post(reverse("staff-activate", args=[1])).status_code == 403
    assert TrainingRun.objects.count() == 0


@pytest.mark.parametrize("method, name, kwargs", PAGES)
def test_it_hides_staff_pages_from_everyone_else(client, method, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    anonymous = getattr(client, method.lower())(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    for user in (rosters.student_create(username="s").user, rosters.teacher_create(username="t").user):
        client.force_login(user)
        assert getattr(client, method.lower())(url).status_code == 404
    assert TrainingRun.objects.count() == 0


def test_it_shows_runs_with_their_progress(staff):
    TrainingRun.objects.create(status=RunStatus.RUNNING, epoch=3, epochs_total=12, stage="training",
                               history=[{"epoch": 3, "loss": 0.51, "valid_auc": 0.78}])
    page = staff.get(reverse("staff-models")).content.decode()
    assert '<progress max="100" value="25"' in page and "3/12" in page
    run = staff.get(reverse("staff-runs-json")).json()["runs"][0]
    assert (run["percent"], run["valid_auc"], run["status"]) == (25, 0.78, "running")


def test_it_queues_a_retraining(staff):
    assert staff.post(reverse("staff-retrain")).status_code == 302
    assert TrainingRun.objects.get().status == RunStatus.QUEUED
    assert staff.get(reverse("staff-retrain")).status_code == 405


def test_it_refuses_a_second_retraining_while_one_is_active(staff):
    staff.post(reverse("staff-retrain"))
    answer = staff.post(reverse("staff-retrain"), follow=True)
    run = TrainingRun.objects.get()
    assert f"Training run {run.pk} is queued: wait until it ends" in answer.content.decode()
    assert f'data-run="{run.pk}" data-status="queued"' in answer.content.decode()  # runs.js polls it


def test_it_rolls_back_to_an_earlier_version_recording_who(staff, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    first, _ = two_versions()
    page = staff.get(reverse("staff-models")).content.decode()
    assert reverse("staff-activate", args=[first.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("staff-activate", args=[first.pk]))
    assert ModelVersion.objects.get(status=ModelStatus.ACTIVE) == first
    entry = AuditEntry.objects.filter(action=AuditAction.MODEL_ACTIVATE).latest("pk")  # recorded with who asked
    assert (entry.actor.username, entry.target_id) == ("staff", str(first.pk))
    failed = ModelVersion.objects.create(status=ModelStatus.FAILED)
    answer = staff.post(reverse("staff-activate", args=[failed.pk]), follow=True)
    assert "cannot be activated" in answer.content.decode()
    assert staff.post(reverse("staff-activate", args=[999])).status_code == 404
