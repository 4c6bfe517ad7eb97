"""Students, classrooms and enrolments through the API: each school sees and changes only its own."""
import json

import pytest

from learners.models import Classroom, Enrollment, Student

pytestmark = pytest.mark.django_db


def call(client, api, method, url, body=None, token="mine_write"):
    data = json.dumps(body) if body is not None else None
    return client.generic(method, url, data or "", content_type="application/json", **api.headers(token))


def ids(answer) -> set[int]:
    return {row["id"] for row in answer.json()["items"]}


@pytest.mark.parametrize("token", ["mine_read", "theirs_read"])
def test_each_school_lists_only_its_own_students_and_classrooms(client, api, token):
    side = "mine" if token.startswith("mine") else "theirs"
    students = api.students if side == "mine" else api.their_students
    classroom = api.classroom if side == "mine" else api.their_classroom
    assert ids(call(client, api, "GET", "/api/v1/students", token=token)) == {s.pk for s in students}
    assert ids(call(client, api, "GET", "/api/v1/classrooms", token=token)) == {classroom.pk}


def test_another_schools_objects_are_not_found(client, api):
    student, classroom = api.their_students[0], api.their_classroom
    for method, url, body in [
        ("GET", f"/api/v1/students/{student.pk}", None),
        ("PATCH", f"/api/v1/students/{student.pk}", {"display_name": "x"}),
        ("DELETE", f"/api/v1/students/{student.pk}", None),
        ("GET", f"/api/v1/classrooms/{classroom.pk}", None),
        ("GET", f"/api/v1/classrooms/{classroom.pk}/enrolments", None),
        ("POST", f"/api/v1/classrooms/{api.classroom.pk}/enrolments", {"student_id": student.pk}),
        ("DELETE", f"/api/v1/classrooms/{classroom.pk}/enrolments/{student.pk}", None),
    ]:
        answer = call(client, api, method, url, body)
        assert (answer.status_code, answer.json()["error"]) == (404, "not_found"), (method, url)
    assert Student.objects.get(pk=student.pk).active and Student.objects.get(pk=student.pk).display_name == ""


def test_it_creates_updates_and_deactivates_a_student(client, api):
    made = call(client, api, "POST", "/api/v1/students", {"external_id": "sis-42", "display_name": "Li Lei"})
    assert made.status_code == 201
    pk = made.json()["id"]
    assert Student.objects.get(pk=pk).school == api.mine
    changed = call(client, api, "PATCH", f"/api/v1/students/{pk}", {"display_name": "Han Meimei"})
    assert changed.json()["display_name"] == "Han Meimei" and changed.json()["external_id"] == "sis-42"
    gone = call(client, api, "DELETE", f"/api/v1/students/{pk}")
    assert gone.status_code == 200 and not gone.json()["active"]
    assert ids(call(client, api, "GET", "/api/v1/students?active=false")) == {pk}


def test_a_used_external_id_or_classroom_name_is_refused_with_its_field(client, api):
    taken = call(client, api, "POST", "/api/v1/students", {"external_id": api.their_students[0].external_id})
    named = call(client, api, "POST", "/api/v1/classrooms", {"name": api.classroom.name})
    assert taken.status_code == 422 and taken.json()["errors"][0]["path"] == "body.external_id"
    assert named.status_code == 422 and named.json()["errors"][0]["path"] == "body.name"
    assert Student.objects.count() == 6 and Classroom.objects.count() == 2


def test_it_creates_renames_and_deactivates_a_classroom(client, api):
    made = call(client, api, "POST", "/api/v1/classrooms", {"name": "8C"})
    pk = made.json()["id"]
    assert made.status_code == 201 and Classroom.objects.get(pk=pk).school == api.mine
    assert call(client, api, "PATCH", f"/api/v1/classrooms/{pk}", {"name": "8D"}).json()["name"] == "8D"
    assert not call(client, api, "DELETE", f"/api/v1/classrooms/{pk}").json()["active"]


def test_it_enrols_deactivates_and_reactivates_an_enrolment(client, api):
    room = call(client, api, "POST", "/api/v1/classrooms", {"name": "8C"}).json()["id"]
    student = api.students[0].pk
    url = f"/api/v1/classrooms/{room}/enrolments"
    assert call(client, api, "POST", url, {"student_id": student}).status_code == 201
    assert not call(client, api, "DELETE", f"{url}/{student}").json()["active"]
    assert call(client, api, "POST", url, {"student_id": student}).status_code == 200
    assert call(client, api, "GET", f"{url}/{student}", token="mine_read").json()["active"]
    assert not call(client, api, "PATCH", f"{url}/{student}", {"active": False}).json()["active"]
    assert Enrollment.objects.filter(classroom_id=room).count() == 1


def test_it_pages_long_lists(client, api):
    page = call(client, api, "GET", "/api/v1/students?limit=2&offset=1", token="mine_read").json()
    assert page["count"] == 3 and [row["id"] for row in page["items"]] == [s.pk for s in api.students[1:3]]
    too_far = call(client, api, "GET", "/api/v1/students?limit=5000", token="mine_read")
    assert too_far.status_code == 422 and too_far.json()["errors"][0]["path"] == "query.limit"
