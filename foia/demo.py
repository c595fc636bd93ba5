"""Demo FOIA work for the ISAP coalition: requests to ICE, the DHS Privacy Office and CBP about Trust Stamp and
SmartLINK contracts, enrolment statistics and data retention, with acknowledgments, an extension, a partial release
with exemptions, an appeal, a fee toll, an expedited-processing denial and one request whose deadline has passed.

Dates are relative to today so the scenario stays current; everything goes through `foia.services`, so statuses and
deadlines are derived exactly as in real use. Idempotent: a request that already exists (same organisation and
subject) is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from coalition.models import Organization, Sharing
from directory.models import Agency

from . import selectors, services
from .choices import Channel, CommunicationKind, Direction, RequesterCategory
from .choices import EventKind as E
from .demo_year import REQUESTS, load_year
from .models import FoiaRequest

ISAP_TEXT = (
    "Pursuant to the Freedom of Information Act, 5 U.S.C. § 552, we request the following records concerning U.S. "
    "Immigration and Customs Enforcement's Intensive Supervision Appearance Program (ISAP), also called Alternatives "
    "to Detention, operated by contractor BI Incorporated: {what}\n\nThe time frame is January 1, 2019 to the date "
    "of the search. We ask for records in electronic format. We request a waiver of fees under 5 U.S.C. "
    "§ 552(a)(4)(A)(iii): disclosure is in the public interest because it will contribute significantly to public "
    "understanding of the government's use of biometric surveillance on people in immigration proceedings, and it "
    "is not in our commercial interest."
)


def _letter_pdf(title: str) -> ContentFile:
    """A tiny, valid one-page PDF standing in for the agency's scanned letter."""
    text = title.replace("(", "[").replace(")", "]")[:80]
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40].strip("-")
    return ContentFile(bytes(out), name=f"{slug}.pdf")


class _Scenario:
    def __init__(self, *, today: dt.date, stdout):
        self.today = today
        self.stdout = stdout
        self.users = {u.username: u for u in get_user_model().objects.filter(username__regex=r"^(idp|sac)-")}

    def agency(self, slug: str) -> Agency:
        return Agency.objects.get(slug=slug)

    def ago(self, days: int) -> dt.date:
        """`days` before today, moved back to the Friday before if it falls on a weekend."""
        day = self.today - dt.timedelta(days=days)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def tracking(self, year_of: dt.date, code: str, serial: int) -> str:
        return f"{year_of.year}-{code}-{serial:05d}"

    def request(
        self, org: Organization, prefix: str, *, slug: str, subject: str, what: str, tags, drafted: int, **fields
    ):
        existing = FoiaRequest.objects.filter(organization=org, subject=subject).first()
        if existing:
            return None
        staff = self.users.get(f"{prefix}-staff")
        return services.foia_request_create(
            user=staff,
            organization=org,
            agency=Agency.objects.get(slug=slug),
            subject=subject,
            request_text=ISAP_TEXT.format(what=what),
            tags=tags,
            assigned_to=staff,
            attorney=self.users.get(f"{prefix}-attorney"),
            requester_category=RequesterCategory.OTHER,
            fee_waiver_requested=True,
            fee_waiver_justification="Public interest in biometric surveillance of people in immigration proceedings.",
            drafted_on=self.ago(drafted),
            **fields,
        )

    def letter(self, req, user, on, kind, subject, body="", *, events=(), attach=False, **extra):
        direction = Direction.TO_AGENCY if kind in (CommunicationKind.REQUEST_LETTER,) else Direction.FROM_AGENCY
        return services.communication_log(
            request=req,
            user=user,
            direction=extra.pop("direction", direction),
            channel=extra.pop("channel", Channel.EMAIL),
            date=on,
            kind=kind,
            subject=subject,
            body=body,
            files=[_letter_pdf(subject)] if attach else [],
            events=[services.EventInput(*e[:2], **(e[2] if len(e) > 2 else {})) for e in events],
            **extra,
        )

    def submit_and_acknowledge(self, req, user, *, submitted, received, acknowledged, number, code="ICFO"):
        self.letter(
            req,
            user,
            submitted,
            CommunicationKind.REQUEST_LETTER,
            f"FOIA request: {req.subject}",
            req.request_text,
            events=[(E.SUBMITTED, submitted)],
            channel=Channel.PORTAL,
        )
        self.letter(
            req,
            user,
            acknowledged,
            CommunicationKind.ACKNOWLEDGMENT,
            f"Acknowledgment of FOIA request {number}",
            f"This acknowledges receipt of your FOIA request, received on {received:%B %-d, %Y}, assigned number "
            f"{number}. Due to the increasing number of requests, we may encounter some delay.",
            events=[(E.RECEIVED, received), (E.ACKNOWLEDGED, acknowledged)],
            tracking_number={"number": number, "agency": req.agency, "assigned_on": acknowledged},
        )


