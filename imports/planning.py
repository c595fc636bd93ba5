"""The dry run: every row of a sheet read through the mapping and decided -- create, update (matched by tracking
number or external id), unchanged, or reject with its row number and reasons -- without writing anything.

Existing data is read once (agencies, the organisation's members, tracking numbers, matched requests), so the number
of queries does not grow with the rows. Statuses become lifecycle events (`imports.statuses`), replayed by
`foia.lifecycle` and computed by the deadline engine exactly as the services will when the batch is confirmed; a
"due" column is only compared with that computation, never imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from deadlines.calendar import ClosureIndex
from deadlines.rules import RuleError, deadline_compute
from foia import lifecycle
from foia.choices import RequestStatus
from foia.validators import date_refusal

from . import conf, selectors
from .agencies import AgencyMatcher
from .columns import FIELD_LABELS, REQUEST_FIELDS, header_key
from .reading import FileRefused, Sheet
from .statuses import status_events
from .values import CellError, parse_date, parse_flag, text_of

SUBJECT_MAX = 300
# Fields an update may change (an empty cell leaves the request's value as it is).
UPDATABLE = ("subject", "request_text", "assigned_to", "fee_waiver_requested", "expedited_requested")


@dataclass
class Context:
    """What the plan reads once per batch."""

    user: object
    organization_id: int
    matcher: AgencyMatcher
    members: dict[str, object]
    tracking: dict[str, int]
    today: dt.date
    index: ClosureIndex
    requests: dict[int, object] = field(default_factory=dict)


def mapping_errors(mapping: list[str]) -> list[str]:
    errors, seen = [], set()
    for name in mapping:
        if name and name not in REQUEST_FIELDS:
            errors.append(f"“{name}” is not a field that can be imported.")
        elif name and name in seen:
            errors.append(f"{FIELD_LABELS[name]} is chosen for more than one column.")
        seen.add(name)
    if "subject" not in seen:
        errors.append("Choose the column holding the subject.")
    if not {"agency", "component"} & seen:
        errors.append("Choose the column holding the agency (or the component).")
    return errors


def mapping_suggested(headers: list[str], remembered: dict[str, str]) -> list[str]:
    """Each column's field: the organisation's remembered choice for that header, else the recognised header."""
    from .columns import field_for_header

    chosen: list[str] = []
    for header in headers:
        key = header_key(header)
        name = remembered[key] if key in remembered else field_for_header(header)
        chosen.append(name if name in REQUEST_FIELDS and name not in chosen else "")
    return chosen


def _cells(mapping: list[str], cells: list) -> dict[str, object]:
    return {name: cells[i] for i, name in enumerate(mapping) if name and i < len(cells)}


def _next_due(events, *, agency, expedited: bool, today: dt.date, index: ClosureIndex):
    """(status, {title, due, rule}) the engine derives from the events: the earliest open deadline."""
    facts = [lifecycle.Fact(kind=e.kind, date=e.date, outcome=e.outcome, sequence=n) for n, e in enumerate(events, 1)]
    state = lifecycle.replay(facts, expedited_requested=expedited, today=today)
    found = None
    for item in state.plan.values():
        if not item.is_open:
            continue
        comp = deadline_compute(
            rule=item.rule, trigger=item.trigger, agency=agency, options=item.options or None, index=index
        )
        if comp.due and (found is None or comp.due < found["due"]):
            found = {"title": item.title, "due": comp.due, "rule": item.rule}
    return state.status, found


def plan_row(ctx: Context, number: int, cells: dict[str, object], seen: dict[str, int]) -> dict:
    """One row's outcome (a JSON-ready dict)."""
    reasons: list[str] = []
    warnings: list[str] = []
    out: dict = {"row": number, "action": "reject", "reasons": reasons, "warnings": warnings, "suggestions": []}

    def text(name: str) -> str:
        return text_of(cells.get(name))

    def read(name: str, parse):
        try:
            return parse(cells.get(name))
        except CellError as error:
            reasons.append(f"{FIELD_LABELS[name]}: {error}")
            return None

    subject = text("subject")
    out["subject"] = subject[:SUBJECT_MAX]
    if not subject:
        reasons.append("Subject: empty")
    elif len(subject) > SUBJECT_MAX:
        reasons.append(f"Subject: longer than {SUBJECT_MAX} characters")
    agency, why, suggestions = ctx.matcher.resolve(agency=text("agency"), component=text("component"))
    if agency is None:
        reasons.append(f"Agency: {why}" + (" (did you mean one of the suggestions?)" if suggestions else ""))
        out["suggestions"] = [f"{a.name} ({a.abbreviation})" for a in suggestions]
        out["agency_text"] = text("component") or text("agency")
    else:
        out["agency"] = agency.abbreviation or agency.name
    unread = len(reasons)
    submitted = read("submitted_on", parse_date)
    received = read("received_on", parse_date)
    responded = read("responded_on", parse_date)
    due = read("due_on", parse_date)
    dates_read = len(reasons) == unread
    fee_waiver = read("fee_waiver_requested", parse_flag) if "fee_waiver_requested" in cells else None
    expedited = read("expedited_requested", parse_flag) if "expedited_requested" in cells else None
    for label, day in (("Date submitted", submitted), ("Date received", received), ("Response date", responded)):
        if day and (refusal := date_refusal(day, today=ctx.today)):
            reasons.append(f"{label}: {day.isoformat()} is {refusal[0]}")
    email = text("assigned_to")
    assignee = None
    if email:
        assignee = ctx.members.get(email.lower())
        if assignee is None:
            reasons.append(f"Assigned to: {email} is not a member of this organisation")
    number = text("tracking_number")
    key = number.upper()
    if number:
        if key in seen:
            reasons.append(f"Tracking number: {number} is already on row {seen[key]} of this file")
        else:
            seen[key] = out["row"]
    out["tracking_number"] = number
    external = text("external_id")
    match_pk = None
    if external.isdigit() and int(external) in ctx.requests:
        match_pk = int(external)
    if key and key in ctx.tracking:
        if match_pk is not None and ctx.tracking[key] != match_pk:
            reasons.append(
                f"Tracking number: {number} belongs to request {ctx.tracking[key]}, not to request {match_pk} "
                "(the external id)"
            )
        match_pk = ctx.tracking[key]
    events = []
    if dates_read:  # a status needing an unreadable date would only repeat the date's error
        try:
            events = status_events(text("status"), submitted=submitted, received=received, responded=responded)
        except CellError as error:
            reasons.append(f"Status: {error}")
    if reasons:
        return out
    out["values"] = {
        "agency": agency.pk,
        "subject": subject,
        "request_text": text("request_text"),
        "assigned_to": assignee.pk if assignee else None,
        "fee_waiver_requested": fee_waiver,
        "expedited_requested": expedited,
        "tracking_number": number,
        "events": [[e.kind, e.date.isoformat(), e.outcome] for e in events],
    }
    if match_pk is not None:
        return _plan_update(ctx, out, ctx.requests[match_pk], assignee, status_text=text("status"))
    if number and not (submitted or received):
        reasons.append("Tracking number: a number needs the date submitted (it is recorded as of that date)")
        return out
    try:
        status, next_due = _next_due(events, agency=agency, expedited=bool(expedited), today=ctx.today, index=ctx.index)
    except lifecycle.TransitionError as error:
        reasons.append(f"Status: {error}")
        return out
    except RuleError as error:
        reasons.append(f"Deadline: {error}")
        return out
    out["action"] = "create"
    out["status"] = str(RequestStatus(status).label)
    if next_due:
        out["due"] = {"title": next_due["title"], "on": next_due["due"].isoformat()}
        if due and due != next_due["due"]:
            out["due_disagrees"] = {"sheet": due.isoformat(), "computed": next_due["due"].isoformat()}
            warnings.append(
                f"The sheet's due date {due.isoformat()} differs from the computed {next_due['due'].isoformat()} "
                f"({next_due['title']}); the computed date is kept."
            )
    return out


