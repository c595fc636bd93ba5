"""Turn a request's deadline plan (from `foia.lifecycle.replay`) into Deadline records via the deadline engine.

No deadline arithmetic happens here: due dates, steps and citations come from `deadlines.rules` through
`deadlines.services.deadline_sync`; this module only decides which deadlines exist and how each one closed.
"""

from __future__ import annotations

from datetime import date

from deadlines.services import deadline_close, deadline_sync

from deadlines.models import Deadline, DeadlineStatus

from ..lifecycle import PlannedDeadline, ReplayState
from ..models import FoiaRequest


def closing_status(item: PlannedDeadline, due: date) -> str:
    """met / missed / waived / superseded for a closed planned deadline whose computed due date is `due`."""
    if item.close_as in ("determination", "filed"):
        return DeadlineStatus.MET if item.close_on <= due else DeadlineStatus.MISSED
    if item.close_as == "litigation":
        return DeadlineStatus.MISSED if item.close_on > due else DeadlineStatus.SUPERSEDED
    return DeadlineStatus(item.close_as)


def _responsible(request: FoiaRequest, item: PlannedDeadline):
    if item.responsible == "attorney":
        return request.attorney or request.assigned_to
    return request.assigned_to


def request_deadlines_sync(*, request: FoiaRequest, state: ReplayState) -> None:
    existing = {d.key: d for d in request.deadlines.all()}
    for key, item in state.plan.items():
        deadline = deadline_sync(
            subject=request,
            key=key,
            title=item.title,
            rule=item.rule,
            trigger=item.trigger,
            options=item.options or None,
            agency=request.agency,
            responsible=_responsible(request, item),
        )
        if not item.is_open:
            status = closing_status(item, deadline.due_date)
            if deadline.status != status:
                deadline_close(subject=request, key=key, status=status)
    for key, deadline in existing.items():
        if key not in state.plan and deadline.status == DeadlineStatus.OPEN:
            # Its triggering event was deleted: keep the record (and its history), but it no longer applies.
            deadline_close(subject=request, key=key, status=DeadlineStatus.SUPERSEDED)


def request_open_deadlines(*, request: FoiaRequest) -> list[Deadline]:
    return [d for d in request.deadlines.all() if d.status == DeadlineStatus.OPEN]
