import io

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from learners.services.schedules import NIGHTLY_RETRAIN, RECOVERY_SWEEP, SIMILARITY_REFRESH

pytestmark = pytest.mark.django_db


def setup_schedules():
    out = io.StringIO()
    call_command("setup_schedules", stdout=out)
    return out.getvalue()


def test_it_creates_the_default_schedules_once():
    assert setup_schedules().count("created") == 4
    assert "exists, left as it is" in setup_schedules()
    tasks = {t.name: t for t in PeriodicTask.objects.all()}
    assert tasks[NIGHTLY_RETRAIN].task == "learners.tasks.retrain" and tasks[NIGHTLY_RETRAIN].queue == "gpu"
    assert str(tasks[NIGHTLY_RETRAIN].crontab.hour) == "2"
    assert tasks[SIMILARITY_REFRESH].interval.every == 6
    assert tasks[RECOVERY_SWEEP].task == "learners.tasks.recover" and tasks[RECOVERY_SWEEP].interval.every == 1


def test_it_keeps_a_schedule_an_admin_changed():
    setup_schedules()
    nightly = PeriodicTask.objects.get(name=NIGHTLY_RETRAIN)
    nightly.enabled = False
    nightly.crontab.hour = "4"
    nightly.crontab.save()
    nightly.save()
    setup_schedules()
    nightly.refresh_from_db()
    assert nightly.enabled is False and str(nightly.crontab.hour) == "4"
    assert PeriodicTask.objects.filter(name=NIGHTLY_RETRAIN).count() == 1
