"""The API's documentation page works offline under the Content-Security-Policy: swagger-ui from our static
files draws every operation of the schema (the new_page fixture fails the test on any refused script or
request), and the staff page that makes tokens shows a new token once."""
import pytest
from django.contrib.auth import get_user_model

from portal.api import api
from tests.browser.helpers import sign_in
from tests.fixtures import PASSWORD, SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_draws_every_operation_under_the_policy(live_server, new_page):
    operations = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
    page = new_page()
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == operations


def test_staff_make_a_token_and_see_it_once(live_server, new_page):
    SchoolFactory(name="Hill School")
    get_user_model().objects.create_superuser(username="boss", password=PASSWORD)
    page = new_page()
    sign_in(page, live_server, "boss", PASSWORD)
    page.goto(f"{live_server.url}/staff/api-tokens/")
    page.select_option("select[name=school]", label="Hill School")
    page.fill("input[name=name]", "LMS")
    page.select_option("select[name=scope]", "write")
    page.locator("form button[type=submit]", has_text="Make the token").click()
    token = page.locator("#new-token code").inner_text()
    assert token.startswith("lp_")
    page.goto(f"{live_server.url}/staff/api-tokens/")
    assert token not in page.content() and page.locator("td", has_text="LMS").count() == 1
