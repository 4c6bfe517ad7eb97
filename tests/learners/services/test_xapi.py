"""xAPI statements stored: once each, as attempts where they can be, kept with a reason where not."""
import uuid

import pytest

from learners.models import Attempt, AttemptSource, XapiActivity, XapiStatement
from learners.services.xapi import StatementConflict, xapi_statements_reread, xapi_statements_store
from learners.xapi_statements import StatementRefused
from tests.fixtures import ExerciseFactory, SchoolFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db
ACTIVITY = "https://lms.example/q/7"


def statement(n: int, student="s-1", verb="answered", activity=ACTIVITY, **result):
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "actor": {"account": {"homePage": "https://lms", "name": student}},
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"}, "object": {"id": activity},
            "result": result or {"success": True}, "timestamp": "2026-11-30T08:00:00Z"}


@pytest.fixture
def world():
    school = SchoolFactory()
    student = StudentFactory(school=school, external_id="s-1")
    exercise = ExerciseFactory()
    XapiActivity.objects.create(school=school, activity_id=ACTIVITY, skill=exercise.skill, exercise=exercise)
    return school, student, exercise


def test_it_stores_a_usable_statement_as_an_attempt(world):
    school, student, exercise = world
    ids = xapi_statements_store(school=school, statements=statement(1, success=False, score={"scaled": 0.5}))
    attempt = Attempt.objects.get()
    assert ids == ["00000000-0000-4000-8000-000000000001"]
    assert (attempt.student, attempt.exercise, attempt.correct, attempt.score) == (student, exercise, False, 0.5)
    assert attempt.source == AttemptSource.XAPI and XapiStatement.objects.get().attempt == attempt


def test_it_stores_a_statement_sent_twice_once(world):
    school = world[0]
    for _ in range(2):
        xapi_statements_store(school=school, statements=[statement(1), statement(2)])
    assert Attempt.objects.count() == XapiStatement.objects.count() == 2


def test_it_refuses_a_known_id_with_other_content_and_stores_nothing_of_the_request(world):
    school = world[0]
    xapi_statements_store(school=school, statements=statement(1))
    with pytest.raises(StatementConflict):
        xapi_statements_store(school=school, statements=[statement(2), statement(1, success=False)])
    assert XapiStatement.objects.count() == 1


def test_it_stores_nothing_of_a_request_with_one_refused_statement(world):
    with pytest.raises(StatementRefused, match=r"statements\[1\]\.verb\.id"):
        xapi_statements_store(school=world[0], statements=[statement(1), {"actor": {}, "verb": {}}])
    assert not XapiStatement.objects.exists() and not Attempt.objects.exists()


def test_it_keeps_unusable_statements_with_their_reasons(world):
    school = world[0]
    xapi_statements_store(school=school, statements=[
        statement(1, student="nobody"), statement(2, activity="https://lms.example/unmapped"),
        statement(3, verb="experienced"), statement(4, verb="attempted", response="x")])
    reasons = dict(XapiStatement.objects.values_list("statement_id", "reason"))
    assert "no student of this school is account nobody" in reasons[_uuid(1)]
    assert "not mapped to a skill" in reasons[_uuid(2)]
    assert "not one we record" in reasons[_uuid(3)]
    assert "neither success nor score" in reasons[_uuid(4)]
    assert not Attempt.objects.exists()


def test_it_never_reads_another_schools_student_or_activity(world):
    other = SchoolFactory()
    xapi_statements_store(school=other, statements=statement(1))
    assert not Attempt.objects.exists()
    assert "no student of this school" in XapiStatement.objects.get(school=other).reason


def test_it_finds_a_student_by_the_mbox_of_their_login(world):
    school, _, _ = world
    user = UserFactory(email="Ann@School.Example")
    ann = StudentFactory(school=school, user=user)
    body = {**statement(1), "actor": {"mbox": "mailto:ann@school.example"}}
    xapi_statements_store(school=school, statements=body)
    assert Attempt.objects.get().student == ann


def test_it_makes_attempts_of_kept_statements_once_their_activity_is_mapped(world):
    school, _, exercise = world
    xapi_statements_store(school=school, statements=statement(1, activity="https://lms.example/later"))
    assert xapi_statements_reread(school=school) == 0
    XapiActivity.objects.create(school=school, activity_id="https://lms.example/later", skill=exercise.skill)
    assert xapi_statements_reread(school=school) == 1
    assert XapiStatement.objects.get().reason == "" and Attempt.objects.count() == 1


def test_it_refuses_more_than_a_thousand_statements(world):
    with pytest.raises(StatementRefused, match="1 to 1000"):
        xapi_statements_store(school=world[0], statements=[statement(n) for n in range(1001)])


def _uuid(n: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")
