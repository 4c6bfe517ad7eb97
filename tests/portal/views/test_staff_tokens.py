"""The staff page of API tokens: make one (shown on that answer only), revoke one; staff only."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from learners.models import ApiToken
from learners.selectors.api_tokens import api_token_for
from tests.fixtures import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def test_it_makes_a_token_and_shows_it_once(boss):
    school = SchoolFactory()
    made = boss.post(reverse("staff-api-tokens"), {"school": school.pk, "name": "LMS", "scope": "read"})
    token = made.context["new_token"]
    assert made.status_code == 200 and api_token_for(token).school == school
    assert token not in boss.get(reverse("staff-api-tokens")).content.decode()


def test_it_refuses_an_incomplete_form_with_a_400(boss):
    assert boss.post(reverse("staff-api-tokens"), {"name": "LMS"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_staff_without_the_permission_may_look_but_not_make_or_revoke(client):
    user = UserFactory(username="helper", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_apitoken"))
    client.force_login(user)
    school = SchoolFactory()
    assert client.get(reverse("staff-api-tokens")).status_code == 200
    made = client.post(reverse("staff-api-tokens"), {"school": school.pk, "name": "x", "scope": "read"})
    assert made.status_code == 403
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(boss):
    from learners.services.api_tokens import api_token_create

    _token, plain = api_token_create(school=SchoolFactory(), name="LMS")
    boss.post(reverse("staff-api-token-revoke", args=[_token.pk]))
    assert api_token_for(plain) is None
