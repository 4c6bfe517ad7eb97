"""Reading xAPI statements: which give an attempt, which are kept with a reason, which are refused."""
import datetime as dt

import pytest

from learners.xapi_statements import StatementRefused, read_statement

SID = "b2f7c4a4-6d7e-4c1b-9e65-2f0e8d7a1c11"


def statement(verb="answered", **fields):
    return {"id": SID, "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "s-1"}},
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": "https://lms.example/q/7"}, **fields}


def test_it_reads_success_as_a_correct_attempt_with_full_score():
    r = read_statement(statement(result={"success": True, "score": {"scaled": 0.5}}), "statement")
    assert (r.correct, r.score, r.reason) == (True, 1.0, "")
    assert (r.actor_kind, r.actor_key, r.activity_id) == ("account", "s-1", "https://lms.example/q/7")


def test_it_reads_a_failure_with_its_partial_score():
    r = read_statement(statement(result={"success": False, "score": {"scaled": 0.4}}), "statement")
    assert (r.correct, r.score) == (False, 0.4)


def test_it_scales_a_raw_score_between_min_and_max():
    r = read_statement(statement("completed", result={"score": {"raw": 3, "min": 0, "max": 4}}), "statement")
    assert (r.correct, r.score) == (False, 0.75)
    r = read_statement(statement("completed", result={"score": {"raw": 4, "max": 4}}), "statement")
    assert (r.correct, r.score) == (True, 1.0)


def test_it_takes_passed_and_failed_as_right_and_wrong_without_a_result():
    assert read_statement(statement("passed"), "statement").correct is True
    assert read_statement(statement("failed"), "statement").correct is False


def test_it_keeps_a_statement_without_an_outcome_with_the_reason():
    r = read_statement(statement("attempted"), "statement")
    assert r.correct is None and "neither success nor score" in r.reason


def test_it_keeps_an_unknown_verb_with_the_reason():
    r = read_statement(statement("experienced", result={"success": True}), "statement")
    assert "verbs/experienced is not one we record" in r.reason


def test_it_keeps_a_group_actor_with_the_reason():
    r = read_statement({**statement(result={"success": True}), "actor": {"objectType": "Group", "member": []}}, "s")
    assert "not one student" in r.reason


def test_it_reads_an_mbox_in_lower_case_and_the_duration_and_timestamp():
    r = read_statement({**statement(result={"success": True, "duration": "PT1M2.5S"}),
                        "actor": {"mbox": "mailto:Ann@School.Example"}, "timestamp": "2026-11-30T08:00:00Z"}, "s")
    assert (r.actor_kind, r.actor_key, r.duration_seconds) == ("mbox", "ann@school.example", 62.5)
    assert r.timestamp == dt.datetime(2026, 11, 30, 8, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("bad, where", [
    ([], "a JSON object"), ({"verb": {}}, "verb.id"), ({**statement(), "id": "nope"}, ".id: not a UUID"),
    ({**statement(), "timestamp": "yesterday"}, "timestamp"), ({**statement(), "timestamp": 5}, "timestamp"),
])
def test_it_refuses_what_is_not_a_statement_saying_where(bad, where):
    with pytest.raises(StatementRefused, match=where.replace(".", r"\.")):
        read_statement(bad, "statements[3]")


def test_it_refuses_a_put_whose_id_differs_from_the_statement_id():
    with pytest.raises(StatementRefused, match="differs"):
        read_statement(statement(), "statement", given_id="00000000-0000-0000-0000-000000000001")


def test_it_gives_a_statement_without_id_a_new_one():
    body = statement()
    del body["id"]
    assert read_statement(body, "s").statement_id != read_statement(body, "s").statement_id
