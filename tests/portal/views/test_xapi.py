"""The xAPI statements resource as learning record providers use it: Basic auth with a school's token, the
version header, POST of one or many, PUT by id, GET by id; statements we cannot use are kept with the reason."""
import base64
import json
import uuid

import pytest

from learners.models import ApiScope, Attempt, XapiActivity, XapiStatement
from learners.services.api_tokens import api_token_create
from tests.fixtures import ExerciseFactory, SchoolFactory, StudentFactory

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
ACTIVITY = "http://h5p.example/wp-admin/admin-ajax.php?action=h5p_embed&id=17"


def h5p_answered(student: str, success: bool, sid: str | None = None) -> dict:
    """As H5P's xAPI integration sends it (a WordPress LRS plug-in), trimmed of its long definition."""
    body = {
        "actor": {"name": "Ann Lee", "account": {"name": student, "homePage": "http://h5p.example"},
                  "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"id": ACTIVITY, "objectType": "Activity",
                   "definition": {"interactionType": "fill-in", "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                                  "name": {"en-US": "Fractions 1"}}},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.Blanks-1.14",
                                                        "objectType": "Activity"}]}},
        "result": {"score": {"min": 0, "max": 2, "raw": 2 if success else 1, "scaled": 1 if success else 0.5},
                   "completion": True, "success": success, "duration": "PT7.46S", "response": "3/4[,]1/2"},
        "timestamp": "2026-11-30T09:12:03.512Z",
    }
    return {**body, "id": sid} if sid else body


@pytest.fixture
def lrs(client):
    school = SchoolFactory()
    student = StudentFactory(school=school, external_id="1001")
    exercise = ExerciseFactory()
    XapiActivity.objects.create(school=school, activity_id=ACTIVITY, skill=exercise.skill, exercise=exercise)
    tokens = {scope: api_token_create(school=school, name=scope, scope=scope)[1] for scope in ApiScope.values}
    return school, student, tokens


def send(client, method, token, body=None, version="1.0.3", **params):
    headers = {"X-Experience-API-Version": version} if version else {}
    if token:
        headers["Authorization"] = "Basic " + base64.b64encode(f"lrp:{token}".encode()).decode()
    query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(URL + query, data=data, content_type="application/json", headers=headers)


def test_it_records_a_posted_batch_and_answers_the_ids_with_the_version(client, lrs):
    school, student, tokens = lrs
    response = send(client, "post", tokens["write"], [h5p_answered("1001", True), h5p_answered("1001", False)])
    assert response.status_code == 200 and response["X-Experience-API-Version"] == "1.0.3"
    assert len(response.json()) == 2
    assert sorted(Attempt.objects.filter(student=student).values_list("correct", "score")) == [(False, 0.5),
                                                                                              (True, 1.0)]


def test_it_stores_a_put_statement_once_however_often_it_is_sent(client, lrs):
    sid = str(uuid.uuid4())
    for _ in range(3):
        assert send(client, "put", lrs[2]["write"], h5p_answered("1001", True), statementId=sid).status_code == 204
    assert Attempt.objects.count() == 1
    got = send(client, "get", lrs[2]["read"], statementId=sid)
    assert got.status_code == 200 and got.json()["id"] == sid and "stored" in got.json()


def test_it_answers_409_to_a_known_id_with_other_content(client, lrs):
    sid = str(uuid.uuid4())
    send(client, "put", lrs[2]["write"], h5p_answered("1001", True), statementId=sid)
    assert send(client, "put", lrs[2]["write"], h5p_answered("1001", False), statementId=sid).status_code == 409


def test_it_keeps_statements_it_cannot_use_with_the_reason(client, lrs):
    moodle_viewed = {"actor": {"account": {"name": "1001", "homePage": "https://moodle.example"}},
                     "verb": {"id": "http://id.tincanapi.com/verb/viewed"},
                     "object": {"id": "https://moodle.example/mod/page/view.php?id=4"}}
    stranger = h5p_answered("9999", True)
    response = send(client, "post", lrs[2]["write"], [moodle_viewed, stranger])
    assert response.status_code == 200
    assert not Attempt.objects.exists()
    assert sorted(XapiStatement.objects.values_list("reason", flat=True)) == [
        "no student of this school is account 9999", "verb http://id.tincanapi.com/verb/viewed is not one we record"]


@pytest.mark.parametrize("token, version, status", [(None, "1.0.3", 401), ("lp_nope_nope", "1.0.3", 401),
                                                    ("write", None, 400), ("write", "0.95", 400), ("read", "1.0.3", 403)])
def test_it_refuses_a_post_without_a_write_token_or_the_version(client, lrs, token, version, status):
    response = send(client, "post", lrs[2].get(token, token), h5p_answered("1001", True), version=version)
    assert response.status_code == status and "error" in response.json()
    assert not XapiStatement.objects.exists()


def test_it_never_shows_a_statement_to_another_schools_token(client, lrs):
    sid = str(uuid.uuid4())
    send(client, "put", lrs[2]["write"], h5p_answered("1001", True), statementId=sid)
    other = api_token_create(school=SchoolFactory(), name="other", scope=ApiScope.WRITE)[1]
    assert send(client, "get", other, statementId=sid).status_code == 404
    assert send(client, "get", other).json() == {"statements": [], "more": ""}


@pytest.mark.parametrize("body, message", [("not json", "not JSON"), ([{"verb": {}}], "statements[0].verb.id")])
def test_it_answers_bad_bodies_with_400_saying_where(client, lrs, body, message):
    headers = {"X-Experience-API-Version": "1.0.3",
               "Authorization": "Basic " + base64.b64encode(f"{lrs[2]['write']}:".encode()).decode()}
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(URL, data=data, content_type="application/json", headers=headers)
    assert response.status_code == 400 and message in response.json()["error"]


def test_it_answers_a_put_without_an_id_and_a_get_with_a_bad_id_with_400(client, lrs):
    assert send(client, "put", lrs[2]["write"], h5p_answered("1001", True)).status_code == 400
    assert send(client, "get", lrs[2]["read"], statementId="nope").status_code == 400
