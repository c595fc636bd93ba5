"""A person logs in with a real browser and reaches the dashboard; the pages load nothing from outside the site."""

import pytest

from coalition.models import Role
from tests.factories import PASSWORD, OrganizationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_and_reach_the_dashboard(browser_page, live_server):
    member(OrganizationFactory(name="Immigrant Defense Project"), Role.ATTORNEY, username="ana", first_name="Ana")
    requested = []
    browser_page.on("request", lambda req: requested.append(req.url))

    browser_page.goto(f"{live_server.url}/")
    assert browser_page.url == f"{live_server.url}/accounts/login/?next=/"
    browser_page.fill("#id_username", "ana")
    browser_page.fill("#id_password", "not-the-password")
    browser_page.click("button[type=submit]")
    assert browser_page.locator(".form-errors").inner_text().startswith("Please enter a correct username")

    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(f"{live_server.url}/")
    assert browser_page.locator("h1").inner_text() == "Dashboard"
    assert "Working in Immigrant Defense Project" in browser_page.locator(".lede").inner_text()
    assert browser_page.locator(".account .user").inner_text().startswith("Ana")
    # The stylesheet really applied (served from static/, not a CDN).
    assert browser_page.eval_on_selector(".topbar", "el => getComputedStyle(el).display") == "flex"

    browser_page.click("text=Log out")
    browser_page.wait_for_url(f"{live_server.url}/accounts/login/")

    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == [], foreign


def test_api_docs_render_from_local_assets(browser_page, live_server):
    requested = []
    browser_page.on("request", lambda req: requested.append(req.url))
    browser_page.goto(f"{live_server.url}/api/v1/docs/")
    browser_page.wait_for_selector("text=FOIA & Litigation Tracker API")
    browser_page.wait_for_selector("text=/api/v1/organizations/")
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == [], foreign


def test_redoc_renders_without_asking_for_its_vendors_logo(browser_page, live_server):
    """Redoc's stock bundle shows a logo from cdn.redoc.ly in its side menu; the vendored bundle does not ask for it
    (the page's Content-Security-Policy would refuse it, with a console error), and the docs still render."""
    local = (live_server.url, f"blob:{live_server.url}", "data:")
    asked, errors = [], []
    browser_page.on("request", lambda req: asked.append(req.url))
    browser_page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    browser_page.goto(f"{live_server.url}/api/v1/redoc/")
    browser_page.wait_for_selector("text=FOIA & Litigation Tracker API")
    browser_page.wait_for_selector("text=API docs by Redocly")  # the side menu, where the logo was, has rendered
    browser_page.wait_for_timeout(500)
    assert [url for url in asked if not url.startswith(local)] == []
    assert errors == [], errors


def test_on_a_phone_the_header_and_tables_stay_within_the_screen(browser_page, live_server):
    import datetime as dt

    from foia.choices import EventKind as E
    from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

    ensure_agencies()
    org = OrganizationFactory(name="Immigrant Defense Project")
    ana = member(org, Role.ATTORNEY, username="ana", first_name="Ana", last_name="Advocate-Longname")
    requests = [
        FoiaRequestFactory(organization=org, subject=f"ISAP SmartLINK location data retention schedules, part {n}")
        for n in range(3)
    ]
    record_all(requests[0], ana, (E.SUBMITTED, dt.date(2026, 11, 2)), (E.RECEIVED, dt.date(2026, 11, 4)))
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    pages = ("/", "/requests/", "/deadlines/", "/deadlines/upcoming/", "/deadlines/calculator/", "/requests/new/")
    for path in (*pages, requests[0].get_absolute_url(), "/deadlines/closures/"):  # the request page: clock, facts
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.click("button.menu-button")  # the header's links are behind the menu button on phones
        logout = page.locator("text=Log out").bounding_box()
        assert logout is not None and logout["x"] + logout["width"] <= 390, path
