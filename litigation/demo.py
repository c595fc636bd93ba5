"""Demo litigation: the coalition's ISAP suit in N.D. Cal. (answered, a joint status report due next week, a production
schedule of 500 pages a month, a Vaughn index) and a D.D.C. suit against CBP in summary-judgment briefing, with
parties, counsel, service on the United States and docket entries; the ISAP suit enforces the demo's ISAP request in
litigation.

Names of judges and counsel are invented. Dates count back from today (the ISAP suit is filed the day the demo's
overdue ATD request went to litigation), and everything goes through the services, so the answer deadline, the
status-report deadline is derived as in real use, and the D.D.C. suit's cross-motions briefing dates are entered from
its scheduling order (litigation.services_briefing). Idempotent: a case that
already exists (same organisation and caption) is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.models import Organization, Sharing
from directory.models import Agency, Court
from foia.choices import EventKind, RequestStatus
from foia.models import FoiaRequest

from . import services, services_briefing, services_docket, services_schedule
from .models import Case, CaseStatus, ChallengeStatus, CounselRole, PartySide
from .models_docket import EntryKind

ISAP_CAPTION = "Community Justice Exchange, Just Futures Law and Mijente v. U.S. Department of Homeland Security et al."
CBP_CAPTION = "Surveillance Accountability Center v. U.S. Customs and Border Protection"
PRODUCTION_TITLE = "ICE production"


def _weekday(day: dt.date) -> dt.date:
    """The Friday before, when `day` is a weekend (filings and service happen on court days)."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def load(*, stdout) -> None:
    idp = Organization.objects.filter(slug="idp-demo").first()
    sac = Organization.objects.filter(slug="sac-demo").first()
    if idp is None or sac is None:
        stdout.write("litigation demo: the coalition demo organisations are missing; run coalition.demo first.")
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["idp-attorney", "sac-attorney"])}
    today = timezone.localdate()
    made = [
        name
        for name, step in (
            ("ISAP", lambda: _isap(idp, users["idp-attorney"], today)),
            ("CBP", lambda: _cbp(sac, users["sac-attorney"], today)),
        )
        if step()
    ]
    stdout.write(f"Litigation demo: {len(made)} case(s) created, {2 - len(made)} already present.")


def _link_all(actor, case: Case, requests) -> int:
    """Link each request the suit enforces; one whose timeline cannot take the suit's filing date is left out."""
    linked = 0
    for request in requests:
        try:
            linked += services.case_request_link(actor=actor, case=case, request=request)
        except ValidationError:
            continue
    return linked