def load(*, stdout) -> None:
    idp = Organization.objects.filter(slug="idp-demo").first()
    sac = Organization.objects.filter(slug="sac-demo").first()
    if idp is None or sac is None:
        stdout.write("foia demo: the coalition demo organisations are missing; run coalition.demo first.")
        return
    s = _Scenario(today=timezone.localdate(), stdout=stdout)
    created = 0
    for step in (_trust_stamp, _enrolment_statistics, _smartlink_retention):
        created += bool(step(s, idp, "idp"))
    for step in (_cbp_biometrics, _smartlink_location, _ankle_monitor_draft):
        created += bool(step(s, sac, "sac"))
    year = load_year(s, {"idp": idp, "sac": sac})
    stdout.write(
        f"FOIA demo: {created + year} request(s) created, {6 + len(REQUESTS) - created - year} already present."
    )
    _saved_views(s)


def _saved_views(s: _Scenario) -> None:
    """Two views for each demo user, above their request list (kept if already there: idempotent)."""
    for user in s.users.values():
        existing = set(selectors.saved_views_for(user=user).values_list("name", flat=True))
        for name, query in (("My overdue", f"assignee={user.pk}&overdue=true"), ("ICE, in process", DEMO_ICE_VIEW)):
            if name not in existing:
                services.saved_view_create(user=user, name=name, query=query)


DEMO_ICE_VIEW = "agency=ice&status=processing"


def _trust_stamp(s: _Scenario, org, prefix):
    """ICE: acknowledged, extended, partial release with exemptions, appealed (decision pending)."""
    req = s.request(
        org,
        prefix,
        slug="ice",
        drafted=155,
        subject="Trust Stamp facial-recognition check-ins in ISAP: contracts, task orders and privacy assessments",
        what="(1) contracts, task orders and modifications with Trust Stamp (T Stamp Inc.) or BI Incorporated for "
        "facial-recognition check-ins in the SmartLINK application; (2) privacy threshold analyses and impact "
        "assessments for those check-ins; (3) records of match-failure rates.",
        tags=["ISAP", "Trust Stamp", "facial recognition", "BI Inc. contracts"],
        sharing=Sharing.COALITION,
    )
    if req is None:
        return None
    user = s.users[f"{prefix}-staff"]
    submitted, received = s.ago(150), s.ago(147)
    number = s.tracking(received, "ICFO", 23103)
    s.submit_and_acknowledge(req, user, submitted=submitted, received=received, acknowledged=s.ago(143), number=number)
    s.letter(
        req,
        user,
        s.ago(125),
        CommunicationKind.EXTENSION_NOTICE,
        f"FOIA {number}: extension of time",
        "Because your request requires a search in and collection of records from field offices separate from the "
        "office processing the request, ICE invokes a 10-day extension under 5 U.S.C. § 552(a)(6)(B).",
        events=[(E.EXTENDED, s.ago(125), {"working_days": 10})],
    )
    s.letter(
        req,
        user,
        s.ago(40),
        CommunicationKind.FINAL_RESPONSE,
        f"FOIA {number}: final response",
        "ICE's search produced 299 pages responsive to your request. 212 pages are released in part; 87 pages are "
        "withheld in full under Exemptions (b)(4), (b)(6) and (b)(7)(C).",
        events=[
            (
                E.FINAL_RESPONSE,
                s.ago(40),
                {
                    "outcome": "partial",
                    "pages_released": 212,
                    "pages_withheld": 87,
                    "exemptions": "(b)(4), (b)(6), (b)(7)(C)",
                },
            )
        ],
        attach=True,
    )
    appeal = services.appeal_file(
        request=req,
        user=s.users[f"{prefix}-attorney"],
        filed_on=s.ago(8),
        grounds="The (b)(4) withholdings of contract pricing and match-rate data are not justified; the search "
        "omitted ERO's Alternatives to Detention unit.",
        issues=["withholdings", "search"],
        appeal_authority="ICE Office of the Principal Legal Advisor, Government Information Law Division",
        letter_subject=f"FOIA appeal: {number}",
        letter_body="We appeal ICE's partial denial of our request...",
        tracking_number=s.tracking(s.ago(8), "ICAP", 154),
    )
    return appeal


def _enrolment_statistics(s: _Scenario, org, prefix):
    """ICE: acknowledged long ago, never answered: the determination deadline has passed (may sue)."""
    req = s.request(
        org,
        prefix,
        slug="ice",
        drafted=80,
        subject="ISAP enrolment statistics by field office and technology (SmartLINK, GPS, voice), FY2020–FY2026",
        what="monthly counts of people enrolled in ISAP by ERO field office and by technology assigned (SmartLINK, "
        "GPS ankle monitor, telephonic voice reporting, wristwatch), and counts of technology changes.",
        tags=["ISAP", "SmartLINK", "statistics"],
        sharing=Sharing.COALITION,
    )
    if req is None:
        return None
    received = s.ago(75)
    s.submit_and_acknowledge(
        req,
        s.users[f"{prefix}-staff"],
        submitted=s.ago(78),
        received=received,
        acknowledged=s.ago(71),
        number=s.tracking(received, "ICFO", 31877),
    )
    return req


