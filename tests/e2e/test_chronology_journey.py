"""From a case's page, open the exhaustion chronology of the request it enforces and download it as DOCX."""

import datetime as dt

import pytest
import time_machine
from docx import Document

from coalition.models import Role
from directory.models import Court
from directory.seeds import courts_seed
from foia.choices import EventKind as E
from litigation import services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_a_linked_requests_chronology_from_the_case_and_download_the_docx(browser_page, live_server):
    ensure_agencies()
    courts_seed(court_model=Court)
    org = OrganizationFactory(name="Immigrant Defense Project")
    ana = member(org, Role.ATTORNEY, username="ana")
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        req = FoiaRequestFactory(organization=org, subject="ISAP SmartLINK contracts", drafted_on=dt.date(2026, 9, 30))
        record_all(req, ana, (E.SUBMITTED, dt.date(2026, 10, 1)), (E.RECEIVED, dt.date(2026, 10, 2)))
        case = services.case_create(
            actor=ana, organization=org, caption="Mijente v. ICE", court=Court.objects.get(slug="dcd"),
            docket_number="1:26-cv-01234", filed_on=dt.date(2026, 11, 20), status="filed",
        )  # fmt: skip
        services.case_request_link(actor=ana, case=case, request=req)
    # Received Fri 2026-10-02; 20 working days, skipping Columbus Day (Mon 10-12): due Mon 2026-11-02. The suit
    # filed on Fri 2026-11-20 came 13 working days later (11-03..06, 11-09, 10, Veterans Day Wed 11-11 skipped,
    # 11-12, 13, 11-16..20).
    page = browser_page
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("#requests .chronology-link")
    page.wait_for_url(f"**/requests/{req.pk}/chronology/")
    table = page.inner_text("#chronology")
    assert "Received by the proper component" in table and "2026-11-02" in table
    assert "missed by 13 working days" in table and "552(a)(6)(A)(i)" in table
    assert "552(a)(6)(C)(i)" in page.inner_text("#exhaustion")
    page.emulate_media(media="print")  # the print stylesheet: the chronology without the site's chrome or buttons
    assert not page.is_visible(".topbar") and not page.is_visible("text=Download DOCX")
    assert not page.is_visible(".footer") and page.is_visible("#chronology")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("text=Download DOCX")
    assert download.value.suggested_filename.startswith(f"exhaustion-chronology-{req.pk}-isap-smartlink-contracts-")
    assert download.value.suggested_filename.endswith(".docx")
    document = Document(download.value.path())
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "2026-10-02" in text and "2026-11-02" in text and "missed by 13 working days" in text
