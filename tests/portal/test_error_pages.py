"""Error pages (400, 403, 404, 429, 500, 503): the site's own, in English and Chinese, never a traceback."""
import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

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