def _plan_update(ctx: Context, out: dict, request, assignee, *, status_text: str) -> dict:
    values = out["values"]
    changes = {}
    current = {
        "subject": request.subject,
        "request_text": request.request_text,
        "assigned_to": request.assigned_to_id,
        "fee_waiver_requested": request.fee_waiver_requested,
        "expedited_requested": request.expedited_requested,
    }
    for name in UPDATABLE:
        new = values[name]
        if new in (None, "") or new == current[name]:
            continue
        shown_old, shown_new = current[name], new
        if name == "assigned_to":
            shown_old = request.assigned_to.email if request.assigned_to else ""
            shown_new = assignee.email
        changes[name] = [shown_old, shown_new]
    out["request"] = request.pk
    out["status"] = str(request.get_status_display())
    out["changes"] = changes
    out["action"] = "update" if changes else "unchanged"
    if values["agency"] != request.agency_id:
        out["warnings"].append(f"The sheet's agency differs from the request's ({request.agency}); it is not changed.")
    if status_text and values["events"]:
        try:
            sheet_status = lifecycle.replay(
                [lifecycle.Fact(kind=k, date=dt.date.fromisoformat(d), outcome=o) for k, d, o in values["events"]],
                expedited_requested=request.expedited_requested,
            ).status
        except lifecycle.TransitionError:
            sheet_status = None
        if sheet_status and sheet_status != request.status:
            out["warnings"].append(
                f"The sheet says “{status_text}”; the request is “{request.get_status_display()}”. Statuses come "
                "from the events recorded on the request: record what happened there."
            )
    return out


