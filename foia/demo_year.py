"""A coalition's year of ISAP FOIA work for the demo: about forty requests to ICE, CBP, USCIS, the DHS Privacy
Office, OIG and CRCL, in every lifecycle state, so every list, chart and deadline page has something to show.

Each request is a row of `REQUESTS`: who files it, to whom, about what, and the path its life has taken so far
(`PATHS`). Paths are written with the same services people use, with dates counted back from today, so statuses and
deadlines are derived by the lifecycle and the deadline engine, never typed in. Idempotent like `foia.demo`: a
request that already exists (same organisation and subject) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coalition.models import Organization, Sharing

from . import services
from .choices import Channel, CommunicationKind, Direction
from .choices import EventKind as E


@dataclass(frozen=True)
class Spec:
    prefix: str  # "idp" or "sac": the demo organisation filing it
    agency: str  # agency slug
    subject: str
    what: str
    tags: tuple[str, ...]
    path: str  # a key of PATHS
    age: int  # days since it was drafted
    shared: bool = True
    serial: int = 0  # tracking-number serial


CODES = {"ice": "ICFO", "cbp": "CBFO", "uscis": "USFO", "dhs-privacy": "PRIV", "oig": "OIGF", "crcl": "CRCL"}

# Who asked what, and where each request stands. Subjects are specific, like a coalition's real tracker.
REQUESTS: list[Spec] = [
    Spec(
        "idp",
        "ice",
        "BI Inc. ISAP IV contract: statement of work, pricing and modifications",
        "the ISAP IV contract "
        "with BI Incorporated (70CDCR20D00000001 and successors), its statements of work, pricing schedules and "
        "every modification.",
        ("ISAP", "BI Inc. contracts"),
        "partial-appealed",
        230,
        serial=10412,
    ),
    Spec(
        "idp",
        "ice",
        "Trust Stamp match-failure alerts sent to ERO officers, 2022–2026",
        "alerts, emails and reports generated when a SmartLINK facial-recognition check-in fails to match.",
        ("Trust Stamp", "facial recognition"),
        "overdue",
        95,
        serial=11873,
    ),
    Spec(
        "idp",
        "ice",
        "SmartLINK check-in failure escalation procedures",
        "standard operating procedures, "
        "guidance and training on what officers do after missed or failed SmartLINK check-ins.",
        ("SmartLINK", "check-ins"),
        "processing",
        24,
        serial=12004,
    ),
    Spec(
        "idp",
        "ice",
        "ISAP participant deaths and medical emergencies linked to ankle monitors",
        "incident reports of injuries, burns or medical emergencies attributed to GPS ankle monitors.",
        ("GPS ankle monitors", "incidents"),
        "extended",
        40,
        serial=12190,
    ),
    Spec(
        "idp",
        "ice",
        "ERO field office ISAP caseload targets and quotas",
        "memoranda, emails and dashboards setting enrolment targets or caseload quotas for ISAP by field office.",
        ("ISAP", "statistics"),
        "tolled-information",
        36,
        serial=12255,
    ),
    Spec(
        "idp",
        "ice",
        "ISAP data shared with the Department of State and foreign governments",
        "agreements and disclosure logs for ISAP records shared outside DHS.",
        ("data sharing", "location data"),
        "full-grant",
        120,
        serial=9987,
    ),
    Spec(
        "idp",
        "ice",
        "Voice-reporting (VoiceID) enrolment and biometric voiceprint retention",
        "records about telephonic reporting with voice biometrics, including voiceprint retention schedules.",
        ("voice reporting", "data retention"),
        "no-records-appeal-window",
        88,
        serial=10871,
    ),
    Spec(
        "idp",
        "ice",
        "ISAP wristwatch (VeriWatch) pilot evaluations",
        "evaluations, after-action reports and vendor presentations about the VeriWatch wearable pilot.",
        ("ISAP", "BI Inc. contracts"),
        "interim-releases",
        150,
        serial=10093,
    ),
    Spec(
        "idp",
        "ice",
        "Alternatives to Detention budget justifications FY2024–FY2027",
        "congressional budget justifications, briefing papers and cost-per-participant analyses for ATD.",
        ("ISAP", "statistics"),
        "closed",
        300,
        serial=8120,
    ),
    Spec(
        "idp",
        "ice",
        "Case-management ('ATD-FAMU') enrolment of families at the border",
        "guidance and statistics on enrolling families released at the border into ATD family case management.",
        ("ISAP", "families"),
        "litigation",
        260,
        serial=8841,
    ),
    Spec(
        "idp",
        "ice",
        "Geofencing and curfew rules programmed into ISAP ankle monitors",
        "records describing inclusion and exclusion zones, curfews and alert thresholds set for ankle monitors.",
        ("GPS ankle monitors", "location data"),
        "submitted",
        6,
        serial=0,
    ),
    Spec(
        "idp",
        "ice",
        "ISAP technology removal ('de-escalation') criteria",
        "criteria, memoranda and statistics "
        "on removing participants from GPS monitoring to less restrictive technology.",
        ("ISAP", "SmartLINK"),
        "draft",
        2,
        serial=0,
    ),
    Spec(
        "idp",
        "cbp",
        "CBP One app facial comparisons reused for ISAP enrolment",
        "records showing whether photographs captured through CBP One are used to enrol people in SmartLINK.",
        ("facial recognition", "data sharing"),
        "expedited-granted",
        18,
        serial=3310,
    ),
    Spec(
        "idp",
        "cbp",
        "CBP queries of ISAP location data at ports of entry",
        "audit logs and agreements showing CBP queries of ISAP geolocation data.",
        ("location data", "data sharing"),
        "overdue",
        70,
        serial=2987,
    ),
    Spec(
        "idp",
        "uscis",
        "USCIS use of ISAP compliance records in benefit adjudications",
        "guidance, RFE templates and emails about using ISAP compliance records in asylum or benefit decisions.",
        ("ISAP", "data sharing"),
        "processing",
        20,
        serial=5521,
    ),
    Spec(
        "idp",
        "uscis",
        "USCIS-ICE memorandum on ATD participants' address updates",
        "memoranda of agreement and data-exchange specifications for address changes of ATD participants.",
        ("data sharing",),
        "fee-tolled",
        34,
        serial=5480,
    ),
    Spec(
        "idp",
        "dhs-privacy",
        "Privacy Threshold Analyses for SmartLINK releases 4 and 5",
        "PTAs, PIAs and compliance reviews for SmartLINK application releases 4 and 5.",
        ("SmartLINK", "privacy assessments"),
        "partial",
        110,
        serial=4120,
    ),
    Spec(
        "idp",
        "oig",
        "OIG audit workpapers on ATD contract oversight",
        "workpapers, draft findings and management responses from OIG's audit of ATD contract oversight.",
        ("BI Inc. contracts", "oversight"),
        "referral",
        60,
        serial=1205,
    ),
    Spec(
        "idp",
        "crcl",
        "CRCL complaints about ankle monitors and SmartLINK",
        "complaints, investigation memoranda and recommendations about ATD technologies.",
        ("oversight", "GPS ankle monitors"),
        "overdue",
        55,
        serial=877,
    ),
    Spec(
        "idp",
        "crcl",
        "CRCL recommendations on facial recognition in immigration supervision",
        "recommendation memoranda and ICE's responses about facial recognition in supervision.",
        ("facial recognition", "oversight"),
        "acknowledged",
        14,
        serial=902,
    ),
    Spec(
        "sac",
        "ice",
        "SmartLINK app permissions and background location collection",
        "technical "
        "specifications, vendor documentation and privacy reviews describing the app's permissions and location "
        "collection.",
        ("SmartLINK", "location data"),
        "partial-appealed",
        200,
        serial=9312,
    ),
    Spec(
        "sac",
        "ice",
        "Trust Stamp privacy-preserving hash ('IT2') evaluations",
        "evaluations, test results and vendor claims about Trust Stamp's irreversibly transformed identity tokens.",
        ("Trust Stamp", "facial recognition"),
        "appeal-remanded",
        240,
        serial=8010,
    ),
    Spec(
        "sac",
        "ice",
        "ISAP data requests from state and local police",
        "requests from state or local law enforcement for ISAP participant data, and ICE's responses.",
        ("data sharing", "location data"),
        "overdue-extended",
        85,
        serial=11004,
    ),
    Spec(
        "sac",
        "ice",
        "BI Inc. subcontracts for SmartLINK hosting and data analytics",
        "subcontracts, hosting agreements and security authorisations for SmartLINK data.",
        ("BI Inc. contracts", "data retention"),
        "tolled-information",
        45,
        serial=11560,
    ),
    Spec(
        "sac",
        "ice",
        "ISAP enrolment by nationality and language, FY2023–FY2026",
        "counts of ISAP participants by country of citizenship and preferred language.",
        ("ISAP", "statistics"),
        "full-grant",
        140,
        serial=9801,
    ),
    Spec(
        "sac",
        "ice",
        "Officer guidance on arrests after ISAP violations",
        "guidance, broadcasts and training on arrests following ISAP violations or absconder designations.",
        ("ISAP", "check-ins"),
        "denial",
        100,
        serial=10222,
    ),
    Spec(
        "sac",
        "ice",
        "SmartLINK accessibility and language-access testing",
        "testing reports and complaints about SmartLINK's accessibility and language support.",
        ("SmartLINK",),
        "processing",
        28,
        serial=12111,
    ),
    Spec(
        "sac",
        "ice",
        "Retention of ISAP photographs after case closure",
        "retention schedules and deletion logs for photographs of people who left ISAP.",
        ("data retention", "facial recognition"),
        "submitted",
        5,
    ),
    Spec(
        "sac",
        "cbp",
        "CBP biometric exit records matched against ISAP enrolments",
        "records of matching CBP biometric exit data against ISAP enrolment photographs.",
        ("facial recognition", "data sharing"),
        "expedited-denied",
        16,
        serial=3402,
    ),
    Spec(
        "sac",
        "cbp",
        "CBP Office of Field Operations briefings on ATD at the border",
        "briefing slides and memoranda on enrolling people in ATD at ports of entry.",
        ("ISAP", "families"),
        "acknowledged",
        12,
        serial=3420,
    ),
    Spec(
        "sac",
        "uscis",
        "USCIS Fraud Detection access to ISAP geolocation",
        "access requests, logs and agreements for FDNS access to ISAP location data.",
        ("location data", "data sharing"),
        "overdue",
        64,
        serial=5344,
    ),
    Spec(
        "sac",
        "dhs-privacy",
        "DHS Data Privacy and Integrity Committee reports on ATD",
        "reports, minutes and recommendations of the DPIAC about Alternatives to Detention.",
        ("privacy assessments", "oversight"),
        "no-records-appeal-window",
        75,
        serial=4077,
    ),
    Spec(
        "sac",
        "dhs-privacy",
        "System of Records Notice drafts for ATD technology",
        "drafts and comments on SORNs covering ATD technology records.",
        ("privacy assessments", "data retention"),
        "closed",
        280,
        serial=3550,
    ),
    Spec(
        "sac",
        "oig",
        "OIG hotline complaints about BI Inc. case specialists",
        "hotline complaints and referrals about BI Inc. case specialists.",
        ("BI Inc. contracts", "oversight"),
        "processing",
        22,
        serial=1260,
    ),
    Spec(
        "sac",
        "crcl",
        "CRCL investigation of SmartLINK racial bias complaints",
        "complaints, expert reports and closing memoranda about SmartLINK facial-recognition bias.",
        ("facial recognition", "oversight"),
        "partial",
        130,
        serial=850,
        shared=False,
    ),
    Spec(
        "sac",
        "crcl",
        "CRCL site visit reports on ISAP offices",
        "site-visit reports and recommendations from visits to BI Inc. ISAP offices.",
        ("oversight", "ISAP"),
        "draft",
        1,
        shared=False,
    ),
]


class _Life:
    """Writes one request's history through the services, counting dates back from today."""

    def __init__(self, scenario, spec: Spec, req):
        self.s, self.spec, self.req = scenario, spec, req
        self.staff = scenario.users[f"{spec.prefix}-staff"]
        self.attorney = scenario.users[f"{spec.prefix}-attorney"]
        self.number = ""

    def days(self, fraction: float) -> int:
        """A day `fraction` of the way from drafting (0) to today (1), counted back from today."""
        return max(0, round(self.spec.age * (1 - fraction)))

    def letter(self, fraction, kind, subject, body="", *, events=(), ours=False, **extra):
        on = self.s.ago(self.days(fraction))
        return services.communication_log(
            request=self.req,
            user=self.staff,
            direction=Direction.TO_AGENCY if ours else Direction.FROM_AGENCY,
            channel=Channel.PORTAL if ours else Channel.EMAIL,
            date=on,
            kind=kind,
            subject=subject,
            body=body,
            events=[services.EventInput(kind_, on, **fields) for kind_, fields in events],
            **extra,
        )

    def submit(self):
        self.letter(
            0.05,
            CommunicationKind.REQUEST_LETTER,
            f"FOIA request: {self.req.subject}",
            self.req.request_text,
            events=[(E.SUBMITTED, {})],
            ours=True,
        )

    def acknowledge(self, *, at: float = 0.12):
        on = self.s.ago(self.days(at))
        self.number = self.s.tracking(on, CODES[self.spec.agency], self.spec.serial or 1)
        self.letter(
            at,
            CommunicationKind.ACKNOWLEDGMENT,
            f"Acknowledgment of FOIA request {self.number}",
            f"Your request was received and assigned number {self.number}.",
            events=[(E.RECEIVED, {}), (E.ACKNOWLEDGED, {})],
            tracking_number={"number": self.number, "agency": self.req.agency, "assigned_on": on},
        )

    def final(self, at: float, outcome: str, released=0, withheld=0, exemptions=""):
        self.letter(
            at,
            CommunicationKind.FINAL_RESPONSE,
            f"FOIA {self.number}: final response",
            f"Search complete. {released} pages released, {withheld} withheld {exemptions}".strip(),
            events=[
                (
                    E.FINAL_RESPONSE,
                    {
                        "outcome": outcome,
                        "pages_released": released or None,
                        "pages_withheld": withheld or None,
                        "exemptions": exemptions,
                    },
                )
            ],
        )

    def appeal(self, at: float, grounds: str):
        on = self.s.ago(self.days(at))
        return services.appeal_file(
            request=self.req,
            user=self.attorney,
            filed_on=on,
            grounds=grounds,
            issues=["withholdings", "search"],
            appeal_authority="ICE Office of the Principal Legal Advisor, Government Information Law Division",
            letter_subject=f"FOIA appeal: {self.number}",
            letter_body=grounds,
            tracking_number=self.s.tracking(on, "ICAP", (self.spec.serial or 1) % 1000),
        )


