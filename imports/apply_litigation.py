"""Applying and undoing a cases batch and a court-ordered deadlines batch, row by row through litigation's services
(`case_create`, `case_update`, `case_request_link`, `court_deadline_order`), so every rule holds as when a person
types it: docket numbers per court, dates, the "In litigation" event a link records on the request, the deadlines
the engine derives. Both run inside `imports.services`' transaction with the batch locked: a refused row rolls the
whole batch back.

Undo takes what each record says back: a created case is discarded (with the "In litigation" events the import
recorded on its requests), an updated one gets its fields back and loses the links the import added, a created
deadline is removed. It refuses, naming each, while anything was edited since (its version moved) or a created case
has docket entries, notes, parties, counsel, schedules or requests linked since.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from deadlines.services import deadline_discard_manual
from foia import services as foia_services
from foia.choices import EventKind
from foia.models import RequestEvent
from litigation import services as litigation_services
from litigation import services_docket
from litigation.models import Case

from . import selectors
from .models import ImportBatch, ImportedRecord
from .planning_litigation import CASE_UPDATABLE

Action = ImportedRecord.Action
# What a person may add to a case the import created; any of it keeps the case (undo refuses).
ADDED_SINCE = ("docket", "notes", "parties", "counsel", "schedules", "production_schedules", "vaughn_entries")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _case_label(case: Case) -> str:
    return f"Case {case.pk} “{case.caption}”" + (f" ({case.docket_number})" if case.docket_number else "")


@contextmanager
def _row_refusal(row: dict):
    """A service's refusal of one row refuses the batch, naming the row (the transaction rolls everything back)."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(f"Row {row['row']}: {' '.join(error.messages)} Nothing was imported.") from None


def _litigation_events(request_pks) -> set[int]:
    return set(
        RequestEvent.objects.filter(request_id__in=list(request_pks), kind=EventKind.LITIGATION).values_list(
            "pk", flat=True
        )
    )


# --- cases --------------------------------------------------------------------------------------------------------


def cases_apply(*, user, batch: ImportBatch, rows: list[dict]) -> list[ImportedRecord]:
    org_id = batch.organization_id
    found = {
        "courts": {c.pk: c for c in selectors.courts_all()},
        "cases": selectors.cases_by_pk(user=user, organization_id=org_id, pks=[r["case"] for r in rows if "case" in r]),
        "requests": selectors.requests_for_match(
            user=user, organization_id=org_id, pks={pk for r in rows for pk in r["values"]["requests"]}
        ),
    }
    records = []
    for row in rows:
        with _row_refusal(row):
            records.append(_case_row(user=user, batch=batch, row=row, found=found))
    return records


def _case_row(*, user, batch: ImportBatch, row: dict, found: dict) -> ImportedRecord:
    values = row["values"]
    if row["action"] == "create":
        touched = set(values["requests"])
        case = litigation_services.case_create(
            actor=user,
            organization=batch.organization,
            caption=values["caption"],
            court=found["courts"].get(values["court"]),
            docket_number=values["docket_number"],
            judge=values["judge"],
            magistrate_judge=values["magistrate_judge"],
            filed_on=_day(values["filed_on"]),
            status=values["status"],
        )
        links, before = values["requests"], {}
        had = _litigation_events(touched)
    else:
        case = found["cases"][row["case"]]
        fields = {name: values[name] for name in row["changes"] if name in CASE_UPDATABLE}
        if "filed_on" in fields:
            fields["filed_on"] = _day(fields["filed_on"])
        before = {name: getattr(case, name) for name in fields}
        if before.get("filed_on") is not None:
            before["filed_on"] = before["filed_on"].isoformat()
        links = values["links"]
        # Entering the filing date records the event on every request the case enforces, not only the new links.
        touched = set(links) | set(case.requests.values_list("pk", flat=True))
        had = _litigation_events(touched)
        if fields:
            case = litigation_services.case_update(actor=user, case=case, version=case.version, **fields)
    for pk in links:
        litigation_services.case_request_link(actor=user, case=case, request=found["requests"][pk])
    before["linked"] = links
    before["litigation_events"] = sorted(_litigation_events(touched) - had)
    case.refresh_from_db(fields=["version"])
    return ImportedRecord(
        batch=batch,
        case=case,
        request_label=_case_label(case)[:320],
        row=row["row"],
        action=Action.CREATED if row["action"] == "create" else Action.UPDATED,
        version=case.version,
        before=before,
    )


