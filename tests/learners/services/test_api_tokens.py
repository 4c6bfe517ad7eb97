import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from learners.models import ApiToken
from learners.selectors.api_tokens import api_token_for
from learners.services.api_tokens import api_token_create, api_token_revoke, api_token_touch
from tests.fixtures import SchoolFactory

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_prefix_and_the_sha256_of_the_secret():
    token, plain = api_token_create(school=SchoolFactory(), name="LMS", scope="write")
    prefix, secret = plain.removeprefix("lp_").split("_", 1)
    stored = ApiToken.objects.get()
    assert (stored.prefix, stored.scope) == (prefix, "write")
    assert stored.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())


def test_it_finds_a_token_only_by_its_whole_secret_and_never_once_revoked():
    token, plain = api_token_create(school=SchoolFactory(), name="LMS")
    assert api_token_for(plain) == token
    assert api_token_for(plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None
    assert api_token_for("Bearer nonsense") is None and api_token_for("lp__") is None
    api_token_revoke(token=token)
    assert api_token_for(plain) is None


def test_last_use_is_written_at_most_once_a_minute(django_assert_num_queries):
    token, _ = api_token_create(school=SchoolFactory(), name="LMS")
    now = timezone.now()
    api_token_touch(token=token, now=now)
    with django_assert_num_queries(0):
        api_token_touch(token=token, now=now + dt.timedelta(seconds=59))
    api_token_touch(token=token, now=now + dt.timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == now + dt.timedelta(seconds=61)
