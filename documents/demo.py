"""Demo releases for the ISAP requests: ICE's final response to the Trust Stamp request, as generated PDFs (a BI Inc.
statement of work with (b)(4) pricing redactions, Trust Stamp check-in alert emails with (b)(6) and (b)(7)(C)
redactions, and an image-only scanned page that needs OCR), uploaded and processed so `make run` shows them; and
ICE's interim releases in the ISAP suit, counted against its court-ordered production schedule and 300 pages
behind it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from foia.choices import CommunicationKind
from foia.models import FoiaRequest
from litigation import production_math
from litigation.demo import ISAP_CAPTION, PRODUCTION_TITLE
from litigation.models import ProductionSchedule

from . import samples, services
from .models import Production

TRUST_STAMP = "Trust Stamp facial-recognition check-ins in ISAP"
LABEL = "Final response release"

SOW = [
    "BI INCORPORATED - STATEMENT OF WORK\nIntensive Supervision Appearance Program (ISAP IV)\n"
    "Contract HSCEDM-20-D-00001, Task Order 70CDCR21FR0000012\n\n"
    "1. Scope\nThe Contractor shall provide technology-assisted case management for participants,\n"
    "including SmartLINK smartphone check-ins with facial verification by Trust Stamp.\n\n"
    "2. Pricing\nCLIN 0001 SmartLINK participant-day: (b)(4)\nCLIN 0002 GPS ankle monitor participant-day: (b)(4)\n"
    "CLIN 0003 Voice reporting participant-day: (b)(4)\n\nICE-ISAP-000001",
    "3. Performance standards\nFacial-match failures shall be reviewed by a case specialist within 24 hours.\n"
    "Match-failure rate threshold: (b)(4)\nIncentive and disincentive schedule: (b)(4)\n\n"
    "4. Data retention\nCheck-in photographs are retained for the life of the contract plus 7 years.\n\n"
    "ICE-ISAP-000002",
    "5. Points of contact\nContracting Officer: (b)(6)\nContracting Officer's Representative: (b)(6), (b)(7)(C)\n\n"
    "ICE-ISAP-000003",
]
ALERTS = [
    "From: alerts@truststamp.ai\nTo: (b)(6)\nSubject: SmartLINK check-in alert - facial match failed\n\n"
    "Participant: (b)(6), (b)(7)(C)\nA-Number: (b)(6), (b)(7)(C)\nCheck-in time: 2023-03-14 08:02 ET\n"
    "Result: NO MATCH (score below threshold)\nAction: case specialist review required.\n\nICE-ISAP-000004",
    "From: (b)(6)@bi.com\nTo: (b)(6), (b)(7)(C)@ice.dhs.gov\nSubject: RE: SmartLINK check-in alert\n\n"
    "Officer, the participant re-submitted at 08:40 and matched. No violation recorded.\n"
    "Field office: (b)(7)(E)\n\nICE-ISAP-000005",
]
SCAN = ["ISAP PARTICIPANT CHECK-IN LOG (SCANNED)\nMarch 2023\nParticipant (b)(6)\nMissed check-ins: 2\nICE-ISAP-000006"]


def _files():
    return [
        SimpleUploadedFile("BI-ISAP-IV-statement-of-work.pdf", samples.text_pdf(SOW)),
        SimpleUploadedFile("Trust-Stamp-check-in-alerts.pdf", samples.text_pdf(ALERTS)),
        SimpleUploadedFile("check-in-log-scan.pdf", samples.scanned_pdf(SCAN)),
    ]


BEHIND = 300


def _interim_releases(stdout) -> None:
    """One interim release a period, each a few days before its due date, adding up to 300 pages short of what the
    order expects today."""
    schedule = ProductionSchedule.objects.filter(case__caption=ISAP_CAPTION, title=PRODUCTION_TITLE).first()
    user = get_user_model().objects.filter(username="idp-attorney").first()
    request = schedule.case.requests.order_by("pk").first() if schedule else None
    if schedule is None or user is None or request is None:
        stdout.write("Documents demo: the ISAP suit's production schedule (or its request) is missing.")
        return
    if Production.objects.filter(schedule=schedule).exists():
        return
    today = timezone.localdate()
    due = production_math.periods_due(schedule.terms, today)
    total = production_math.expected_pages(schedule.terms, today) - BEHIND
    for n in range(1, due + 1):
        pages = total // due + (total % due if n == due else 0)
        full, part = pages * 3 // 5, pages // 4
        services.production_create(
            request=request,
            actor=user,
            date=production_math.due_date(schedule.terms, n) - timedelta(days=2),
            label=f"Interim release {n}",
            pages_processed=pages,
            pages_released_full=full,
            pages_released_part=part,
            pages_withheld=pages - full - part,
            exemptions_cited={"b6": 40, "b7C": 35, "b7E": 12},
            schedule=schedule,
        )
    stdout.write(f"Documents demo: {due} interim release(s) counted against the ISAP production schedule.")


def load(*, stdout) -> None:
    _interim_releases(stdout)
    request = FoiaRequest.objects.filter(organization__slug="idp-demo", subject__startswith=TRUST_STAMP).first()
    user = get_user_model().objects.filter(username="idp-staff").first()
    if request is None or user is None:
        stdout.write("documents demo: the Trust Stamp request is missing; run foia.demo first.")
        return
    if Production.objects.filter(request=request, label=LABEL).exists():
        stdout.write("Documents demo: already present.")
        return
    letter = request.communications.filter(kind=CommunicationKind.FINAL_RESPONSE).first()
    production = services.production_create(
        request=request,
        actor=user,
        date=letter.date if letter else request.drafted_on,
        label=LABEL,
        cover_letter=letter,
        pages_processed=299,
        pages_released_full=0,
        pages_released_part=212,
        pages_withheld=87,
        exemptions_cited={"b4": 41, "b6": 118, "b7C": 96},
    )
    result = services.documents_upload(production=production, files=_files(), actor=user)
    for document in result.documents:  # processed now, so the demo shows them without waiting for a worker
        services.document_process(document_id=document.pk)
    stdout.write(f"Documents demo: 1 production with {len(result.documents)} processed file(s).")
