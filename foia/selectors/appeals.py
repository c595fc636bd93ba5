"""What the "file appeal" form is prefilled with: the adverse determination it challenges and its window."""

from __future__ import annotations

from datetime import date

from deadlines.models import Deadline, DeadlineStatus

from .. import lifecycle
from ..choices import ADVERSE_OUTCOMES, EventKind, FinalOutcome, TrackingKind
from ..models import Appeal, FoiaRequest, RequestEvent, TrackingNumber

ISSUES_BY_OUTCOME = {
    FinalOutcome.PARTIAL: [Appeal.Issue.WITHHOLDINGS, Appeal.Issue.SEARCH],
    FinalOutcome.DENIAL: [Appeal.Issue.WITHHOLDINGS, Appeal.Issue.SEARCH],
    FinalOutcome.NO_RECORDS: [Appeal.Issue.NO_RECORDS, Appeal.Issue.SEARCH],
    FinalOutcome.OTHER: [Appeal.Issue.OTHER],
}


def adverse_determination(events: list[RequestEvent]) -> RequestEvent | None:
    finals = [e for e in events if e.kind == EventKind.FINAL_RESPONSE]
    last = finals[-1] if finals else None
    return last if last and last.outcome in ADVERSE_OUTCOMES else None


def appeal_refusal(*, request: FoiaRequest, events: list[RequestEvent], today: date) -> str | None:
    """Why the lifecycle would refuse an appeal filed today (of the final response, or of an interim denial), or
    None when it would be accepted. The replay is the services' own, so pages offer exactly what can be recorded."""
    from ..services.events import fact_of  # the same facts the services replay

    facts = [fact_of(e) for e in events]
    sequence = max((f.sequence for f in facts), default=0) + 1
    new = lifecycle.Fact(kind=EventKind.APPEAL_FILED, date=today, sequence=sequence)
    try:
        lifecycle.replay_with(facts, new, expedited_requested=request.expedited_requested, today=today)
    except lifecycle.TransitionError as error:
        return str(error)
    return None


def appeal_can_file(*, request: FoiaRequest, events: list[RequestEvent], today: date) -> bool:
    """Would an appeal filed today be accepted (of the final response, or of an interim denial)?"""
    return appeal_refusal(request=request, events=events, today=today) is None


INTERIM_ISSUES = {
    "appeal-filing-expedited": [Appeal.Issue.EXPEDITED],
    "appeal-filing-fee-waiver": [Appeal.Issue.FEES],
}


def appeal_prefill(
    *,
    request: FoiaRequest,
    events: list[RequestEvent],
    deadlines: list[Deadline],
    tracking_numbers: list[TrackingNumber],
    today: date,
) -> dict:
    determination = adverse_determination(events)
    window = next((d for d in deadlines if d.key.startswith("appeal-filing") and d.status == DeadlineStatus.OPEN), None)
    numbers = [t.number for t in tracking_numbers if t.kind == TrackingKind.REQUEST]
    reference = numbers[-1] if numbers else f"submitted {request.submitted_on or '—'}"
    agency = request.agency
    initial = {
        "filed_on": today,
        "appeal_authority": f"{agency.name} — FOIA appeals",
        "letter_subject": f"Freedom of Information Act appeal — request {reference}",
    }
    if determination:
        what = determination.outcome_label.lower()
        exemptions = f" withholding information under {determination.exemptions}" if determination.exemptions else ""
        initial["issues"] = [str(i) for i in ISSUES_BY_OUTCOME.get(determination.outcome, [])]
        initial["grounds"] = (
            f"The {what} of {determination.date.isoformat()}{exemptions}: the withholdings are not justified and "
            "the search was not reasonably calculated to uncover all relevant records."
        )
        withheld = f" The agency withheld records under {determination.exemptions}." if determination.exemptions else ""
        initial["letter_body"] = (
            f"This is an administrative appeal under 5 U.S.C. § 552(a)(6)(A) of {agency.name}'s "
            f"{what} dated {determination.date.isoformat()} on FOIA request {reference}, “{request.subject}”."
            f"{withheld}"
            "\n\nWe appeal the withholdings, which are not justified by the exemptions cited, and the adequacy of "
            "the search. Please release all reasonably segregable non-exempt information (5 U.S.C. § 552(b)) and "
            "conduct a new search.\n\nWe look forward to your determination within 20 working days "
            "(5 U.S.C. § 552(a)(6)(A)(ii))."
        )
    interim = next((v for k, v in INTERIM_ISSUES.items() if window and window.key.startswith(k)), None)
    if interim:  # the open window is an interim denial's: that is what is appealed
        initial["issues"] = [str(i) for i in interim]
        initial.pop("grounds", None)
        initial.pop("letter_body", None)
    return {"initial": initial, "determination": determination, "window": window}
