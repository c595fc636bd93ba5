"""In a real browser, a coalition's spreadsheet comes in as a person would bring it: from the request list's Import
button, upload a CSV, check how its columns are read, preview (new requests, a near-match agency, a rejected row
with its reason), confirm, find the requests in the list with their derived deadlines, then undo the whole import.
At 390 px and 1366 px no step is wider than the screen. With E2E_SCREENSHOTS=<dir>, each step is saved there."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from coalition.models import Role
from foia.choices import RequestStatus
from foia.models import FoiaRequest
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import ensure_agencies
from tests.imports.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sheet(today: dt.date) -> bytes:
    day = lambda n: (today - dt.timedelta(days=n)).strftime("%m/%d/%Y")  # noqa: E731
    return csv_bytes(
        [
            ["Agency", "Tracking #", "Subject", "Date Submitted", "Date Received", "Status"],
            ["Immigration & Customs Enforcement", "2026-ICFO-10001", "ISAP contract with BI Inc.", day(60), day(59),
             "In process"],
            ["DHS/ICE", "2026-ICFO-10002", "SmartLINK check-in alerts", day(20), day(20), "Acknowledged"],
            ["Department of Nothing", "X-1", "A request to nowhere", day(10), "", "Submitted"],
        ]
    )  # fmt: skip


def _fits(page, width: int, shots: Path | None, name: str) -> list:
    page.wait_for_load_state("networkidle")
    if shots:
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    return [(name, width, wide)] if wide > width else []


@pytest.mark.parametrize("width", [390, 1366])
def test_import_a_sheet_then_undo_it(browser_page, live_server, tmp_path, width):
    ensure_agencies()
    org = OrganizationFactory(name="Just Futures Law")
    member(org, Role.STAFF, username="sam")
    shots = Path(os.environ["E2E_SCREENSHOTS"]) if os.environ.get("E2E_SCREENSHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    sheet = tmp_path / "coalition-tracker.csv"
    sheet.write_bytes(_sheet(timezone.localdate()))
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    errors, too_wide = [], []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "sam")

    page.goto(f"{live_server.url}/requests/")
    page.click("a.button:has-text('Import')")
    page.click("text=Import a spreadsheet")
    too_wide += _fits(page, width, shots, "import-upload")
    page.set_input_files("input[type=file]", str(sheet))
    page.click("text=Upload and read the columns")
    too_wide += _fits(page, width, shots, "import-columns")
    assert page.locator("select").first.input_value() == "agency"  # "Agency" recognised
    page.click("text=Preview the import")
    too_wide += _fits(page, width, shots, "import-preview")
    created = page.locator("table", has_text="ISAP contract with BI Inc.")
    # "Immigration & Customs Enforcement" and "DHS/ICE" both matched to the directory's ICE.
    assert created.locator("tbody tr").count() == 2 and created.locator("td:text-is('ICE')").count() == 2
    rejected = page.locator("tr", has_text="A request to nowhere")
    assert rejected.locator("td").first.inner_text().strip() == "4"  # the sheet's row number
    assert "Agency: “Department of Nothing” is not in the directory" in rejected.inner_text()
    assert FoiaRequest.objects.count() == 0  # a preview writes nothing

    page.click("#confirm-import")
    too_wide += _fits(page, width, shots, "import-applied")
    assert FoiaRequest.objects.filter(organization=org).count() == 2
    in_process = FoiaRequest.objects.get(tracking_numbers__number="2026-ICFO-10001")
    assert in_process.status == RequestStatus.PROCESSING and in_process.deadlines.exists()  # derived by the engine
    page.goto(f"{live_server.url}/requests/")
    assert "ISAP contract with BI Inc." in page.content() and "SmartLINK check-in alerts" in page.content()

    page.goto(f"{live_server.url}/imports/")
    page.click("table a[href^='/imports/']")
    page.click("#undo-import")
    too_wide += _fits(page, width, shots, "import-undone")
    assert FoiaRequest.objects.filter(organization=org).count() == 0
    assert too_wide == [] and errors == []
