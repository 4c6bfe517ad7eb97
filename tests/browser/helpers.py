"""What the browser tests do on a page: sign in, wait for charts, read a chart's figure (the users they sign in as
and their password come from tests.fixtures)."""
import json

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page, live_server, username: str, password: str) -> None:
    """Through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def charts_drawn(page, expected: int | None = None) -> int:
    """Wait until every Plotly chart on the page has drawn (its .plot div holds svg.main-svg); returns how many."""
    plots = page.locator(".plot[data-figure]")
    count = plots.count()
    if expected is not None:
        assert count == expected, f"{page.url}: {count} charts, expected {expected}"
    for n in range(count):
        plots.nth(n).locator("svg.main-svg").first.wait_for(state="attached")
    return count


def chart_figure(page, data_id: str) -> dict:
    """A chart's figure as the page embeds it (the <script type="application/json"> the chart is drawn from)."""
    return json.loads(page.locator(f"script#{data_id}").text_content())
