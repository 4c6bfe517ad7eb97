"""`manage.py faultcheck`: it refuses unknown scenarios, and runs nothing without --yes (it writes and restarts
PostgreSQL). The scenarios themselves run in tests/portal/test_faults.py."""
import io

import pytest
from django.core.management import CommandError, call_command

from learners.models import Attempt, TrainingRun

pytestmark = pytest.mark.django_db


def test_it_names_the_scenarios_it_knows_when_given_another():
    with pytest.raises(CommandError, match="unknown scenario earthquake .known: refresh, retrain, redis, postgres"):
        call_command("faultcheck", "--yes", "--only", "refresh,earthquake", stdout=io.StringIO())


def test_it_runs_nothing_without_yes():
    with pytest.raises(CommandError, match="pass --yes on a staging copy"):
        call_command("faultcheck", "--only", "retrain", stdout=io.StringIO())
    assert not TrainingRun.objects.exists() and not Attempt.objects.exists()
