"""The exhaustion chronology: a hand-checked request, its DOCX and PDF read back, privilege, access and queries."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from coalition.models import Sharing
from deadlines.services import deadline_set_manual
from directory.models import Court
from directory.seeds import courts_seed
from foia.choices import EventKind as E
from foia.chronology import latin1
from foia.selectors import request_chronology
from foia.services import EventInput, communication_log, tracking_number_add
from litigation import services as litigation_services
from litigation.services_docket import note_add
from tests.foia.factories import FoiaRequestFactory, agency, record

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 8, 14)  # a Friday
SECRET = "PRIVILEGED-STRATEGY-7731"


def build(world, *, extra_letters: int = 0):
    """A request to ICE: request letter and submission on Tue 2026-06-30, received by the proper component on Wed
    2026-07-01, acknowledged with tracking number 2026-ICFO-23103 on Mon 2026-07-06; no determination since.

    The determination was due 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i)), counted from the day after:
    Thu 07-02 is day 1; Independence Day, Sat 2026-07-04, is observed on Fri 07-03 (5 U.S.C. 6103(a)), not a working
    day; 07-06..07-10 are days 2-6, 07-13..07-17 days 7-11, 07-20..07-24 days 12-16, 07-27, 28, 29, 30 days 17-20:
    due Thu 2026-07-30 (without the observed holiday it would be 07-29).
    As of Fri 2026-08-14 it is missed by 11 working days: Fri 07-31 (1), 08-03..08-07 (2-6), 08-10..08-14 (7-11),
    15 calendar days."""
    req = FoiaRequestFactory(
        organization=world.ours,
        sharing=Sharing.COALITION,
        subject="ISAP \u201cSmartLINK\u201d records \u2013 2019\u20132026",
        drafted_on=D(2026, 6, 29),
    )
    communication_log(
        request=req,
        user=world.staff,
        direction="to_agency",
        channel="portal",
        date=D(2026, 6, 30),
        kind="request_letter",
        subject="FOIA request: ISAP records",
        events=[EventInput(E.SUBMITTED, D(2026, 6, 30))],
    )
    record(req, world.staff, E.RECEIVED, D(2026, 7, 1))
    communication_log(
        request=req,
        user=world.staff,
        direction="from_agency",
        channel="email",
        date=D(2026, 7, 6),
        kind="acknowledgment",
        subject="Acknowledgment of your FOIA request",
        events=[EventInput(E.ACKNOWLEDGED, D(2026, 7, 6))],
    )
    tracking_number_add(
        request=req, user=world.staff, number="2026-ICFO-23103", agency=agency(), assigned_on=D(2026, 7, 6)
    )
    for i in range(extra_letters):
        communication_log(
            request=req,
            user=world.staff,
            direction="to_agency",
            channel="email",
            date=D(2026, 7, 20),
            kind="other",
            subject=f"Status inquiry {i}",
            events=[],
        )
    return req


@pytest.fixture
def chron(world, today):
    today(TODAY)
    req = build(world)
    # Work product on the request: a privileged deadline partners must never see.
    deadline_set_manual(
        actor=world.attorney,
        subject=req,
        key="privileged-review",
        title=f"{SECRET} review",
        due_date=D(2026, 8, 3),
        citation="Internal",
        privileged=True,
    )
    return req


def lines(chronology):
    return [(e.date, e.kind, e.text, e.source) for e in chronology.entries]


def test_the_chronology_is_hand_checked(world, chron):
    c = request_chronology(user=world.staff, request=chron, today=TODAY)
    got = [(d, kind, text) for d, kind, text, _ in lines(c) if SECRET not in text]
    assert got[:5] == [
        (D(2026, 6, 30), "letter", "Letter to the agency (request letter, by portal): FOIA request: ISAP records"),
        (D(2026, 6, 30), "event", "Submitted to the agency"),
        (D(2026, 7, 1), "event", "Received by the proper component"),
        (
            D(2026, 7, 6),
            "letter",
            "Letter from the agency (acknowledgment, by email): Acknowledgment of your FOIA request",
        ),
        (D(2026, 7, 6), "event", "Acknowledged"),
    ]
    assert got[5] == (D(2026, 7, 6), "tracking", "Request tracking number 2026-ICFO-23103 assigned by ICE")
    missed = [e for e in c.entries if e.kind == "deadline" and e.deadline.missed and SECRET not in e.text]
    assert [e.date for e in missed] == [D(2026, 7, 30)]
    facts = missed[0].deadline
    assert (facts.working_days_late, facts.calendar_days_late, facts.late_until) == (11, 15, TODAY)
    assert "missed by 11 working days (15 calendar days; as of 2026-08-14)" in missed[0].text
    assert "5 U.S.C. \u00a7 552(a)(6)(A)(i)" in facts.citation or "552(a)(6)(A)(i)" in facts.citation
    assert missed[0].source == facts.citation
    assert any("2026-07-01" in s and "2026-07-30" in s and "2026-07-03" in s for s in facts.steps), facts.steps
    # Sources: the letter an event came from, the event itself, the tracking record.
    sources = {text: source for _, _, text, source in lines(c)}
    assert sources["Submitted to the agency"].startswith("Communication of 2026-06-30 (portal)")
    assert sources["Received by the proper component"] == "Event recorded on the request"
    assert sources["Request tracking number 2026-ICFO-23103 assigned by ICE"].startswith("Tracking number record")
    assert len(c.conclusions) == 1
    assert "552(a)(6)(C)(i)" in c.conclusions[0] and "552(a)(4)(A)(viii)" in c.conclusions[0]
    assert "missed by 11 working days" in c.conclusions[0]


def test_a_late_determination_counts_to_the_day_it_came(world, chron):
    """A final response on Fri 2026-08-14 (recorded later, on 08-21): late by the same 11 working days, counted to
    the letter's date, not to the day it was recorded nor to today."""
    record(chron, world.staff, E.FINAL_RESPONSE, D(2026, 8, 14), outcome="partial", exemptions="(b)(6), (b)(7)(C)")
    c = request_chronology(user=world.staff, request=chron, today=D(2026, 8, 21))
    facts = next(e.deadline for e in c.entries if e.kind == "deadline" and e.date == D(2026, 7, 30))
    assert (facts.status, facts.working_days_late, facts.late_until, facts.ended_by) == ("Missed", 11, TODAY, "answer")
    assert "answered on 2026-08-14" in facts.lateness
    assert any("Oglesby" in conclusion and "(a)(4)(A)(viii)" in conclusion for conclusion in c.conclusions)
    final = next(e for e in c.entries if e.kind == "event" and e.date == TODAY)
    assert final.text == "Final response: partial grant / partial denial; exemptions (b)(6), (b)(7)(C)"


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _get(client, user, name, req):
    client.force_login(user)
    return client.get(reverse(name, args=[req.pk]))


