import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_measures_batches_and_single_attempts_on_a_scratch_database(tmp_path):
    out = tmp_path / "ingest.json"
    call_command("bench_ingest", "--json", str(out), "--batches", "2", "--batch-size", "50", "--singles", "5",
                 "--students", "7", "--skills", "3", stdout=open(tmp_path / "log", "w"))
    figures = json.loads(out.read_text())
    assert figures["api_batch_size"] == 50 and figures["api_batches"] == 2 and figures["api_single_requests"] == 5
    assert figures["api_attempts_per_s"] > 0 and figures["api_single_attempts_per_s"] > 0


def test_it_names_an_unknown_measure(tmp_path):
    with pytest.raises(CommandError, match="no such measure: xyz"):
        call_command("bench_ingest", "--json", str(tmp_path / "x.json"), "--only", "xyz")