def _isap(org: Organization, actor, today: dt.date) -> Case | None:
    if Case.objects.filter(organization=org, caption=ISAP_CAPTION).exists():
        return None
    isap = FoiaRequest.objects.filter(organization=org, tags__name="ISAP").exclude(status=RequestStatus.DRAFT)
    sued = (
        isap.filter(status=RequestStatus.LITIGATION, events__kind=EventKind.LITIGATION)
        .values_list("events__date", flat=True)
        .order_by("events__date")
        .first()
    )
    filed = sued or _weekday(today - dt.timedelta(days=200))
    served = _weekday(filed + dt.timedelta(days=2))
    case = services.case_create(
        actor=actor,
        organization=org,
        caption=ISAP_CAPTION,
        court=Court.objects.get(slug="cand"),
        docket_number=f"3:{filed.year % 100:02d}-cv-04117",
        judge="Hon. Elena M. Park",
        magistrate_judge="Hon. David K. Osei",
        filed_on=filed,
        status=CaseStatus.ANSWERED,
        sharing=Sharing.COALITION,
        # Service on the U.S. Attorney first, the Attorney General and the agency by certified mail days later:
        # the case warns that the three dates differ (the answer runs from the first).
        served_us_attorney_on=served,
        served_attorney_general_on=served + dt.timedelta(days=4),
        served_agency_on=served + dt.timedelta(days=4),
    )
    for name in ("Community Justice Exchange", "Just Futures Law", "Mijente Support Committee"):
        services.party_add(actor=actor, case=case, side=PartySide.PLAINTIFF, name=name)
    for slug in ("dhs", "ice"):
        services.party_add(actor=actor, case=case, side=PartySide.DEFENDANT, agency=Agency.objects.get(slug=slug))
    for name, firm, role in (
        ("Priya Raman", "Just Futures Law", CounselRole.LEAD),
        ("Daniel Ortiz", "Mijente Support Committee", CounselRole.OF_COUNSEL),
        ("Sarah Whitman", "Community Justice Exchange", CounselRole.PRO_HAC_VICE),
        ("Thomas Greer", "U.S. Attorney's Office, N.D. Cal.", CounselRole.GOVERNMENT),
    ):
        services.counsel_add(actor=actor, case=case, name=name, firm=firm, role=role)
    answer = case.deadlines.get(key=services.ANSWER_KEY)
    entry = _docket(actor, case, today)
    entry(
        1, filed, EntryKind.COMPLAINT, "Complaint for declaratory and injunctive relief (5 U.S.C. § 552)", "Plaintiffs"
    )
    entry(2, min(answer.due_date, today), EntryKind.ANSWER, "Answer to the complaint", "Defendants", satisfies=[answer])
    # The court orders joint status reports every 60 days; the next one falls due next week.
    order_on = _weekday(today - dt.timedelta(days=54))
    order = entry(3, order_on, EntryKind.ORDER, "Order: parties to file joint status reports every 60 days", "Court")
    services_docket.schedule_create(
        actor=actor, case=case, every_days=60, starts_on=today + dt.timedelta(days=6 - 60), order=order
    )
    # The court orders ICE to process 500 pages a month, 6,000 in all; documents.demo counts ICE's interim releases
    # against it, 300 pages short.
    production_order = entry(
        4, _weekday(max(filed + dt.timedelta(days=14), today - dt.timedelta(days=150))), EntryKind.ORDER,
        "Order: defendants shall process 500 pages a month, first production within 30 days", "Court",
    )  # fmt: skip
    services_schedule.production_schedule_create(
        actor=actor, case=case, order=production_order, title=PRODUCTION_TITLE, pages_per_period=500,
        first_due=production_order.filed_on + dt.timedelta(days=30), total_pages=6000,
    )  # fmt: skip
    _vaughn(actor, case, entry, today)
    _link_all(actor, case, isap.filter(status=RequestStatus.LITIGATION).distinct().order_by("pk"))
    return case


VAUGHN = [
    ("Trust Stamp check-in alert emails, March 2023", "ICE-ISAP-000114-000131", 18, ["b6", "b7C"],
     "Names, A-numbers and email addresses of participants and ICE officers: their privacy outweighs any public "
     "interest, and the records were compiled for law enforcement.", ChallengeStatus.CHALLENGED),
    ("SmartLINK facial-match threshold memo", "ICE-ISAP-000132-000140", 9, ["b7E"],
     "The match-failure threshold would let participants circumvent the check-in (law enforcement techniques).",
     ChallengeStatus.CHALLENGED),
    ("Field office escalation roster", "ICE-ISAP-000141", 1, ["b6", "b7C", "b7E"],
     "Officers' names and direct lines, and the escalation procedure.", ChallengeStatus.ACCEPTED),
]  # fmt: skip


def _vaughn(actor, case: Case, entry, today: dt.date) -> None:
    """The order sets the Vaughn index's due date; the agency served three entries, two of which we challenge."""
    order = entry(
        5, _weekday(max(case.filed_on + dt.timedelta(days=21), today - dt.timedelta(days=20))), EntryKind.MINUTE_ORDER,
        "Minute order: defendants shall serve a Vaughn index for the records withheld", "Court",
    )  # fmt: skip
    services_schedule.vaughn_index_due(
        actor=actor, case=case, order=order, due_date=order.filed_on + dt.timedelta(days=35)
    )
    for number, (description, bates, pages, exemptions, justification, status) in enumerate(VAUGHN, start=1):
        services_schedule.vaughn_entry_add(
            actor=actor, case=case, number=number, description=description, bates=bates, pages=pages,
            exemptions=exemptions, justification=justification, challenge_status=status,
        )  # fmt: skip