def test_docx_and_pdf_read_back(client, world, chron):
    docx = _get(client, world.staff, "foia:request-chronology-docx", chron)
    assert docx.status_code == 200
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = docx["Content-Disposition"]
    assert re.fullmatch(
        rf'attachment; filename="exhaustion-chronology-{chron.pk}-isap-smartlink-records-2019-2026-2026-08-14\.docx"',
        disposition,
    ), disposition
    text = _docx_text(docx.content)
    for needle in (
        "552(a)(6)(A)(i)",
        "552(a)(6)(C)(i)",
        "2026-07-30",
        "2026-06-30",
        "2026-ICFO-23103",
        "missed by 11 working days",
        "\u201cSmartLINK\u201d",
    ):
        assert needle in text, needle

    pdf = _get(client, world.staff, "foia:request-chronology-pdf", chron)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('-2026-08-14.pdf"') and "attachment;" in pdf["Content-Disposition"]
    text = _pdf_text(pdf.content)
    for needle in (
        "552(a)(6)(A)(i)",
        "552(a)(6)(C)(i)",
        "2026-07-30",
        "2026-06-30",
        "2026-ICFO-23103",
        "missed by 11 working days",
        '"SmartLINK" records - 2019-2026',
    ):
        assert needle in text, needle


def test_latin1_keeps_the_section_sign_and_maps_the_rest():
    assert latin1(
        "5 U.S.C. \u00a7 552 \u2014 \u201cdue\u201d \u2192 2026\u20132027\u2026 Ch\u00e1vez \u0141\u00f3d\u017a \u4e2d"
    ) == ('5 U.S.C. \u00a7 552 - "due" -> 2026-2027... Ch\u00e1vez L\u00f3dz ?')