def _draft(life):
    return


def _submitted(life):
    life.submit()


def _acknowledged(life):
    life.submit()
    life.acknowledge(at=0.5)


def _processing(life):
    life.submit()
    life.acknowledge(at=0.2)


def _overdue(life):
    _processing(life)  # acknowledged, then silence: 20 working days ran out long ago


def _extended(life):
    _processing(life)
    life.letter(
        0.6,
        CommunicationKind.EXTENSION_NOTICE,
        f"FOIA {life.number}: extension of time",
        "Unusual circumstances: records are held by field offices.",
        events=[(E.EXTENDED, {"working_days": 10})],
    )


def _overdue_extended(life):
    life.submit()
    life.acknowledge(at=0.1)
    life.letter(
        0.3,
        CommunicationKind.EXTENSION_NOTICE,
        f"FOIA {life.number}: extension of time",
        "Unusual circumstances: consultation with another component.",
        events=[(E.EXTENDED, {"working_days": 10})],
    )


def _tolled_information(life):
    _processing(life)
    life.letter(
        0.7,
        CommunicationKind.OTHER,
        f"FOIA {life.number}: please clarify the scope",
        "Please clarify which field offices and date range you mean; the clock is stopped until you answer.",
        events=[(E.TOLLED, {"toll_reason": "information"})],
    )


