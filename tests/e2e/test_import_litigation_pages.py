"""The import pages for cases and court-ordered deadlines, at a phone's width and a laptop's: the upload page with
its kinds, each kind's mapping step and preview (creates, updates, rejections), and an applied batch."""

import datetime as dt

import pytest
import time_machine

from coalition.models import Role
from directory.models import Court
from directory.seeds import courts_seed
from imports import services
from litigation import services as litigation_services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import ensure_agencies
from tests.imports.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)


def test_import_pages_for_cases_and_court_deadlines_fit_the_screen(browser_page, live_server):
    ensure_agencies()
    courts_seed(court_model=Court)
    org = OrganizationFactory(name="Immigrant Defense Project")
    admin = member(org, Role.ADMIN, username="ana")
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC), tick=False):
        litigation_services.case_create(
            actor=admin, organization=org, caption="Mijente v. DHS", court=Court.objects.get(slug="cand"),
            docket_number="3:22-cv-01234", filed_on=dt.date(2026, 11, 4),
        )  # fmt: skip
        cases = services.batch_upload_bytes(
            user=admin, organization=org, name="cases.csv", kind="cases",
            content=csv_bytes([
                ["Caption", "Court", "Docket number", "Judge", "Filed on"],
                ["Community Justice Exchange, Just Futures Law and Mijente v. U.S. Department of Homeland Security",
                 "D.D.C.", "1:26-cv-01234", "Hon. Amit P. Mehta", "11/20/2026"],
                ["Mijente v. DHS", "N.D. Cal.", "3:22-cv-01234", "Hon. Rita F. Lin", ""],
                ["Wrong office", "D.D.C.", "4:26-cv-01234", "", ""],
            ]),
        )  # fmt: skip
        services.batch_preview(user=admin, batch=cases)
        deadlines = services.batch_upload_bytes(
            user=admin, organization=org, name="deadlines.csv", kind="court_deadlines",
            content=csv_bytes([
                ["Case", "Court", "Title", "Due date"],
                ["3:22-cv-01234", "N.D. Cal.", "Defendants' first interim production of ISAP records", "01/15/2027"],
                ["1:99-cv-00000", "D.D.C.", "Unknown case", "01/15/2027"],
            ]),
        )  # fmt: skip
        services.batch_preview(user=admin, batch=deadlines)
        applied = services.batch_upload_bytes(
            user=admin, organization=org, name="applied.csv", kind="court_deadlines",
            content=csv_bytes([["Case", "Title", "Due date"], ["3:22-cv-01234", "Joint status report", "2027-01-29"]]),
        )  # fmt: skip
        services.batch_confirm(user=admin, batch=services.batch_preview(user=admin, batch=applied))
    paths = [
        "/imports/",
        "/imports/new/",
        *(f"/imports/{b.pk}/{s}" for b in (cases, deadlines) for s in ("", "columns/")),
        f"/imports/{applied.pk}/",
    ]
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append((page.url, msg.text)))
    page.on("pageerror", lambda exc: errors.append((page.url, str(exc))))
    log_in(page, live_server, "ana")
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            if (wide := page.evaluate("document.documentElement.scrollWidth")) > width:
                too_wide.append((width, path, wide))
    page.goto(f"{live_server.url}/imports/{cases.pk}/")
    assert "Cases to create" in page.content() and "Cases to update" in page.content()
    assert too_wide == [] and errors == []
