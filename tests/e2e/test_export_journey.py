"""In a real browser: filter the request list, click Export CSV and get the file of what the filters show; with a
low threshold, Export XLSX offers a background job whose page updates itself until the download appears."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coalition.models import Role
from tests.e2e.conftest import log_in
from tests.exports.conftest import csv_rows
from tests.factories import OrganizationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_the_filtered_request_list(browser_page, live_server, settings, tmp_path):
    from tests.foia.factories import FoiaRequestFactory, agency, ensure_agencies

    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="sam")
    for subject, slug in (("Alpha", "ice"), ("Bravo", "ice"), ("Charlie", "cbp")):
        FoiaRequestFactory(organization=org, subject=subject, agency=agency(slug))
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/requests/?agency=ice")
    with page.expect_download() as download_info:
        page.click("text=Export CSV")
    download = download_info.value
    assert download.suggested_filename.startswith("foia-tracker-requests-")
    rows = csv_rows(Path(download.path()).read_bytes())
    assert sorted(r[4] for r in rows[1:]) == ["Alpha", "Bravo"]

    settings.EXPORTS_STREAM_MAX_ROWS = 1  # two rows: the background path
    page.goto(f"{live_server.url}/requests/?agency=ice")
    page.click("text=Export XLSX")
    page.click("text=Prepare XLSX of 2 requests")
    with page.expect_download() as download_info:
        page.click("#export-download")  # appears once the job is done (eager here; the page polls otherwise)
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).worksheets[0]
    assert sorted(row[4].value for row in sheet.iter_rows(min_row=2)) == ["Alpha", "Bravo"]
    assert errors == []
