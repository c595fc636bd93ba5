"""Writes of the imports app: upload, map and preview, confirm (one transaction), undo (one transaction).

Requests are created and changed through foia's bulk services (`foia_requests_create_many`,
`foia_requests_update_many`), which check what the one-at-a-time services check and leave the same requests,
events, numbers, derived deadlines and history, in a number of statements that does not grow with the rows (10,000
rows confirm in about 10 s: bench/imports.py). Confirm runs with the batch row locked: a second confirm (double
click, another tab) waits, then finds the batch applied and changes nothing. It applies the stored preview only
while what the preview rested on is unchanged (for requests: the sheet's tracking numbers, the matched requests'
versions, the members; for the other kinds the file is planned again and compared); otherwise it is refused and
nothing applied.

What differs by kind (columns, planner, apply, undo) is in `imports.kinds`; cases and court-ordered deadlines are
applied and undone there through litigation's services, requests here.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from coalition.access import can_create_in, can_edit
from coalition.models import Organization
from core.files import file_written, files_atomic
from directory.models import Agency
from foia import services as foia_services
from foia.models import FoiaRequest, RequestEvent

from . import conf, planning, selectors
from .columns import header_key
from .kinds import kind_of
from .models import BatchStatus, ImportBatch, ImportedRecord, ImportKind, ImportMapping
from .reading import FileRefused, sheet_open

# Imported requests that asked for a fee waiver or expedition were filed with their justification elsewhere; the
# tracker requires one, so it says where it went rather than inventing it.
IMPORTED_JUSTIFICATION = "Not recorded here: imported from a spreadsheet (see the request letter)."
MAX_REASONS_LISTED = 20


def _require_editor(user, organization_id: int) -> None:
    if not can_create_in(user, organization_id):
        raise PermissionDenied("Importing needs an admin, attorney or staff role in this organisation.")


def _require_batch_editor(user, batch: ImportBatch) -> None:
    if not can_edit(user, batch):
        raise PermissionDenied("Importing needs an admin, attorney or staff role in this organisation.")


def batch_upload(*, user, organization: Organization, upload, kind: str = ImportKind.REQUESTS) -> ImportBatch:
    """Store an uploaded spreadsheet as a new batch and read its header; the mapping is suggested from the
    organisation's remembered one and the recognised headers. Refuses (FileRefused) a file over the size limit, an
    unreadable or macro-enabled one; the file is not kept then."""
    _require_editor(user, organization.pk)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": f"Choose what the file holds ({', '.join(ImportKind.values)})."})
    limit = conf.max_file_bytes()
    if upload.size > limit:
        raise FileRefused(
            f"The file is {conf.size_label(upload.size)}; the largest import taken is {conf.size_label(limit)} "
            "(IMPORTS_MAX_FILE_BYTES). Split it into several files.",
            "size",
        )
    name = os.path.basename(upload.name or "upload.csv")[:255]
    with files_atomic():
        batch = ImportBatch(
            organization=organization, created_by=user, kind=kind, file_name=name, file_size=upload.size
        )
        batch.file.save(name, upload, save=False)
        file_written(batch.file.storage, batch.file.name)
        recognise = kind_of(kind).field_for_header
        with batch.file.open("rb") as handle, sheet_open(handle, name=name, recognise=recognise) as sheet:
            batch.headers, batch.header_row = sheet.headers, sheet.header_row
            batch.samples = _samples(sheet)
        remembered = selectors.mapping_remembered(user=user, organization_id=organization.pk, kind=kind)
        batch.mapping = kind_of(kind).mapping_suggested(batch.headers, remembered)
        batch.save()
    return batch


def _samples(sheet, rows: int = 3) -> list[str]:
    """The first few values of each column, for the mapping step."""
    from itertools import islice

    from .values import text_of

    first = [cells for _, cells in islice(sheet.rows, rows)]
    return [", ".join(v for v in (text_of(cells[i])[:40] for cells in first) if v) for i in range(len(sheet.headers))]


def batch_upload_bytes(*, user, organization: Organization, name: str, content: bytes, kind=ImportKind.REQUESTS):
    """The same from bytes (tests, the benchmark)."""
    return batch_upload(user=user, organization=organization, upload=ContentFile(content, name=name), kind=kind)


def _plan(*, user, batch: ImportBatch, mapping: list[str]) -> dict:
    kind = kind_of(batch.kind)
    with (
        batch.file.open("rb") as handle,
        sheet_open(handle, name=batch.file_name, recognise=kind.field_for_header) as sheet,
    ):
        return kind.plan(user=user, organization_id=batch.organization_id, sheet=sheet, mapping=mapping)


def batch_preview(*, user, batch: ImportBatch, mapping: list[str] | None = None) -> ImportBatch:
    """The dry run with `mapping` (default: the batch's): stores the preview, writes nothing else."""
    _require_batch_editor(user, batch)
    mapping = list(batch.mapping if mapping is None else mapping)
    mapping = (mapping + [""] * len(batch.headers))[: len(batch.headers)]
    if errors := kind_of(batch.kind).mapping_errors(mapping):
        raise ValidationError({"mapping": errors})
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (BatchStatus.UPLOADED, BatchStatus.PREVIEWED):
            raise ValidationError(
                f"This import is {locked.get_status_display().lower()}: it cannot be previewed again."
            )
        locked.preview = _plan(user=user, batch=locked, mapping=mapping)
        locked.mapping = mapping
        locked.status = BatchStatus.PREVIEWED
        locked.save()
    return locked


def _signature(preview: dict) -> list:
    return [(r["row"], r["action"], r.get("request"), r.get("case"), r.get("changes")) for r in preview.get("rows", [])]


def _plan_still_holds(*, user, batch: ImportBatch) -> dict | None:
    """The preview's plan when the tracker has not changed since in a way that alters it, else None. For requests
    the stored preview is the plan, confirmed by re-reading what it rested on (`planning.plan_basis`: re-planning a
    10,000-row file would double the confirm's time); the other kinds, a few hundred rows at most, are re-planned
    and compared row by row."""
    if batch.kind == ImportKind.REQUESTS:
        basis = batch.preview.get("basis")
        if basis and planning.plan_basis(user=user, organization_id=batch.organization_id, basis=basis) == basis:
            return batch.preview
        return None
    plan = _plan(user=user, batch=batch, mapping=batch.mapping)
    return plan if _signature(plan) == _signature(batch.preview) else None


def _events(values: dict) -> list:
    return [
        foia_services.EventInput(kind=kind, date=dt.date.fromisoformat(day), outcome=outcome)
        for kind, day, outcome in values["events"]
    ]


def _new_request(*, row: dict, agencies: dict[int, Agency], people: dict) -> foia_services.NewRequest:
    values = row["values"]
    events = _events(values)
    fee_waiver, expedited = bool(values["fee_waiver_requested"]), bool(values["expedited_requested"])
    return foia_services.NewRequest(
        fields={
            "agency": agencies[values["agency"]],
            "subject": values["subject"],
            "request_text": values["request_text"] or values["subject"],
            "assigned_to": people.get(values["assigned_to"]),
            "fee_waiver_requested": fee_waiver,
            "fee_waiver_justification": IMPORTED_JUSTIFICATION if fee_waiver else "",
            "expedited_requested": expedited,
            "expedited_justification": IMPORTED_JUSTIFICATION if expedited else "",
            "drafted_on": min((e.date for e in events), default=timezone.localdate()),
        },
        events=events,
        tracking_number=values["tracking_number"],
    )


def _change(*, request: FoiaRequest, row: dict, people: dict) -> tuple[foia_services.RequestChange, dict]:
    """The row's changes to `request`, and the fields as they were (for undo)."""
    values, fields, before = row["values"], {}, {}
    for name in row["changes"]:
        if name == "assigned_to":
            fields[name], before[name] = people[values[name]], request.assigned_to_id
        else:
            fields[name], before[name] = values[name], getattr(request, name)
    if fields.get("fee_waiver_requested") and not request.fee_waiver_justification:
        fields["fee_waiver_justification"], before["fee_waiver_justification"] = IMPORTED_JUSTIFICATION, ""
    if fields.get("expedited_requested") and not request.expedited_justification:
        fields["expedited_justification"], before["expedited_justification"] = IMPORTED_JUSTIFICATION, ""
    return foia_services.RequestChange(request=request, version=request.version, fields=fields), before


@contextmanager
def _row_refusals(rows: list[dict]):
    """A refusal from foia's services, said with the sheet's row number: the whole batch rolls back."""
    try:
        yield
    except foia_services.RowRefused as error:
        raise ValidationError(
            f"Row {rows[error.index]['row']}: {' '.join(error.messages)} Nothing was imported."
        ) from None
    except ValidationError as error:
        raise ValidationError(f"{' '.join(error.messages)} Nothing was imported.") from None


def _label(request: FoiaRequest) -> str:
    return f"Request {request.pk} “{request.subject}”"[:320]


def batch_confirm(*, user, batch: ImportBatch) -> ImportBatch:
    """Apply the previewed batch in one transaction: every create and update, or nothing (any failure rolls the
    whole batch back and says which row). A batch already applied is refused (code "applied") and unchanged."""
    _require_batch_editor(user, batch)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().select_related("organization").get(pk=batch.pk)
        if locked.status == BatchStatus.APPLIED:
            raise ValidationError("This import was already applied.", code="applied")
        if locked.status != BatchStatus.PREVIEWED:
            raise ValidationError(
                f"This import is {locked.get_status_display().lower()}: only a previewed import can be confirmed.",
                code="state",
            )
        plan = _plan_still_holds(user=user, batch=locked)
        if plan is None:
            raise ValidationError(
                "The tracker changed since this preview (a request was added or edited): preview again and check "
                "the rows before confirming.",
                code="changed",
            )
        rows = [r for r in plan["rows"] if r["action"] in ("create", "update")]
        if (apply := kind_of(locked.kind).apply) is not None:
            ImportedRecord.objects.bulk_create(apply(user=user, batch=locked, rows=rows))
            return _applied(user=user, batch=locked)
        agencies = {a.pk: a for a in selectors.agencies_all()}
        people = {
            u.pk: u for u in selectors.members_by_email(user=user, organization_id=locked.organization_id).values()
        }
        targets = selectors.requests_for_match(
            user=user, organization_id=locked.organization_id, pks=[r["request"] for r in rows if r.get("request")]
        )
        creates = [r for r in rows if r["action"] == "create"]
        updates = [r for r in rows if r["action"] == "update"]
        with _row_refusals(creates):
            created = foia_services.foia_requests_create_many(
                user=user,
                organization=locked.organization,
                items=[_new_request(row=r, agencies=agencies, people=people) for r in creates],
            )
        changes = [_change(request=targets[r["request"]], row=r, people=people) for r in updates]
        with _row_refusals(updates):
            updated = foia_services.foia_requests_update_many(user=user, changes=[c for c, _ in changes])
        events = dict(
            RequestEvent.objects.filter(request__in=[r.pk for r in updated])
            .order_by()
            .values("request")
            .annotate(n=Count("pk"))
            .values_list("request", "n")
        )
        records = [
            ImportedRecord(
                batch=locked,
                request_id=request.pk,
                request_label=_label(request),
                row=row["row"],
                action=ImportedRecord.Action.CREATED,
                version=request.version,
                event_count=len(row["values"]["events"]),
            )
            for row, request in zip(creates, created, strict=True)
        ] + [
            ImportedRecord(
                batch=locked,
                request_id=request.pk,
                request_label=_label(request),
                row=row["row"],
                action=ImportedRecord.Action.UPDATED,
                version=request.version,
                before=before,
                event_count=events.get(request.pk, 0),
            )
            for row, request, (_, before) in zip(updates, updated, changes, strict=True)
        ]
        ImportedRecord.objects.bulk_create(records)
        return _applied(user=user, batch=locked)


UNDONE_FIELDS = ["status", "undone_at", "undone_by", "updated_at"]


def _applied(*, user, batch: ImportBatch) -> ImportBatch:
    _remember_mapping(batch=batch)
    batch.status = BatchStatus.APPLIED
    batch.applied_at, batch.applied_by = timezone.now(), user
    # Not the preview: rewriting 10,000 rows of JSON that did not change costs a second.
    batch.save(update_fields=["status", "applied_at", "applied_by", "updated_at"])
    return batch


def _remember_mapping(*, batch: ImportBatch) -> None:
    by_header = {header_key(h): name for h, name in zip(batch.headers, batch.mapping, strict=False)}
    ImportMapping.objects.update_or_create(
        organization_id=batch.organization_id, kind=batch.kind, defaults={"by_header": by_header}
    )


def batch_undo(*, user, batch: ImportBatch) -> ImportBatch:
    """Remove what the batch created and put back what it changed, in one transaction; refused, naming each
    request, when any of them was edited since (its version moved), or has letters or released documents now."""
    _require_batch_editor(user, batch)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == BatchStatus.UNDONE:
            raise ValidationError("This import was already undone.", code="undone")
        if locked.status != BatchStatus.APPLIED:
            raise ValidationError("Only an applied import can be undone.", code="state")
        records = list(locked.records.all())
        if (undo := kind_of(locked.kind).undo) is not None:
            undo(user=user, batch=locked, records=records, limit=MAX_REASONS_LISTED)
            locked.status = BatchStatus.UNDONE
            locked.undone_at, locked.undone_by = timezone.now(), user
            locked.save(update_fields=UNDONE_FIELDS)
            return locked
        found = {
            r.pk: r
            for r in FoiaRequest.objects.select_for_update()
            .filter(pk__in=[rec.request_id for rec in records if rec.request_id])
            .order_by("pk")
        }
        created = [rec.request_id for rec in records if rec.action == ImportedRecord.Action.CREATED]
        with_letters = set(
            FoiaRequest.objects.filter(pk__in=created)
            .filter(Q(communications__isnull=False) | Q(productions__isnull=False))
            .values_list("pk", flat=True)
        )
        changed = []
        for rec in records:
            request = found.get(rec.request_id)
            if request is None:
                if rec.action == ImportedRecord.Action.UPDATED:
                    changed.append(f"{rec.request_label} (row {rec.row}) was deleted since")
            elif request.version != rec.version:
                changed.append(f"{rec.request_label} (row {rec.row}) was edited since the import")
            elif rec.request_id in with_letters:
                changed.append(f"{rec.request_label} (row {rec.row}) has letters or documents added since")
        if changed:
            more = len(changed) - MAX_REASONS_LISTED
            listed = "; ".join(changed[:MAX_REASONS_LISTED]) + (f"; and {more} more" if more > 0 else "")
            raise ValidationError(f"Nothing was undone: {listed}.", code="changed")
        updated = [rec for rec in records if rec.action == ImportedRecord.Action.UPDATED and rec.request_id in found]
        people = selectors.members_by_pk(
            user=user,
            organization_id=locked.organization_id,
            pks=[rec.before["assigned_to"] for rec in updated if "assigned_to" in rec.before],
        )
        restores = []
        for rec in updated:
            fields = dict(rec.before)
            if "assigned_to" in fields:
                fields["assigned_to"] = people.get(fields["assigned_to"])
            restores.append(
                foia_services.RequestChange(request=found[rec.request_id], version=rec.version, fields=fields)
            )
        foia_services.foia_requests_update_many(user=user, changes=restores)
        foia_services.foia_requests_discard_many(requests=[found[pk] for pk in created if pk in found], user=user)
        locked.status = BatchStatus.UNDONE
        locked.undone_at, locked.undone_by = timezone.now(), user
        locked.save(update_fields=UNDONE_FIELDS)
    return locked
