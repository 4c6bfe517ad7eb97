"""Error pages (400, 403, 404, 429, 500, 503): the site's own, in English and Chinese, never a traceback."""
from contextlib import contextmanager

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.faults import free_port
from tests.fixtures import UserFactory, require_postgresql
from tests.portal.test_i18n import chinese_of

pytestmark = pytest.mark.django_db
HEADINGS = {400: "Bad request", 403: "Not allowed", 404: "Page not found", 429: "Too many requests",
            500: "Something went wrong", 503: "Down for maintenance", "403_csrf": "Form expired"}
CHINESE = "zh-CN,zh;q=0.9"


@pytest.fixture
def production(client, settings):
    """DEBUG off, and the site's URLs plus three that fail; exceptions become responses as in production."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.portal.error_urls"
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("status", HEADINGS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_renders_each_error_page_without_a_request_in_both_languages(status, language):
    with translation.override(language):
        page = render_to_string(f"{status}.html")  # as Django renders 500.html: no request, no context processors
    heading = HEADINGS[status] if language == "en" else chinese_of(HEADINGS[status])
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page and 'href="/"' in page


@pytest.mark.parametrize("url, status", [("/broken/", 500), ("/suspicious/", 400), ("/denied/", 403),
                                         ("/no-such-page/", 404)])
def test_it_answers_a_failure_with_its_page_and_no_traceback(production, url, status):
    answer = production.get(url)
    page = answer.content.decode()
    assert answer.status_code == status and f"<h1>{HEADINGS[status]}</h1>" in page
    for detail in ("Traceback", "a bug in a view", "a forged request", "not yours", "error_urls"):
        assert detail not in page


@pytest.mark.parametrize("url, status", [("/broken/", 500), ("/no-such-page/", 404)])
def test_it_answers_a_failure_in_chinese_to_a_chinese_browser(production, url, status):
    answer = production.get(url, HTTP_ACCEPT_LANGUAGE=CHINESE)
    page = answer.content.decode()
    assert answer.status_code == status and '<html lang="zh-hans">' in page
    assert f"<h1>{chinese_of(HEADINGS[status])}</h1>" in page and HEADINGS[status] not in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_answers_a_form_without_its_csrf_token_with_its_page(settings, language):
    settings.DEBUG = False
    answer = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "ada", "password": "x"},
                                                   HTTP_ACCEPT_LANGUAGE=language)
    heading = HEADINGS["403_csrf"] if language == "en" else chinese_of(HEADINGS["403_csrf"])
    assert answer.status_code == 403 and f"<h1>{heading}</h1>" in answer.content.decode()


UNAVAILABLE = "Briefly unavailable"


def assert_database_unavailable(answer, language="en"):
    page = answer.content.decode()
    heading = UNAVAILABLE if language == "en" else chinese_of(UNAVAILABLE)
    assert answer.status_code == 503 and answer["Retry-After"] == "5", (answer.status_code, page[:300])
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page
    for detail in ("Traceback", "Connection refused", "OperationalError", "127.0.0.1"):
        assert detail not in page


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_answers_a_database_outage_with_a_503_to_retry(production, settings, debug, language):
    settings.DEBUG = debug  # with DEBUG on too: no traceback page for an outage
    answer = production.get("/database-gone/", HTTP_ACCEPT_LANGUAGE=CHINESE if language == "zh-hans" else "en")
    assert_database_unavailable(answer, language)


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_while_the_database_is_unreachable_and_serves_again_after(production):
    """A signed-in visitor's session is read by a middleware, before any view: the outage shows there first."""
    require_postgresql()
    production.force_login(UserFactory())
    with database_unreachable():
        assert_database_unavailable(production.get("/"))
        assert_database_unavailable(production.get("/", HTTP_ACCEPT_LANGUAGE=CHINESE), "zh-hans")
    assert production.get("/").status_code == 200


@contextmanager
def database_unreachable():
    """The database's address now refuses connections (as while PostgreSQL restarts); put back after."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        settings_dict["PORT"] = port


def test_it_finds_a_lost_database_behind_the_error_it_caused():
    from django.db import OperationalError

    from portal.views.errors import database_down

    lost = OperationalError("the database system is shutting down")
    try:
        try:
            raise lost
        except OperationalError:
            raise AttributeError("'SessionStore' object has no attribute '_session_cache'")
    except AttributeError as error:
        assert database_down(error) is lost
    assert database_down(ValueError("no database here")) is None
