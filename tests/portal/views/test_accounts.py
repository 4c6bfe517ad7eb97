"""Signing in: failed sign-ins lock out an account and an address (site and admin), passwords reset by email,
and a password change staff ask for comes before anything else."""
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from learners.models import AccountPolicy
from learners.services import accounts, rosters
from tests.fixtures import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"
LOGINS = {"site": "login", "admin": "admin:login"}


def sign_in(client, page, username, password=PASSWORD, address="10.0.0.1", **headers):
    return client.post(reverse(LOGINS[page]), {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


def fail(client, page, times, *, username="someone", address="10.0.0.1") -> list[int]:
    return [sign_in(client, page, username, "wrong", address).status_code for _ in range(times)]


@pytest.fixture
def staff():
    return UserFactory(username="head", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("page", LOGINS)
def test_it_locks_an_account_out_after_five_failures_from_anywhere(client, staff, page):
    assert [fail(client, page, 1, username="head", address=f"10.0.1.{n}")[0] for n in range(5)] == [200] * 4 + [429]
    answer = sign_in(client, page, "head", address="10.0.2.1")  # the right password, from a fresh address
    assert answer.status_code == 429
    assert "Sign-in paused" in answer.content.decode() and "Try again in 15 minutes" in answer.content.decode()
    assert sign_in(client, page, staff.username + "-not", "wrong", address="10.0.2.1").status_code == 200


@pytest.mark.parametrize("page", LOGINS)
def test_it_locks_an_address_out_after_five_failures_for_any_accounts(client, staff, page):
    assert [fail(client, page, 1, username=f"guess{n}", address="10.0.0.9")[0] for n in range(5)] == [200] * 4 + [429]
    assert sign_in(client, page, "head", address="10.0.0.9").status_code == 429
    assert sign_in(client, page, "head", address="10.0.0.10").status_code == 302  # another address may


def test_it_lets_four_failures_pass_and_a_success_starts_the_count_again(client, staff):
    assert fail(client, "site", 4, username="head") == [200] * 4
    assert sign_in(client, "site", "head").status_code == 302
    client.logout()
    assert fail(client, "site", 4, username="head") == [200] * 4
    assert sign_in(client, "site", "head").status_code == 302


def test_it_explains_the_lockout_in_chinese(client, staff):
    fail(client, "site", 5, username="head")
    answer = sign_in(client, "site", "head", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 429 and "15 分钟" in answer.content.decode()


def test_it_takes_the_address_from_x_forwarded_for_only_when_told_to_trust_it(client, staff, settings):
    fail(client, "site", 5, username="guess", address="10.0.0.9")
    assert sign_in(client, "site", "head", address="10.0.0.9", HTTP_X_FORWARDED_FOR="10.7.7.7").status_code == 429
    settings.TRUST_X_FORWARDED_FOR = True  # the proxy at 10.0.0.9 appends the client's address last
    assert sign_in(client, "site", "head", address="10.0.0.9",
                   HTTP_X_FORWARDED_FOR="10.0.0.5, 10.7.7.7").status_code == 302
    client.logout()
    fail(client, "site", 5, username="guess2", address="10.0.0.9")  # behind the proxy: not 10.0.0.9's fault
    settings.TRUST_X_FORWARDED_FOR = False
    assert sign_in(client, "site", "head", address="10.0.0.9").status_code == 429


def test_the_login_page_offers_a_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def reset_link(client, email) -> str:
    assert client.post(reverse("password_reset"), {"email": email}).url == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    return re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)


def set_password_through(client, link, password) -> None:
    form_page = client.get(link, follow=True)
    assert "New password" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.url == reverse("password_reset_complete")


def test_it_mails_a_link_that_sets_a_new_password(client):
    UserFactory(username="pupil", email="pupil@example.org")
    link = reset_link(client, "pupil@example.org")
    set_password_through(client, link, "a-new-long-password")
    assert sign_in(client, "site", "pupil", "a-new-long-password").url == reverse("home")
    client.logout()
    assert sign_in(client, "site", "pupil", PASSWORD).status_code == 200  # the old one no longer works
    assert "invalid" in client.get(link, follow=True).content.decode()  # the link works once


def test_it_does_not_tell_whether_an_address_has_an_account(client):
    answer = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert answer.url == reverse("password_reset_done") and not mail.outbox


@pytest.fixture
def flagged(client):
    student = rosters.student_create(username="pupil", password=PASSWORD)
    accounts.password_change_require(user=student.user)
    client.force_login(student.user)
    return student.user


def test_it_sends_a_user_staff_flagged_to_change_their_password_first(client, flagged):
    assert client.get(reverse("my-plan")).url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    done = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "a-new-long-password", "new_password2": "a-new-long-password"})
    assert done.url == reverse("password_change_done")
    assert client.get(reverse("my-plan")).status_code == 200
    assert not AccountPolicy.objects.get(user=flagged).must_change_password


def test_a_password_reset_meets_the_request_too(client, flagged):
    flagged.email = "pupil@example.org"
    flagged.save()
    client.logout()
    set_password_through(client, reset_link(client, "pupil@example.org"), "a-new-long-password")
    assert not AccountPolicy.objects.get(user=flagged).must_change_password


def test_a_flagged_user_may_still_sign_out(client, flagged):
    assert client.post(reverse("logout")).url == reverse("login")


def test_staff_require_a_password_change_from_the_admin(client, staff):
    user = UserFactory(username="pupil")
    client.force_login(staff)
    answer = client.post(reverse("admin:auth_user_changelist"),
                         {"action": "require_password_change", "_selected_action": [user.pk]})
    assert answer.status_code == 302 and AccountPolicy.objects.get(user=user).must_change_password
    assert client.get(reverse("admin:learners_accountpolicy_changelist")).status_code == 200


def test_it_counts_a_sign_in_with_a_username_longer_than_any_as_a_failure(client):
    answer = client.post(reverse("login"), {"username": "x" * 5000, "password": "nope"})
    assert answer.status_code == 200 and "didn" in answer.content.decode()
    assert AccessAttempt.objects.get().username == "x" * 150