def _fee_tolled(life):
    _processing(life)
    life.letter(
        0.65,
        CommunicationKind.FEE_LETTER,
        "Fee estimate: please confirm willingness to pay",
        "We estimate fees of $240.00; processing is suspended until you confirm.",
        events=[(E.FEE_ESTIMATE, {"amount": Decimal("240.00")}), (E.TOLLED, {"toll_reason": "fees"})],
    )


def _expedited(outcome):
    def path(life):
        life.submit()
        life.acknowledge(at=0.3)
        kind = E.EXPEDITED_GRANTED if outcome == "granted" else E.EXPEDITED_DENIED
        life.letter(
            0.6,
            CommunicationKind.OTHER,
            f"Expedited processing {outcome}",
            f"Your request for expedited processing is {outcome}.",
            events=[(kind, {})],
        )

    return path


def _full_grant(life):
    _processing(life)
    life.final(0.55, "full_grant", released=64)


def _partial(life):
    _processing(life)
    life.final(0.8, "partial", released=311, withheld=96, exemptions="(b)(5), (b)(6), (b)(7)(C), (b)(7)(E)")


def _denial(life):
    _processing(life)
    life.final(0.85, "denial", withheld=41, exemptions="(b)(7)(A), (b)(7)(E)")


def _no_records_window(life):
    _processing(life)
    life.final(0.75, "no_records")


