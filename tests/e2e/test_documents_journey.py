"""Released documents in a real browser: add a production from the request page, upload a batch (one file refused
with its reason), watch the progress bar update itself (htmx polling) until every file is done, open a document and
read its pages' text and exemptions, then find the page again through the search box.

Celery runs eagerly here (the suite's setting), so the upload's files are processed when its transaction commits;
the polling is watched on a file put back in the queue and processed while the page is open.
"""

import pytest
from playwright.sync_api import expect

from coalition.models import Role
from documents import samples, services
from documents.choices import FileStatus
from documents.models import Document
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_a_batch_watch_progress_and_open_a_document(browser_page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="ana")
    req = FoiaRequestFactory(organization=org, subject="Trust Stamp check-ins")
    files = {
        "sow.pdf": samples.text_pdf(["Statement of work\nUnit price: (b)(4)", "Signed by (b)(6)"]),
        "alerts.pdf": samples.text_pdf(["Check-in alert for (b)(6), (b)(7)(C)"]),
        "notes.pdf": b"<html>not a pdf</html>",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    log_in(page, live_server, "ana")

    page.goto(f"{live_server.url}/requests/{req.pk}/")
    page.click("#productions >> text=Add production")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_label", "Interim release 1")
    page.fill("#id_pages_processed", "3")
    page.fill("#id_pages_released_part", "3")
    page.click("button:has-text('Add production')")
    expect(page.locator("h1")).to_have_text("Interim release 1")

    page.set_input_files("#id_files", paths)
    page.click("button:has-text('Upload')")
    expect(page.locator(".toast-success")).to_contain_text("2 files queued for text extraction.")
    expect(page.locator(".toast-error")).to_contain_text("notes.pdf: the content is not a PDF")
    expect(page.locator("#production-progress label")).to_contain_text("Processed: 2 of 2 files")

    # One file back in the queue: the page polls its progress fragment and shows it done once a worker is through.
    alerts = Document.objects.get(original_name="alerts.pdf")
    Document.objects.filter(pk=alerts.pk).update(status=FileStatus.QUEUED)
    page.reload()
    expect(page.locator("#production-progress label")).to_contain_text("Processing: 1 of 2 files")
    expect(page.locator(f"#document-{alerts.pk}")).to_contain_text("Queued")
    services.document_process(document_id=alerts.pk)
    expect(page.locator("#production-progress label")).to_contain_text("Processed: 2 of 2 files", timeout=10_000)
    expect(page.locator(f"#document-{alerts.pk}")).to_contain_text("Done")
    assert page.locator("#progress-bar").get_attribute("value") == "2"

    page.click(f"#document-{alerts.pk} a")
    expect(page.locator("#page-1")).to_contain_text("Check-in alert for (b)(6), (b)(7)(C)")
    expect(page.locator("#page-1 .badge")).to_have_text(["(b)(6)", "(b)(7)(C)"])

    # The search box finds the released page by a phrase (stemmed: "alerts" finds "alert") and opens it.
    page.click("nav >> text=Search")
    page.fill("#id_q", '"check-in alerts"')
    page.click("form[role=search] button:has-text('Search')")
    hit = page.locator(".search-page").first
    expect(hit).to_contain_text("Page 1")
    expect(hit.locator("mark").first).to_be_visible()
    hit.locator("a").first.click()
    page.wait_for_url(f"**/documents/{alerts.pk}/#page-1")
    expect(page.locator("#page-1")).to_contain_text("Check-in alert")
    assert errors == []
