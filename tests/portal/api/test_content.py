"""Skills and exercises through the API: the bank's and the school's own, never another school's."""
import pytest

pytestmark = pytest.mark.django_db


def get(client, api, url, token="mine_read"):
    return client.get(url, **api.headers(token))


def test_a_school_lists_the_bank_and_its_own_exercises(client, api):
    mine = {row["id"] for row in get(client, api, f"/api/v1/exercises?skill_id={api.skill.pk}").json()["items"]}
    assert mine == {api.exercise.pk, api.classroom_exercise.pk}


def test_another_schools_exercise_is_not_found(client, api):
    assert get(client, api, f"/api/v1/exercises/{api.their_exercise.pk}").status_code == 404
    assert get(client, api, f"/api/v1/exercises/{api.their_exercise.pk}", "theirs_read").status_code == 200


def test_skills_are_every_schools(client, api):
    listed = get(client, api, "/api/v1/skills", "theirs_read").json()
    assert api.skill.pk in {row["id"] for row in listed["items"]}
    assert get(client, api, f"/api/v1/skills/{api.skill.pk}").json()["code"] == api.skill.code