def _smartlink_retention(s: _Scenario, org, prefix):
    """DHS Privacy Office: private to the organisation; the clock is stopped while fees are clarified."""
    req = s.request(
        org,
        prefix,
        slug="dhs-privacy",
        drafted=31,
        subject="SmartLINK data retention schedules and Privacy Impact Assessment updates",
        what="records retention schedules covering SmartLINK photographs, geolocation and biometric templates, and "
        "drafts and final versions of DHS/ICE/PIA-062 and its updates.",
        tags=["SmartLINK", "data retention", "facial recognition"],
        fee_limit=Decimal("50.00"),
    )
    if req is None:
        return None
    user = s.users[f"{prefix}-staff"]
    received = s.ago(26)
    s.submit_and_acknowledge(
        req,
        user,
        submitted=s.ago(29),
        received=received,
        acknowledged=s.ago(24),
        number=s.tracking(received, "PRIV", 4410),
        code="PRIV",
    )
    s.letter(
        req,
        user,
        s.ago(12),
        CommunicationKind.FEE_LETTER,
        "Fee estimate and request to confirm willingness to pay",
        "We estimate search and duplication fees of $180.00, above the $50.00 you agreed to pay. Please confirm "
        "your willingness to pay or narrow your request; processing is suspended until we hear from you.",
        events=[
            (E.FEE_ESTIMATE, s.ago(12), {"amount": Decimal("180.00")}),
            (E.TOLLED, s.ago(12), {"toll_reason": "fees"}),
        ],
    )
    return req


def _cbp_biometrics(s: _Scenario, org, prefix):
    """CBP: expedited processing requested and denied within 10 days; processing continues."""
    req = s.request(
        org,
        prefix,
        slug="cbp",
        drafted=16,
        subject="CBP access to Trust Stamp and BI Inc. biometric check-in data from ISAP",
        what="memoranda of understanding, data-sharing agreements and audit logs showing CBP access to photographs "
        "or biometric templates collected through ISAP check-ins.",
        tags=["ISAP", "Trust Stamp", "BI Inc. contracts", "data sharing"],
        sharing=Sharing.COALITION,
        expedited_requested=True,
        expedited_justification="There is an urgency to inform the public about actual government activity: CBP's "
        "use of ISAP biometrics is the subject of ongoing congressional inquiry. Certified true and correct.",
    )
    if req is None:
        return None
    user = s.users[f"{prefix}-staff"]
    received = s.ago(13)
    s.submit_and_acknowledge(
        req,
        user,
        submitted=s.ago(14),
        received=received,
        acknowledged=s.ago(12),
        number=s.tracking(received, "CBFO", 7712),
        code="CBFO",
    )
    s.letter(
        req,
        user,
        s.ago(6),
        CommunicationKind.OTHER,
        "Expedited processing denied",
        "Your request for expedited processing is denied: you have not demonstrated a compelling need.",
        events=[(E.EXPEDITED_DENIED, s.ago(6))],
    )
    return req


def _smartlink_location(s: _Scenario, org, prefix):
    """ICE: a no-records response; the appeal window is open."""
    req = s.request(
        org,
        prefix,
        slug="ice",
        drafted=68,
        subject="SmartLINK location data shared with ERO field offices and other agencies",
        what="records showing when and how SmartLINK geolocation points are shared with ERO field offices or other "
        "law-enforcement agencies, including any data-sharing agreements.",
        tags=["SmartLINK", "location data", "data sharing"],
    )
    if req is None:
        return None
    user = s.users[f"{prefix}-staff"]
    received = s.ago(64)
    s.submit_and_acknowledge(
        req,
        user,
        submitted=s.ago(66),
        received=received,
        acknowledged=s.ago(60),
        number=s.tracking(received, "ICFO", 28810),
    )
    s.letter(
        req,
        user,
        s.ago(20),
        CommunicationKind.FINAL_RESPONSE,
        "Final response: no records",
        "ICE conducted a comprehensive search of the Office of Enforcement and Removal Operations and found no "
        "records responsive to your request.",
        events=[(E.FINAL_RESPONSE, s.ago(20), {"outcome": "no_records"})],
        attach=True,
    )
    return req


def _ankle_monitor_draft(s: _Scenario, org, prefix):
    req = s.request(
        org,
        prefix,
        slug="ice",
        drafted=3,
        subject="BI Inc. GPS ankle monitor incident reports and contract performance reviews",
        what="incident reports of GPS ankle monitors causing injury, overheating or false alerts, and contracting "
        "officer performance reviews of BI Incorporated under the ISAP IV contract.",
        tags=["ISAP", "BI Inc. contracts", "GPS ankle monitors"],
    )
    return req