def _cbp(org: Organization, actor, today: dt.date) -> Case | None:
    if Case.objects.filter(organization=org, caption=CBP_CAPTION).exists():
        return None
    # An older suit than the demo's CBP requests (all sent in the last weeks), so it enforces none of them.
    filed = _weekday(today - dt.timedelta(days=240))
    served = _weekday(filed + dt.timedelta(days=3))
    case = services.case_create(
        actor=actor,
        organization=org,
        caption=CBP_CAPTION,
        court=Court.objects.get(slug="dcd"),
        docket_number=f"1:{filed.year % 100:02d}-cv-02291",
        judge="Hon. Marcus A. Bell",
        filed_on=filed,
        status=CaseStatus.BRIEFING,
        sharing=Sharing.COALITION,
        served_us_attorney_on=served,
        served_attorney_general_on=served,
        served_agency_on=served,
    )
    services.party_add(actor=actor, case=case, side=PartySide.PLAINTIFF, name="Surveillance Accountability Center")
    services.party_add(actor=actor, case=case, side=PartySide.DEFENDANT, agency=Agency.objects.get(slug="cbp"))
    services.counsel_add(
        actor=actor, case=case, name="Jordan Lee", firm="Surveillance Accountability Center", role=CounselRole.LEAD
    )
    services.counsel_add(
        actor=actor, case=case, name="Karen Whitfield", firm="U.S. Attorney's Office, D.D.C.",
        role=CounselRole.GOVERNMENT,
    )  # fmt: skip
    answer = case.deadlines.get(key=services.ANSWER_KEY)
    entry = _docket(actor, case, today)
    entry(1, filed, EntryKind.COMPLAINT, "Complaint under the Freedom of Information Act", "Plaintiff")
    entry(2, min(answer.due_date, today), EntryKind.ANSWER, "Answer", "Defendant", satisfies=[answer])
    minute = entry(
        3, _weekday(today - dt.timedelta(days=45)), EntryKind.MINUTE_ORDER,
        "Minute order setting the schedule for cross-motions for summary judgment", "Court",
    )  # fmt: skip
    # The scheduling order's dates, each a court-ordered deadline citing it (four weeks for each side, three for the
    # last reply); the defendant's motion, filed on its date, meets the first and is briefed on the order's dates.
    moved = _weekday(today - dt.timedelta(days=6))
    cross = _weekday(moved + dt.timedelta(days=28))
    reply = _weekday(cross + dt.timedelta(days=28))
    briefs = services_briefing.cross_motion_briefing_set(
        actor=actor, case=case, order=minute, defendant_motion=moved, plaintiff_cross_motion=cross,
        defendant_reply=reply, plaintiff_reply=_weekday(reply + dt.timedelta(days=21)),
    )  # fmt: skip
    entry(
        4, moved, EntryKind.MOTION,
        "Defendant's motion for summary judgment, with the Vaughn index and declaration", "Defendant",
        satisfies=briefs[:1],
    )  # fmt: skip
    _link_all(actor, case, FoiaRequest.objects.filter(organization=org, agency__slug="cbp").exclude(status="draft"))
    return case


def _docket(actor, case: Case, today: dt.date):
    def entry(number, filed_on, kind, description, filer, **extra):
        return services_docket.docket_entry_add(
            actor=actor,
            case=case,
            number=number,
            filed_on=min(filed_on, today),
            kind=kind,
            description=description,
            filer=filer,
            **extra,
        )

    return entry