def _partial_appealed(life):
    _processing(life)
    life.final(0.6, "partial", released=412, withheld=188, exemptions="(b)(4), (b)(6), (b)(7)(C)")
    life.appeal(0.9, "The (b)(4) withholdings of pricing are not justified and the search missed ERO's ATD unit.")


def _appeal_remanded(life):
    _partial_appealed(life)
    life.letter(
        0.97,
        CommunicationKind.APPEAL_DECISION,
        "Appeal decision: remanded for a new search",
        "The appeal is remanded to the component for a new search.",
        events=[(E.APPEAL_DECIDED, {"outcome": "remanded"})],
    )


def _interim_releases(life):
    _processing(life)
    for n, at in enumerate((0.45, 0.65, 0.85), start=1):
        life.letter(
            at,
            CommunicationKind.INTERIM_RESPONSE,
            f"FOIA {life.number}: interim release {n}",
            f"Interim release {n}: 250 pages processed.",
            events=[(E.INTERIM_RELEASE, {"pages_released": 180, "pages_withheld": 70, "exemptions": "(b)(4), (b)(6)"})],
        )


def _referral(life):
    _processing(life)
    life.letter(
        0.7,
        CommunicationKind.OTHER,
        "Records referred to ICE for direct response",
        "Records originating with ICE were referred to ICE for a direct response.",
        events=[(E.REFERRAL, {"referred_to": life.s.agency("ice")})],
    )