def _all_three(client, user, req) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("foia:request-chronology", args=[req.pk]))
    docx = client.get(reverse("foia:request-chronology-docx", args=[req.pk]))
    pdf = client.get(reverse("foia:request-chronology-pdf", args=[req.pk]))
    assert (page.status_code, docx.status_code, pdf.status_code) == (200, 200, 200)
    return [page.content.decode(), _docx_text(docx.content), _pdf_text(pdf.content)]


def test_privileged_work_never_reaches_partners_and_case_notes_never_appear(client, world, chron):
    courts_seed(court_model=Court)
    case = litigation_services.case_create(
        actor=world.attorney,
        organization=world.ours,
        caption="Mijente v. ICE",
        court=Court.objects.get(slug="cand"),
        docket_number="3:26-cv-01234",
        filed_on=D(2026, 8, 12),
        sharing=Sharing.COALITION,
    )
    litigation_services.case_request_link(actor=world.attorney, case=case, request=chron)
    note_add(actor=world.attorney, case=case, body=f"{SECRET} theory of the case", privileged=True)
    client.force_login(world.partner_staff)  # the case page links the chronology of every request it enforces
    assert reverse("foia:request-chronology", args=[chron.pk]) in client.get(case.get_absolute_url()).content.decode()
    for user in (world.partner_staff,):
        for rendered in _all_three(client, user, chron):
            assert SECRET not in rendered and "2026-ICFO-23103" in rendered and "552(a)(6)(A)(i)" in rendered
    for user in (world.staff, world.viewer, world.attorney, world.admin):
        for rendered in _all_three(client, user, chron):
            # The case's privileged note is work product and never part of the chronology; the request's own
            # privileged deadline is seen by its organisation's members, as on the request page.
            assert f"{SECRET} theory" not in rendered and f"{SECRET} review" in rendered
    # The suit filed on 2026-08-12 ended the wait: late until then, 9 working days (07-31, 08-03..07, 08-10..12).
    facts = next(
        e.deadline
        for e in request_chronology(user=world.staff, request=chron, today=TODAY).entries
        if e.kind == "deadline" and e.date == D(2026, 7, 30)
    )
    assert (facts.working_days_late, facts.ended_by, facts.late_until) == (9, "suit", D(2026, 8, 12))


def test_another_organisation_gets_404_on_all_three(client, world, chron):
    private = FoiaRequestFactory(organization=world.ours, subject="Private")
    for user, req in ((world.outsider_staff, chron), (world.partner_staff, private)):
        client.force_login(user)
        for name in ("foia:request-chronology", "foia:request-chronology-docx", "foia:request-chronology-pdf"):
            assert client.get(reverse(name, args=[req.pk])).status_code == 404
    assert client.get(reverse("foia:request-chronology", args=[987654])).status_code == 404


def test_the_request_page_links_it(client, world, chron):
    client.force_login(world.viewer)
    page = client.get(chron.get_absolute_url()).content.decode()
    assert reverse("foia:request-chronology", args=[chron.pk]) in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "name", ["foia:request-chronology", "foia:request-chronology-docx", "foia:request-chronology-pdf"]
)
def test_constant_queries_whatever_the_number_of_events(client, world, today, name):
    today(TODAY)
    small, large = build(world, extra_letters=1), build(world, extra_letters=12)
    client.force_login(world.staff)
    _queries(client, reverse(name, args=[small.pk]))  # warm per-process caches (content types)
    assert _queries(client, reverse(name, args=[small.pk])) == _queries(client, reverse(name, args=[large.pk]))


def test_the_page_is_printable(client, world, chron):
    client.force_login(world.staff)
    page = client.get(reverse("foia:request-chronology", args=[chron.pk])).content.decode()
    assert "Download DOCX" in page and "data-print" in page and 'class="button-group no-print"' in page
    assert "missed by 11 working days" in page