def sheet_plan(*, user, organization_id: int, sheet: Sheet, mapping: list[str]) -> dict:
    """The preview of a whole sheet: counts and every row's outcome. Raises FileRefused over the row limit."""
    limit = conf.max_rows()
    rows = []
    external_pks: set[int] = set()
    for count, (number, cells) in enumerate(sheet.rows, 1):
        if count > limit:
            raise FileRefused(
                f"The file has more than {limit:,} rows, the most one import takes (IMPORTS_MAX_ROWS): split it "
                "into several files.",
                "rows",
            )
        values = _cells(mapping, cells)
        rows.append((number, values))
        external = text_of(values.get("external_id"))
        if external.isdigit():
            external_pks.add(int(external))
    today = timezone.localdate()
    tracking = selectors.tracking_index(user=user, organization_id=organization_id)
    keys = {text_of(v.get("tracking_number")).upper() for _, v in rows}
    matched = {tracking[k] for k in keys if k in tracking} | external_pks
    ctx = Context(
        user=user,
        organization_id=organization_id,
        matcher=AgencyMatcher(selectors.agencies_all()),
        members=selectors.members_by_email(user=user, organization_id=organization_id),
        tracking=tracking,
        today=today,
        index=ClosureIndex(today.year - 60, today.year + 3),
        requests=selectors.requests_for_match(user=user, organization_id=organization_id, pks=matched),
    )
    seen: dict[str, int] = {}
    planned = [plan_row(ctx, number, values, seen) for number, values in rows]
    counts = dict.fromkeys(("create", "update", "unchanged", "reject"), 0)
    for row in planned:
        counts[row["action"]] += 1
    return {
        "counts": counts,
        "total": len(planned),
        "rows": planned,
        "due_disagreements": sum(1 for r in planned if r.get("due_disagrees")),
        "basis": _basis(keys, matched, tracking, ctx.requests, ctx.members),
    }


def _basis(keys, matched, tracking: dict, requests: dict, members: dict) -> dict:
    """What the plan rested on, besides the file: which of the sheet's tracking numbers the tracker already knew and
    for which request, the version of every request a row matched, and the organisation's members. Confirm reads
    these again (`plan_basis`) instead of re-planning the file: when they are unchanged the plan still holds."""
    return {
        "tracking": sorted([k, tracking.get(k)] for k in keys if k),
        "matched": sorted(matched),
        "versions": sorted([pk, r.version] for pk, r in requests.items()),
        "members": sorted(u.pk for u in members.values()),
    }


def plan_basis(*, user, organization_id: int, basis: dict) -> dict:
    """`basis` as the tracker stands now (three queries, whatever the rows)."""
    tracking = selectors.tracking_index(user=user, organization_id=organization_id)
    keys = [k for k, _ in basis["tracking"]]
    requests = selectors.requests_for_match(user=user, organization_id=organization_id, pks=basis["matched"])
    members = selectors.members_by_email(user=user, organization_id=organization_id)
    return _basis(keys, basis["matched"], tracking, requests, members)
