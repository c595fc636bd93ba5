"""Filing an administrative appeal: the "appeal filed" event, the appeal record, its letter and tracking number."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from directory.models import Agency

from ..choices import Channel, CommunicationKind, Direction, EventKind, TrackingKind
from ..models import Appeal, FoiaRequest
from .common import require_edit
from .communications import communication_log, files_atomic
from .events import EventInput, request_event_record
from .requests import tracking_number_add


def appeal_file(
    *,
    request: FoiaRequest,
    user,
    filed_on: date,
    received_on: date | None = None,
    grounds: str = "",
    issues: list[str] | None = None,
    appeal_authority: str = "",
    channel: str = Channel.PORTAL,
    letter_subject: str = "",
    letter_body: str = "",
    files=(),
    tracking_number: str = "",
    tracking_agency: Agency | None = None,
    appeal_of: str = "",
) -> Appeal:
    """Record an appeal filed on `filed_on` (and received by the appeal office on `received_on`, if later) of the
    adverse determination `appeal_of` names (an event kind: the final response, or a denial of expedited
    processing or of a fee waiver), by default the latest one whose appeal window is open. The lifecycle refuses
    a receipt before the filing or in the future."""
    require_edit(user, request)
    unknown = set(issues or ()) - set(Appeal.Issue.values)
    if unknown:
        raise ValidationError({"issues": f"Unknown appeal issues: {', '.join(sorted(unknown))}."})
    details = {"received_on": received_on.isoformat()} if received_on and received_on != filed_on else {}
    if appeal_of:
        details["appeal_of"] = appeal_of
    event = EventInput(kind=EventKind.APPEAL_FILED, date=filed_on, details=details)
    with files_atomic():  # a refusal after the letter's files were written removes them
        if letter_subject or letter_body or files:
            communication = communication_log(
                request=request,
                user=user,
                direction=Direction.TO_AGENCY,
                channel=channel,
                date=filed_on,
                kind=CommunicationKind.APPEAL,
                subject=letter_subject or f"FOIA appeal: {request.subject}"[:300],
                body=letter_body,
                files=files,
                events=[event],
            )
            recorded = communication.events.get(kind=EventKind.APPEAL_FILED)
        else:
            recorded = request_event_record(request=request, user=user, event=event)
        appeal = recorded.appeal_filed
        appeal.grounds = grounds
        appeal.issues = list(issues or [])
        appeal.appeal_authority = appeal_authority
        appeal.save(update_fields=["grounds", "issues", "appeal_authority"])
        if tracking_number:
            tracking_number_add(
                request=request,
                user=user,
                number=tracking_number,
                agency=tracking_agency or request.agency,
                assigned_on=received_on or filed_on,
                kind=TrackingKind.APPEAL,
                appeal=appeal,
            )
    return appeal
