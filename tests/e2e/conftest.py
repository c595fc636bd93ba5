"""Browser fixtures: Playwright's sync API driving Debian's Chromium against pytest-django's `live_server`.

Use in a test module marked `pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]` (the live
server runs in another thread, so data must be committed for it to see it)::

    def test_something(browser_page, live_server):
        browser_page.goto(live_server.url + "/")
"""

import pytest
from django.db import connections

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(request, monkeypatch):
    if request.node.get_closest_marker("browser") is None:
        pytest.fail("tests using browser_page must be marked @pytest.mark.browser", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test itself (creating
    # users, checking results) would otherwise be refused as "called from an async context".
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            yield page
        finally:
            # ORM calls made while Playwright's loop runs get their own connection (Django keys connections by
            # async context); close it here, in that context, or PostgreSQL cannot drop the test database.
            connections.close_all()
            context.close()
            browser.close()


def log_in(page, live_server, username: str) -> None:
    """Sign in through the login page (every demo and test user has the factories' password)."""
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