def _closed(life):
    _full_grant(life)
    on = life.s.ago(life.days(0.7))
    services.request_event_record(request=life.req, user=life.staff, event=services.EventInput(E.CLOSED, on))


def _litigation(life):
    _processing(life)
    on = life.s.ago(life.days(0.75))  # the determination was overdue; the coalition sued
    services.request_event_record(request=life.req, user=life.attorney, event=services.EventInput(E.LITIGATION, on))


PATHS = {
    "draft": _draft,
    "submitted": _submitted,
    "acknowledged": _acknowledged,
    "processing": _processing,
    "overdue": _overdue,
    "extended": _extended,
    "overdue-extended": _overdue_extended,
    "tolled-information": _tolled_information,
    "fee-tolled": _fee_tolled,
    "expedited-granted": _expedited("granted"),
    "expedited-denied": _expedited("denied"),
    "full-grant": _full_grant,
    "partial": _partial,
    "denial": _denial,
    "no-records-appeal-window": _no_records_window,
    "partial-appealed": _partial_appealed,
    "appeal-remanded": _appeal_remanded,
    "interim-releases": _interim_releases,
    "referral": _referral,
    "closed": _closed,
    "litigation": _litigation,
}


def load_year(scenario, orgs: dict[str, Organization]) -> int:
    """Create the missing requests of `REQUESTS`; returns how many were created."""
    created = 0
    for spec in REQUESTS:
        req = scenario.request(
            orgs[spec.prefix],
            spec.prefix,
            slug=spec.agency,
            drafted=spec.age,
            subject=spec.subject,
            what=spec.what,
            tags=list(spec.tags),
            sharing=Sharing.COALITION if spec.shared else Sharing.ORGANIZATION,
            expedited_requested=spec.path.startswith("expedited"),
            expedited_justification="Urgency to inform the public about ongoing surveillance of people in "
            "immigration proceedings; certified true and correct."
            if spec.path.startswith("expedited")
            else "",
        )
        if req is None:
            continue
        PATHS[spec.path](_Life(scenario, spec, req))
        created += 1
    return created
