"""Every page, at a phone's width (390 px) and a laptop's (1366 px): never wider than the screen, no console error.

The data gives each page something to show: a request through acknowledgment, a final response and an appeal
window, a letter, its deadlines; the user is an admin, so the admin-only pages are visited too.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from coalition.models import Role
from directory.models import Court
from directory.seeds import courts_seed
from documents import samples
from documents import services as documents_services
from exports import services as export_services
from exports.models import ExportJob
from foia.choices import EventKind as E
from litigation import services as litigation_services
from litigation import services_docket as docket_services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, agency, ensure_agencies, record, record_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)


def _pages(org, req, deadline, case, production, document, jobs=()):
    r, c = f"/requests/{req.pk}", f"/litigation/{case.pk}"
    return [
        "/", "/requests/", "/requests/?agency=ice&status=responded", "/requests/new/", f"{r}/", f"{r}/edit/",
        f"{r}/responses/new/", f"{r}/letters/new/", f"{r}/events/new/", f"{r}/appeals/new/", f"{r}/chronology/",
        "/deadlines/", f"/deadlines/{deadline.pk}/", "/deadlines/upcoming/", "/deadlines/upcoming/?view=month",
        "/deadlines/calculator/?rule=foia-initial-response&trigger=2025-12-15&agency=ice", "/deadlines/closures/",
        "/deadlines/notifications/", "/deadlines/reminders/settings/", "/deadlines/reminders/policy/",
        f"/organizations/{org.slug}/members/", f"/history/foia/foiarequest/{req.pk}/", "/accounts/password_change/",
        "/litigation/", "/litigation/?court=cand&status=answered", "/litigation/new/", f"{c}/", f"{c}/edit/",
        f"{c}/service/", f"{c}/parties/new/", f"{c}/counsel/new/", f"{c}/requests/link/",
        f"{c}/docket/new/", f"{c}/court-deadlines/new/", f"{c}/court-deadlines/{case.ordered.pk}/filed/",
        f"{c}/schedules/new/", f"{c}/stays/new/", f"{c}/cross-motions/", f"{c}/notes/new/",
        f"{c}/notes/{case.note.pk}/edit/",
        f"{c}/docket/{case.motion.pk}/edit/",
        "/documents/", "/search/", "/search/?q=ISAP+OR+alert", "/search/?q=x&date_from=2026-12-01&date_to=2026-01-01",
        "/design/",
        f"/documents/productions/new/?request={req.pk}", f"/documents/productions/{production.pk}/",
        f"/documents/{document.pk}/", f"/documents/{document.pk}/edit/",
        "/exports/", "/exports/requests.xlsx", *(f"/exports/jobs/{job.pk}/" for job in jobs),
    ]  # fmt: skip


def _case(admin, org, req):
    """An answered N.D. Cal. case with long names, service on different days (the warning) and the request linked."""
    case = litigation_services.case_create(
        actor=admin, organization=org, caption="Community Justice Exchange, Just Futures Law and Mijente v. U.S. "
        "Department of Homeland Security et al.", court=Court.objects.get(slug="cand"), docket_number="3:22-cv-01234",
        judge="Hon. Jacqueline Scott Corley", filed_on=dt.date(2026, 11, 2), status="answered",
        served_us_attorney_on=dt.date(2026, 11, 4), served_attorney_general_on=dt.date(2026, 11, 9),
    )  # fmt: skip
    litigation_services.party_add(actor=admin, case=case, side="plaintiff", name="Community Justice Exchange")
    litigation_services.party_add(actor=admin, case=case, side="defendant", agency=agency("ice"))
    litigation_services.counsel_add(actor=admin, case=case, name="Ana Advocate", role="lead", firm="Just Futures Law")
    litigation_services.case_request_link(actor=admin, case=case, request=req)
    _docket(admin, case)
    return case


def _docket(admin, case):
    """A docket with a motion (its opposition and reply), an order and the deadline it set, a JSR schedule and
    notes, one privileged, so every docket card and form has something long to lay out."""
    add = docket_services.docket_entry_add
    add(
        actor=admin,
        case=case,
        number=1,
        filed_on=dt.date(2026, 11, 2),
        kind="complaint",
        description="COMPLAINT for Declaratory and Injunctive Relief under the Freedom of Information Act",
        filer="Plaintiffs",
    )
    case.motion = add(
        actor=admin,
        case=case,
        number=12,
        filed_on=dt.date(2026, 11, 23),
        kind="motion",
        description="MOTION to Dismiss for Failure to State a Claim and, in the alternative, for Summary Judgment",
        filer="Defendant U.S. Immigration and Customs Enforcement",
    )
    order = add(
        actor=admin,
        case=case,
        number=14,
        filed_on=dt.date(2026, 11, 25),
        kind="order",
        description="ORDER setting a production schedule and joint status reports every 60 days",
    )
    case.ordered = docket_services.court_deadline_order(
        actor=admin, case=case, order=order, title="Defendants' first interim production", due_date=dt.date(2027, 1, 15)
    )
    docket_services.schedule_create(actor=admin, case=case, every_days=60, starts_on=dt.date(2026, 11, 25), order=order)
    docket_services.note_add(actor=admin, case=case, body="Call the AUSA about the production rate before the JSR.")
    case.note = docket_services.note_add(
        actor=admin,
        case=case,
        body="Work product: our reading of the (b)(7)(E) withholdings and the settlement posture.",
        privileged=True,
    )


def _release(req, user):
    """A production with a processed two-page PDF (long text, exemptions) and a file that was refused."""
    production = documents_services.production_create(
        request=req, actor=user, date=dt.date(2026, 11, 20), label="Final response release", pages_processed=299,
        pages_released_full=0, pages_released_part=212, pages_withheld=87, exemptions_cited={"b4": 41, "b6": 118},
    )  # fmt: skip
    pdf = samples.text_pdf(["Statement of work: unit price (b)(4) " + "x" * 150, "Contact (b)(6), (b)(7)(C)"])
    files = [SimpleUploadedFile("BI-ISAP-IV-statement-of-work-2019-final-signed.pdf", pdf),
             SimpleUploadedFile("broken.pdf", b"%PDF-1.4\njunk\n%%EOF")]  # fmt: skip
    documents = documents_services.documents_upload(production=production, files=files, actor=user).documents
    for document in documents:
        documents_services.document_process(document_id=document.pk)
    return production, documents[0]


def test_every_page_fits_the_screen_without_console_errors(browser_page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_agencies()
    courts_seed(court_model=Court)
    org = OrganizationFactory(name="Immigrant Defense Project")
    admin = member(org, Role.ADMIN, username="ana", first_name="Ana", last_name="Advocate-Longname")
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        req = FoiaRequestFactory(
            organization=org, subject="Trust Stamp facial-recognition check-ins: contracts and privacy assessments"
        )
        record_all(req, admin, (E.SUBMITTED, dt.date(2026, 10, 1)), (E.RECEIVED, dt.date(2026, 10, 2)))
        record(req, admin, E.FINAL_RESPONSE, dt.date(2026, 11, 20), outcome="partial", exemptions="(b)(6)")
        case = _case(admin, org, req)
    deadline = req.deadlines.get(key__startswith="appeal-filing")
    production, document = _release(req, admin)
    settings.EXPORTS_STREAM_MAX_ROWS = 0  # the export confirmation page, and a finished and a queued job's pages
    jobs = [
        export_services.export_job_create(actor=admin, kind="requests", fmt="xlsx", filters={"agency": ["ice"]}),
        ExportJob.objects.create(owner=admin, kind="deadlines", format="csv", rows_total=12000, rows_done=3000),
    ]
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append((page.url, msg.text)))
    page.on("pageerror", lambda exc: errors.append((page.url, str(exc))))
    log_in(page, live_server, "ana")
    too_wide, dashes = [], []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in _pages(org, req, deadline, case, production, document, jobs):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                too_wide.append((width, path, wide))
            if "---------" in page.content():
                dashes.append(path)  # a select must say what empty means ("Any agency", "Nobody yet")
    assert too_wide == []
    assert sorted(set(dashes)) == []
    assert errors == []


def test_on_a_phone_the_menu_button_opens_the_header_links(browser_page, live_server):
    member(OrganizationFactory(), Role.STAFF, username="ana")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "ana")
    assert not page.is_visible("text=Log out") and not page.is_visible("nav.mainnav")
    page.click("button.menu-button")
    assert page.get_attribute("button.menu-button", "aria-expanded") == "true"
    assert page.is_visible("nav.mainnav a:has-text('Requests')") and page.is_visible("text=Log out")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not page.is_visible("button.menu-button") and page.is_visible("nav.mainnav")
