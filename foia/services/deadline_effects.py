"""Turn a request's deadline plan (from `foia.lifecycle.replay`) into Deadline records via the deadline engine.

No deadline arithmetic happens here: due dates, steps and citations come from `deadlines.rules` through
`deadlines.services.deadline_sync`; this module only decides which deadlines exist and how each one closed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from deadlines.models import DeadlineStatus
from deadlines.rules import RuleError
from deadlines.services import deadline_assign, deadline_close, deadline_reopen, deadline_sync

from ..lifecycle import PlannedDeadline, ReplayState
from ..models import FoiaRequest


def closing_status(item: PlannedDeadline, due: date | None) -> str:
    """met / missed / waived / superseded for a closed planned deadline whose computed due date is `due`.

    `due` is None while a toll pauses the clock: the time had not run out, so it was met (or superseded)."""
    if item.close_as in ("determination", "filed"):
        return DeadlineStatus.MET if due is None or item.close_on <= due else DeadlineStatus.MISSED
    if item.close_as == "litigation":
        return DeadlineStatus.MISSED if due is not None and item.close_on > due else DeadlineStatus.SUPERSEDED
    return DeadlineStatus(item.close_as)


def _responsible(request: FoiaRequest, item: PlannedDeadline):
    if item.responsible == "attorney":
        return request.attorney or request.assigned_to
    return request.assigned_to


def request_deadlines_sync(*, actor, request: FoiaRequest, state: ReplayState) -> None:
    """Create, recompute, close or reopen the request's deadlines so they match the plan. Raises ValidationError
    (and the caller's transaction rolls back) if the rule catalogue refuses the inputs. `actor` is the person whose
    change (an event, an edit of the request) causes it; the deadline services check them again."""
    existing = {d.key: d for d in request.deadlines.all()}
    for key, item in state.plan.items():
        responsible = _responsible(request, item)
        try:
            deadline = deadline_sync(
                actor=actor,
                subject=request,
                key=key,
                title=item.title,
                rule=item.rule,
                trigger=item.trigger,
                options=item.options or None,
                agency=request.agency,
                responsible=responsible,
            )
        except RuleError as error:
            raise ValidationError(f"{item.title}: {error}", code="rule") from None
        if deadline.responsible_id != getattr(responsible, "pk", None):
            deadline_assign(actor=actor, deadline=deadline, responsible=responsible)
        wanted = DeadlineStatus.OPEN if item.is_open else closing_status(item, deadline.due_date)
        if wanted == DeadlineStatus.OPEN and deadline.status != DeadlineStatus.OPEN:
            deadline_reopen(actor=actor, subject=request, key=key)  # e.g. the event that closed it was deleted
        elif wanted != DeadlineStatus.OPEN and deadline.status != wanted:
            deadline_close(actor=actor, subject=request, key=key, status=wanted)
    for key, deadline in existing.items():
        if key not in state.plan and deadline.status == DeadlineStatus.OPEN and not deadline.is_manual:
            # Its triggering event was deleted: keep the record (and its history), but it no longer applies.
            deadline_close(actor=actor, subject=request, key=key, status=DeadlineStatus.SUPERSEDED)
