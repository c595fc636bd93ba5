"""The dry run of a cases sheet and of a court-ordered deadlines sheet: every row decided (create, update,
unchanged, or reject with its row number and reasons) without writing anything, checking what litigation's services
will check on confirm (docket numbers per court, dates, the requests a case enforces) so a confirm rarely refuses.

Existing data is read once per batch (courts, the organisation's editable cases with their linked requests, its
tracking numbers, the matched requests, the matched cases' orders and court deadlines, its members): the number of
queries does not grow with the rows. Another organisation's case is never read, so a row naming one answers exactly
like a row naming no case at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from foia.choices import RequestStatus
from foia.validators import FOIA_EFFECTIVE_ON
from litigation.dockets import FORMATS, docket_normalize, docket_validate
from litigation.models import CaseStatus
from litigation.models_docket import ORDER_KINDS

from . import conf, selectors
from .columns_litigation import CASE_FIELDS, DEADLINE_FIELDS
from .reading import FileRefused, Sheet
from .values import CellError, parse_date, text_of

CAPTION_MAX, JUDGE_MAX, TITLE_MAX, NOTE_MAX = 300, 120, 200, 500
CASE_UPDATABLE = ("caption", "judge", "magistrate_judge", "filed_on", "status")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _word_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split())


class CourtMatcher:
    """A court as sheets write it: its PACER id ("dcd"), its citation ("D.D.C.", "N.D. Cal.") or its name; spaces,
    dots and case ignored."""

    def __init__(self, courts):
        self.by_key = {}
        for court in courts:
            fmt = FORMATS.get(court.slug)
            for name in (court.slug, court.name, fmt.abbreviation if fmt else ""):
                if _squash(name):
                    self.by_key.setdefault(_squash(name), court)

    def find(self, text: str):
        return self.by_key.get(_squash(text))


STATUS_WORDS = {_word_key(s.value): s.value for s in CaseStatus} | {_word_key(s.label): s.value for s in CaseStatus}
STATUS_WORDS |= {"prefiling": CaseStatus.PRE_FILING, "not filed": CaseStatus.PRE_FILING, "open": CaseStatus.FILED}


def case_key(court_pk: int | None, docket_number: str) -> tuple[int | None, str]:
    return court_pk, docket_normalize(docket_number).lower()


@dataclass
class _Row:
    """One row being decided: its outcome dict and a reader of its cells that collects the reasons."""

    out: dict
    cells: dict
    labels: dict

    @property
    def reasons(self) -> list[str]:
        return self.out["reasons"]

    def text(self, name: str) -> str:
        return text_of(self.cells.get(name))

    def date(self, name: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(name))
        except CellError as error:
            self.reasons.append(f"{self.labels[name]}: {error}")
            return None

    def too_long(self, name: str, value: str, limit: int) -> None:
        if len(value) > limit:
            self.reasons.append(f"{self.labels[name]}: longer than {limit} characters")


def _row(number: int, cells: dict, fields: dict) -> _Row:
    labels = {name: label for name, (label, _, _) in fields.items()}
    return _Row({"row": number, "action": "reject", "reasons": [], "warnings": []}, cells, labels)


def _rows(sheet: Sheet, mapping: list[str]) -> list[tuple[int, dict]]:
    limit, rows = conf.max_rows(), []
    for count, (number, cells) in enumerate(sheet.rows, 1):
        if count > limit:
            raise FileRefused(
                f"The file has more than {limit:,} rows, the most one import takes (IMPORTS_MAX_ROWS): split it "
                "into several files.",
                "rows",
            )
        rows.append((number, {name: cells[i] for i, name in enumerate(mapping) if name and i < len(cells)}))
    return rows


def _summary(planned: list[dict]) -> dict:
    counts = dict.fromkeys(("create", "update", "unchanged", "reject"), 0)
    for row in planned:
        counts[row["action"]] += 1
    return {"counts": counts, "total": len(planned), "rows": planned, "due_disagreements": 0}


def _court(row: _Row, courts: CourtMatcher):
    text = row.text("court")
    if not text:
        return None
    court = courts.find(text)
    if court is None:
        known = ", ".join(f"{f.abbreviation} ({slug})" for slug, f in FORMATS.items())
        row.reasons.append(f"{row.labels['court']}: “{text}” is not a court we know (e.g. {known})")
    return court


# --- cases --------------------------------------------------------------------------------------------------------


def _case_status(row: _Row) -> str:
    text = row.text("status")
    if not text:
        return ""
    found = STATUS_WORDS.get(_word_key(text))
    if found is None:
        row.reasons.append(
            f"Status: “{text}” is not a case status ({', '.join(str(s.label).lower() for s in CaseStatus)})"
        )
        return ""
    return str(found)


def _filed_on(row: _Row, today: dt.date) -> dt.date | None:
    filed = row.date("filed_on")
    if filed and filed > today:
        row.reasons.append(f"Date filed: {filed.isoformat()} is in the future")
    elif filed and filed < FOIA_EFFECTIVE_ON:
        row.reasons.append(f"Date filed: {filed.isoformat()} is before FOIA took effect ({FOIA_EFFECTIVE_ON})")
    return filed


def _linked_requests(row: _Row, ctx: dict, filed: dt.date | None) -> list[int]:
    """The requests the row's tracking numbers name, among the organisation's own; each unknown one a reason."""
    pks = []
    for number in [n.strip() for n in row.text("requests").split(";") if n.strip()]:
        pk = ctx["tracking"].get(number.upper())
        request = ctx["requests"].get(pk)
        if request is None:
            row.reasons.append(f"FOIA requests: {number} is not a request of this organisation")
            continue
        if filed and request.status == RequestStatus.DRAFT:
            row.reasons.append(f"FOIA requests: {number} is a draft never submitted, so it cannot be in litigation")
        elif filed and request.submitted_on and filed < request.submitted_on:
            row.reasons.append(
                f"FOIA requests: {number} was submitted on {request.submitted_on.isoformat()}, after the case was "
                f"filed ({filed.isoformat()})"
            )
        if pk not in pks:
            pks.append(pk)
    return pks


def plan_case_row(ctx: dict, number: int, cells: dict, seen: dict) -> dict:
    row = _row(number, cells, CASE_FIELDS)
    out = row.out
    caption, docket = row.text("caption"), row.text("docket_number")
    judge, magistrate = row.text("judge"), row.text("magistrate_judge")
    out.update(caption=caption[:CAPTION_MAX], docket_number=docket)
    row.too_long("caption", caption, CAPTION_MAX)
    row.too_long("judge", judge, JUDGE_MAX)
    row.too_long("magistrate_judge", magistrate, JUDGE_MAX)
    court = _court(row, ctx["courts"])
    out["court"] = FORMATS[court.slug].abbreviation if court and court.slug in FORMATS else str(court or "")
    if docket and court is None and not row.text("court"):
        row.reasons.append("Court: a docket number needs its court (e.g. D.D.C. or dcd)")
    elif docket and court is not None:
        try:
            docket = docket_validate(number=docket, court_slug=court.slug)
        except ValidationError as error:
            row.reasons.append(f"Docket number: {error.message_dict['docket_number'][0]}")
    filed = _filed_on(row, ctx["today"])
    status = _case_status(row)
    requests = _linked_requests(row, ctx, filed)
    external = row.text("external_id")
    case = None
    if external:
        case = ctx["cases_by_pk"].get(int(external)) if external.isdigit() else None
        if case is None:
            row.reasons.append(f"External ID: no case {external} in this organisation")
    if docket and court is not None:
        key = case_key(court.pk, docket)
        if key in seen:
            row.reasons.append(f"Docket number: {docket} in {out['court']} is already on row {seen[key]} of this file")
        seen.setdefault(key, number)
        by_docket = ctx["cases_by_key"].get(key)
        if case is not None and by_docket is not None and by_docket.pk != case.pk:
            row.reasons.append(
                f"Docket number: {docket} is case {by_docket.pk}'s, not case {case.pk}'s (the external id)"
            )
        case = case or by_docket
    if case is None and not caption:
        row.reasons.append("Caption: empty")
    if row.reasons:
        return out
    values = {
        "caption": caption,
        "court": court.pk if court else None,
        "docket_number": docket,
        "judge": judge,
        "magistrate_judge": magistrate,
        "filed_on": filed.isoformat() if filed else None,
        "status": status or (CaseStatus.FILED if filed else CaseStatus.PRE_FILING),
        "requests": requests,
    }
    if case is not None:
        return _plan_case_update(out, case, values, status_given=bool(status))
    out["values"], out["action"] = values, "create"
    out["status"] = str(CaseStatus(values["status"]).label)
    return out


def _plan_case_update(out: dict, case, values: dict, *, status_given: bool) -> dict:
    if not status_given:
        values["status"] = ""
    current = {name: getattr(case, name) for name in CASE_UPDATABLE}
    current["filed_on"] = case.filed_on.isoformat() if case.filed_on else None
    changes = {
        name: [current[name] or "", values[name]]
        for name in CASE_UPDATABLE
        if values[name] not in (None, "") and values[name] != current[name]
    }
    if case.filed_on and "filed_on" in changes:
        out["warnings"].append("The sheet's filing date differs from the case's; the case's is kept.")
        del changes["filed_on"]
    linked = {r.pk for r in case.requests.all()}
    links = [pk for pk in values["requests"] if pk not in linked]
    if links:
        changes["requests"] = ["", f"+{len(links)} linked"]
    values["links"] = links
    out.update(case=case.pk, values=values, changes=changes, action="update" if changes else "unchanged")
    out["status"] = str(case.get_status_display())
    return out


def case_sheet_plan(*, user, organization_id: int, sheet: Sheet, mapping: list[str]) -> dict:
    rows = _rows(sheet, mapping)
    tracking = selectors.tracking_index(user=user, organization_id=organization_id)
    numbers = {n.strip().upper() for _, v in rows for n in text_of(v.get("requests")).split(";") if n.strip()}
    cases = selectors.cases_for_match(user=user, organization_id=organization_id)
    ctx = {
        "today": timezone.localdate(),
        "courts": CourtMatcher(selectors.courts_all()),
        "tracking": tracking,
        "requests": selectors.requests_for_match(
            user=user, organization_id=organization_id, pks={tracking[n] for n in numbers if n in tracking}
        ),
        "cases_by_pk": {c.pk: c for c in cases},
        "cases_by_key": {case_key(c.court_id, c.docket_number): c for c in cases if c.docket_number},
    }
    seen: dict = {}
    return _summary([plan_case_row(ctx, number, cells, seen) for number, cells in rows])


# --- court-ordered deadlines --------------------------------------------------------------------------------------


def _deadline_case(row: _Row, ctx: dict):
    docket = docket_normalize(row.text("case"))
    if not docket:
        row.reasons.append("Case: empty (give its docket number)")
        return None
    court = _court(row, ctx["courts"])
    if row.text("court") and court is None:
        return None
    if court is not None:
        case = ctx["cases_by_key"].get(case_key(court.pk, docket))
    else:
        found = ctx["cases_by_docket"].get(docket.lower(), [])
        if len(found) > 1:
            row.reasons.append(f"Case: {docket} is the docket number of cases in several courts: name the court")
            return None
        case = found[0] if found else None
    if case is None:
        where = f" in {row.text('court')}" if court is not None else ""
        row.reasons.append(f"Case: no case {docket}{where} in this organisation")
    return case


def _deadline_order(row: _Row, ctx: dict, case):
    raw = row.text("order")
    number = re.sub(r"^(ECF\s*(NO\b)?|DKT\b|#)", "", raw.upper()).strip(" .#")
    if not raw:
        return None
    if not number.isdigit():
        row.reasons.append(f"Source order: “{raw}” is not a docket entry number (e.g. 42)")
        return None
    entry = ctx["orders"].get((case.pk, int(number))) if case is not None else None
    if case is not None and entry is None:
        row.reasons.append(f"Source order: the case has no docket entry {number}")
    elif entry is not None and entry.kind not in ORDER_KINDS:
        row.reasons.append(f"Source order: ECF No. {entry.number} is not an order or minute order")
        return None
    return entry


def plan_deadline_row(ctx: dict, number: int, cells: dict, seen: dict) -> dict:
    row = _row(number, cells, DEADLINE_FIELDS)
    out = row.out
    title, note = " ".join(row.text("title").split()), row.text("note")
    out.update(title=title[:TITLE_MAX], docket_number=row.text("case"))
    if not title:
        row.reasons.append("What is due: empty")
    row.too_long("title", title, TITLE_MAX)
    row.too_long("note", note, NOTE_MAX)
    due = row.date("due_on")
    if not row.text("due_on"):
        row.reasons.append("Due date: empty")
    case = _deadline_case(row, ctx)
    order = _deadline_order(row, ctx, case)
    if order is not None and due and due < order.filed_on:
        row.reasons.append(
            f"Due date: {due.isoformat()} is before the order was entered ({order.filed_on.isoformat()})"
        )
    who = row.text("responsible")
    person = ctx["members"].get(who.lower()) if who else None
    if who and person is None:
        row.reasons.append(f"Responsible: {who} is not a member of this organisation")
    if case is not None:
        out.update(case=case.pk, caption=case.caption)
    if row.reasons:
        return out
    out["due_on"] = due.isoformat()
    key = (case.pk, title.lower(), due)
    if key in seen:
        row.reasons.append(f"The same deadline is already on row {seen[key]} of this file")
        return out
    seen[key] = number
    out["values"] = {
        "case": case.pk,
        "title": title,
        "due_on": due.isoformat(),
        "order": order.pk if order else None,
        "responsible": person.pk if person else None,
        "note": note,
    }
    # Importing the same sheet again finds its deadlines already there: left as they are, never duplicated.
    out["action"] = "unchanged" if key in ctx["existing"] else "create"
    return out


def deadline_sheet_plan(*, user, organization_id: int, sheet: Sheet, mapping: list[str]) -> dict:
    rows = _rows(sheet, mapping)
    cases = selectors.cases_for_match(user=user, organization_id=organization_id)
    by_docket: dict[str, list] = {}
    for case in cases:
        if case.docket_number:
            by_docket.setdefault(case.docket_number.lower(), []).append(case)
    ctx = {
        "courts": CourtMatcher(selectors.courts_all()),
        "cases_by_key": {case_key(c.court_id, c.docket_number): c for c in cases if c.docket_number},
        "cases_by_docket": by_docket,
        "members": selectors.members_by_name_or_email(user=user, organization_id=organization_id),
        "orders": selectors.docket_entries_of(user=user, cases=cases),
        "existing": {
            (d.subject_id, d.title.lower(), d.due_date) for d in selectors.court_deadlines_of(user=user, cases=cases)
        },
    }
    seen: dict = {}
    return _summary([plan_deadline_row(ctx, number, cells, seen) for number, cells in rows])
