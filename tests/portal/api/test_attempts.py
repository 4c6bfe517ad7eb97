"""POST /api/v1/attempts and /attempts/batch: once per key, item by item, all or nothing unless partial."""
import json

import pytest

from learners.models import Attempt

pytestmark = pytest.mark.django_db

BATCH = "/api/v1/attempts/batch"


def post(client, api, url, body, token="mine_write"):
    return client.post(url, json.dumps(body), content_type="application/json", **api.headers(token))


def item(api, key, **fields):
    return {"idempotency_key": key, "student_id": api.students[0].pk, "skill_id": api.skill.pk, "correct": True} | fields


def test_it_stores_one_attempt_once_and_says_so_on_a_retry(client, api):
    first = post(client, api, "/api/v1/attempts", item(api, "k1"))
    again = post(client, api, "/api/v1/attempts", item(api, "k1"))
    assert (first.status_code, first.json()["status"]) == (201, "new")
    assert (again.status_code, again.json()["status"]) == (200, "already_stored")
    assert Attempt.objects.filter(student=api.students[0]).count() == 1


def test_it_refuses_an_invalid_attempt_with_the_field_path(client, api):
    answer = post(client, api, "/api/v1/attempts", item(api, "k1", correct=True, score=0.5))
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"path": "body.score", "message": "a correct attempt has score 1"}]
    assert not Attempt.objects.exists()


def test_it_answers_a_batch_item_by_item_and_a_retry_stores_nothing_new(client, api):
    items = [item(api, f"b{i}", correct=i % 2 == 0) for i in range(20)]
    first = post(client, api, BATCH, {"items": items})
    again = post(client, api, BATCH, {"items": items + [item(api, "b20")]})
    assert first.status_code == 200 and first.json()["new"] == 20
    body = again.json()
    assert (body["new"], body["already_stored"], body["refused"]) == (1, 20, 0)
    assert [i["status"] for i in body["items"]] == ["already_stored"] * 20 + ["new"]
    assert Attempt.objects.count() == 21


def test_a_batch_with_an_invalid_item_stores_nothing(client, api):
    items = [item(api, "a"), item(api, "b", student_id=api.their_students[0].pk), item(api, "c", score=2)]
    answer = post(client, api, BATCH, {"items": items})
    assert answer.status_code == 422
    body = answer.json()
    assert [i["status"] for i in body["items"]] == ["not_stored", "refused", "refused"]
    assert body["items"][1]["errors"] == [{"path": "body.items.1.student_id",
                                           "message": "no such student in this school"}]
    assert body["items"][2]["errors"][0]["path"] == "body.items.2.score"
    assert not body["stored"] and not Attempt.objects.exists()


def test_partial_stores_the_valid_items_of_a_batch(client, api):
    items = [item(api, "a"), item(api, "b", exercise_id=api.their_exercise.pk), item(api, "c", hints_used=2)]
    answer = post(client, api, BATCH + "?partial=true", {"items": items})
    assert answer.status_code == 200
    assert [i["status"] for i in answer.json()["items"]] == ["new", "refused", "new"]
    assert sorted(Attempt.objects.values_list("idempotency_key", flat=True)) == [
        f"api:{api.mine.pk}:a", f"api:{api.mine.pk}:c"]


def test_it_finds_students_by_external_id_and_skills_by_exercise_or_code(client, api):
    student = api.students[1]
    items = [{"idempotency_key": "x1", "student_external_id": student.external_id, "exercise_id": api.exercise.pk,
              "score": 0.25},
             {"idempotency_key": "x2", "student_external_id": student.external_id,
              "exercise_id": api.classroom_exercise.pk, "correct": False},
             {"idempotency_key": "x3", "student_id": student.pk, "skill_code": api.skill.code, "correct": True}]
    assert post(client, api, BATCH, {"items": items}).json()["new"] == 3
    stored = Attempt.objects.filter(student=student).order_by("idempotency_key")
    assert [(a.skill_id, a.correct, a.score) for a in stored] == [(api.skill.pk, False, 0.25),
                                                                   (api.skill.pk, False, 0.0),
                                                                   (api.skill.pk, True, 1.0)]


def test_a_repeated_key_within_a_batch_is_stored_once(client, api):
    body = post(client, api, BATCH, {"items": [item(api, "same"), item(api, "same")]}).json()
    assert [i["status"] for i in body["items"]] == ["new", "already_stored"]
    assert Attempt.objects.count() == 1


def test_each_school_has_its_own_keys(client, api):
    post(client, api, "/api/v1/attempts", item(api, "shared"))
    theirs = post(client, api, "/api/v1/attempts", item(api, "shared", student_id=api.their_students[0].pk),
                  token="theirs_write")
    assert theirs.status_code == 201 and Attempt.objects.count() == 2


def test_it_refuses_a_deactivated_student(client, api):
    api.students[0].active = False
    api.students[0].save()
    answer = post(client, api, "/api/v1/attempts", item(api, "k"))
    assert answer.status_code == 422 and answer.json()["errors"][0]["message"] == "the student is deactivated"


def test_a_read_token_may_not_write_and_no_token_is_unauthorized(client, api):
    refused = post(client, api, "/api/v1/attempts", item(api, "k"), token="mine_read")
    anonymous = client.post("/api/v1/attempts", json.dumps(item(api, "k")), content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    assert not Attempt.objects.exists()


def test_a_batch_of_more_than_10000_is_refused_with_where(client, api):
    answer = post(client, api, BATCH, {"items": [item(api, f"k{i}") for i in range(10_001)]})
    assert answer.status_code == 422 and answer.json()["errors"][0]["path"] == "body.items"
    assert not Attempt.objects.exists()


def test_a_batch_of_10000_is_stored_in_one_request(client, api):
    items = [item(api, f"big-{i:05d}-" + "x" * 60, student_id=api.students[i % 3].pk, duration_seconds=12.5,
                  submitted_at="2026-10-01T08:00:00+00:00") for i in range(10_000)]
    payload = json.dumps({"items": items}, indent=4)  # as a client may send it
    assert len(payload) > 2.5 * 1024 * 1024  # above Django's default DATA_UPLOAD_MAX_MEMORY_SIZE
    answer = client.post(BATCH, payload, content_type="application/json", **api.headers("mine_write"))
    assert answer.status_code == 200 and answer.json()["new"] == 10_000
    assert Attempt.objects.count() == 10_000


def test_a_body_over_the_limit_is_413_and_bad_json_is_400(client, api, settings):
    settings.API_MAX_BODY_BYTES = 1000
    too_large = post(client, api, BATCH, {"items": [item(api, f"k{i}") for i in range(50)]})
    settings.API_MAX_BODY_BYTES = 10_000
    broken = client.post(BATCH, "{not json", content_type="application/json", **api.headers("mine_write"))
    assert too_large.status_code == 413 and too_large.json()["error"] == "too_large"
    assert broken.status_code == 400 and broken.json()["error"] == "bad_request"


@pytest.mark.parametrize("field, value", [("idempotency_key", "a\x00b"), ("student_id", 2**64),
                                          ("hints_used", -1), ("submitted_at", "yesterday")])
def test_out_of_range_values_are_422_with_their_path(client, api, field, value):
    answer = post(client, api, "/api/v1/attempts", item(api, "k") | {field: value})
    assert answer.status_code == 422 and answer.json()["errors"][0]["path"].startswith(f"body.{field}")
