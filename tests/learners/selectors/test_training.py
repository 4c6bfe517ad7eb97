"""Training runs as the staff pages show them."""
import pytest
from django.utils import translation

from learners.models import TrainingRun, TrainingStage
from learners.selectors.training import training_run_summary

pytestmark = pytest.mark.django_db


def test_it_says_each_stage_of_a_run_in_words():
    labels = {stage: training_run_summary(TrainingRun(stage=stage))["stage_label"] for stage in TrainingStage}
    assert labels[TrainingStage.READING] == "reading the attempts"
    assert labels[TrainingStage.REJECTED] == "not activated"
    assert labels[TrainingStage.PLANNING] == "making study plans"
    assert all(labels.values()) and training_run_summary(TrainingRun())["stage_label"] == ""  # queued: no stage
    with translation.override("zh-hans"):
        assert training_run_summary(TrainingRun(stage=TrainingStage.DONE))["stage_label"] != "done"