def _refuse(changed: list[str], limit: int) -> None:
    if changed:
        more = len(changed) - limit
        listed = "; ".join(changed[:limit]) + (f"; and {more} more" if more > 0 else "")
        raise ValidationError(f"Nothing was undone: {listed}.", code="changed")


def cases_undo(*, user, batch: ImportBatch, records: list[ImportedRecord], limit: int) -> None:
    found = {
        c.pk: c
        for c in Case.objects.select_for_update()
        .filter(pk__in=[r.case_id for r in records if r.case_id])
        .order_by("pk")
    }
    changed = []
    for rec in records:
        case = found.get(rec.case_id)
        if case is None:
            if rec.action == Action.UPDATED:
                changed.append(f"{rec.request_label} (row {rec.row}) was deleted since")
        elif case.version != rec.version:
            changed.append(f"{rec.request_label} (row {rec.row}) was edited since the import")
        elif rec.action == Action.CREATED and any(getattr(case, name).exists() for name in ADDED_SINCE):
            changed.append(
                f"{rec.request_label} (row {rec.row}) has docket entries, notes, parties, counsel or schedules now"
            )
        elif rec.action == Action.CREATED and case.requests.exclude(pk__in=rec.before.get("linked", [])).exists():
            changed.append(f"{rec.request_label} (row {rec.row}) enforces requests linked since the import")
    _refuse(changed, limit)
    for rec in records:
        case = found.get(rec.case_id)
        if case is None:
            continue
        for event in RequestEvent.objects.filter(pk__in=rec.before.get("litigation_events", [])).select_related(
            "request"
        ):
            foia_services.request_event_delete(event=event, user=user)
        if rec.action == Action.CREATED:
            litigation_services.case_discard(actor=user, case=case)
            continue
        for request in case.requests.filter(pk__in=rec.before.get("linked", [])):
            litigation_services.case_request_unlink(actor=user, case=case, request=request)
        fields = {k: v for k, v in rec.before.items() if k in CASE_UPDATABLE}
        if "filed_on" in fields:
            fields["filed_on"] = _day(fields["filed_on"])
        if fields:
            litigation_services.case_update(actor=user, case=case, version=rec.version, **fields)


# --- court-ordered deadlines --------------------------------------------------------------------------------------


def deadlines_apply(*, user, batch: ImportBatch, rows: list[dict]) -> list[ImportedRecord]:
    org_id = batch.organization_id
    cases = selectors.cases_by_pk(user=user, organization_id=org_id, pks={r["values"]["case"] for r in rows})
    orders = {e.pk: e for e in selectors.docket_entries_of(user=user, cases=list(cases.values())).values()}
    people = {u.pk: u for u in selectors.members_by_name_or_email(user=user, organization_id=org_id).values()}
    records = []
    for row in rows:
        values = row["values"]
        case = cases[values["case"]]
        with _row_refusal(row):
            deadline = services_docket.court_deadline_order(
                actor=user,
                case=case,
                order=orders.get(values["order"]),
                title=values["title"],
                due_date=_day(values["due_on"]),
                note=values["note"],
                responsible=people.get(values["responsible"]),
            )
        records.append(
            ImportedRecord(
                batch=batch,
                deadline=deadline,
                request_label=f"“{deadline.title}” due {deadline.due_date.isoformat()}, {_case_label(case)}"[:320],
                row=row["row"],
                action=Action.CREATED,
                version=deadline.version,
            )
        )
    return records


def deadlines_undo(*, user, batch: ImportBatch, records: list[ImportedRecord], limit: int) -> None:
    found = {
        d.pk: d
        for d in Deadline.objects.select_for_update()
        .filter(pk__in=[r.deadline_id for r in records if r.deadline_id])
        .order_by("pk")
    }
    changed = [
        f"{rec.request_label} (row {rec.row}) was changed since the import (marked, reassigned or edited)"
        for rec in records
        if rec.deadline_id in found and found[rec.deadline_id].version != rec.version
    ]
    _refuse(changed, limit)
    for rec in records:
        if rec.deadline_id in found:
            deadline_discard_manual(actor=user, deadline=found[rec.deadline_id])
