"""A spreadsheet's status, turned into the lifecycle events that lead to it (a pure function, like
`foia.lifecycle.replay`, which then derives the status and the deadlines from those events: nothing in the sheet is
copied into a status or a due date).

"In process" with a date received becomes: submitted (date submitted), received (date received). The engine then
computes the 20 working days itself. A status that needs a date the sheet does not give is a row error saying which.
Appeals and lawsuits are not imported: they need their own dates and tracking numbers (record them on the request).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from foia.choices import EventKind, FinalOutcome, RequestStatus

from .columns import DATE_RECEIVED, DATE_SUBMITTED
from .values import CellError

E = EventKind
O = FinalOutcome  # noqa: E741 (the lifecycle's own shorthand style)

# Normalised status words -> (what the sheet says happened, the outcome of the final response if any)
DRAFT, SUBMITTED, PROCESSING, RESPONDED, CLOSED, UNSUPPORTED = (
    "draft",
    "submitted",
    "processing",
    "responded",
    "closed",
    "unsupported",
)
STATUS_WORDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("draft", "not sent", "not filed", "to file", "drafting"), (DRAFT, "")),
    **dict.fromkeys(
        ("submitted", "sent", "filed", "awaiting acknowledgment", "awaiting acknowledgement"), (SUBMITTED, "")
    ),
    **dict.fromkeys(
        (
            "received",
            "processing",
            "in process",
            "in progress",
            "pending",
            "open",
            "acknowledged",
            "under review",
            "perfected",
        ),
        (PROCESSING, ""),
    ),
    **dict.fromkeys(("full grant", "granted", "granted in full", "released in full"), (RESPONDED, O.FULL_GRANT)),
    **dict.fromkeys(
        ("partial grant", "partial", "partially granted", "partial release", "partial grant partial denial"),
        (RESPONDED, O.PARTIAL),
    ),
    **dict.fromkeys(("denied", "denial", "full denial", "denied in full"), (RESPONDED, O.DENIAL)),
    **dict.fromkeys(("no records", "no responsive records"), (RESPONDED, O.NO_RECORDS)),
    **dict.fromkeys(("responded", "determination issued", "final response", "complete", "completed"), (RESPONDED, "")),
    **dict.fromkeys(("closed", "withdrawn", "closed withdrawn"), (CLOSED, "")),
    **dict.fromkeys(("appealed", "appeal pending", "appeal decided", "in litigation", "litigation"), (UNSUPPORTED, "")),
}
# The tracker's own status names (its export writes the labels) read the same way.
for _status, _meaning in (
    (RequestStatus.DRAFT, DRAFT),
    (RequestStatus.SUBMITTED, SUBMITTED),
    (RequestStatus.PROCESSING, PROCESSING),
    (RequestStatus.CLOSED, CLOSED),
    (RequestStatus.TOLLED, UNSUPPORTED),
    (RequestStatus.APPEALED, UNSUPPORTED),
    (RequestStatus.APPEAL_DECIDED, UNSUPPORTED),
    (RequestStatus.LITIGATION, UNSUPPORTED),
):
    for _word in (_status.value.replace("_", " "), str(_status.label).lower()):
        STATUS_WORDS.setdefault(_word, (_meaning, ""))
OUTCOME_WORDS = {w: o for w, (m, o) in STATUS_WORDS.items() if m == RESPONDED and o}


@dataclass(frozen=True)
class PlannedEvent:
    kind: str
    date: dt.date
    outcome: str = ""


def _key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in str(text).lower()).split())


def status_events(
    status: str, *, submitted: dt.date | None, received: dt.date | None, responded: dt.date | None
) -> list[PlannedEvent]:
    """The events that bring a new request to `status`, dated from the sheet's dates. Raises CellError saying
    what is missing or not understood. An empty status is read from the dates (received: in process)."""
    key = _key(status)
    if not key:
        meaning, outcome = (PROCESSING if received else SUBMITTED if submitted else DRAFT), ""
    elif key in STATUS_WORDS:
        meaning, outcome = STATUS_WORDS[key]
    elif key.startswith("closed ") and _key(key[len("closed ") :]) in OUTCOME_WORDS:
        meaning, outcome = CLOSED, OUTCOME_WORDS[_key(key[len("closed ") :])]  # "Closed - Partial grant"
    else:
        raise CellError(
            f"status “{status}” is not one we know (draft, submitted, in process, granted, partial grant, denied, "
            "no records, closed)"
        )
    if meaning == UNSUPPORTED:
        raise CellError(
            f"status “{status}” is not imported: appeals, tolls and lawsuits need their own dates; import the "
            "request as in process or responded and record them on its page"
        )
    if meaning == RESPONDED and not outcome:
        raise CellError(
            f"status “{status}” says the agency responded but not how: write granted, partial grant, denied or "
            "no records"
        )
    if meaning == DRAFT:
        if submitted or received:
            raise CellError(f"status “{status}” is a draft, but the row gives a {DATE_SUBMITTED.lower()}")
        return []
    if submitted is None:
        raise CellError(f"status “{status or 'submitted'}” needs the {DATE_SUBMITTED.lower()}")
    events = [PlannedEvent(E.SUBMITTED, submitted)]
    if meaning == SUBMITTED:
        if received:
            events.append(PlannedEvent(E.RECEIVED, received))  # the date says more than the word
        return events
    if received is None:
        raise CellError(
            f"status “{status or 'in process'}” needs the {DATE_RECEIVED.lower()} (the 20 working days run from it)"
        )
    if received < submitted:
        raise CellError(f"the {DATE_RECEIVED.lower()} {received.isoformat()} is before the {DATE_SUBMITTED.lower()}")
    events.append(PlannedEvent(E.RECEIVED, received))
    if meaning == PROCESSING:
        return events
    if responded is None:
        raise CellError(f"status “{status}” needs the date of the response or closure")
    if responded < received:
        raise CellError(f"the response date {responded.isoformat()} is before the {DATE_RECEIVED.lower()}")
    if outcome:
        events.append(PlannedEvent(E.FINAL_RESPONSE, responded, outcome))
    if meaning == CLOSED:
        events.append(PlannedEvent(E.CLOSED, responded))
    return events
