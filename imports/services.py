"""Writes of the imports app: upload, map and preview, confirm (one transaction), undo (one transaction).

Every request is created or changed through foia's services (`foia_request_create`, `request_events_record`,
`tracking_number_add`, `foia_request_update`), so an import checks the same rules, writes the same history and
derives its deadlines through the same engine as a person typing it in. Confirm re-reads the stored file and plans
again inside the transaction with the batch row locked: a second confirm (double click, another tab) waits, then
finds the batch applied and changes nothing; a plan that no longer matches the preview (the tracker changed since)
is refused, nothing applied.

What differs by kind (columns, planner, apply, undo) is in `imports.kinds`; cases and court-ordered deadlines are
applied and undone there through litigation's services, requests here.
"""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from coalition.access import can_create_in, can_edit
from coalition.models import Organization
from core.files import file_written, files_atomic
from directory.models import Agency
from foia import services as foia_services
from foia.models import FoiaRequest

from . import conf, selectors
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


def _events(values: dict) -> list:
    return [
        foia_services.EventInput(kind=kind, date=dt.date.fromisoformat(day), outcome=outcome)
        for kind, day, outcome in values["events"]
    ]


def _create(*, user, organization: Organization, row: dict, agencies: dict[int, Agency], people: dict) -> FoiaRequest:
    values = row["values"]
    agency = agencies[values["agency"]]
    events = _events(values)
    fee_waiver, expedited = bool(values["fee_waiver_requested"]), bool(values["expedited_requested"])
    request = foia_services.foia_request_create(
        user=user,
        organization=organization,
        agency=agency,
        subject=values["subject"],
        request_text=values["request_text"] or values["subject"],
        assigned_to=people.get(values["assigned_to"]),
        fee_waiver_requested=fee_waiver,
        fee_waiver_justification=IMPORTED_JUSTIFICATION if fee_waiver else "",
        expedited_requested=expedited,
        expedited_justification=IMPORTED_JUSTIFICATION if expedited else "",
        drafted_on=min((e.date for e in events), default=timezone.localdate()),
    )
    if events:
        foia_services.request_events_record(request=request, user=user, events=events)
    if values["tracking_number"]:
        foia_services.tracking_number_add(
            request=request, user=user, number=values["tracking_number"], agency=agency, assigned_on=events[0].date
        )
    return request


def _update(*, user, request: FoiaRequest, row: dict, people: dict) -> dict:
    """Apply the row's changes; return the fields as they were (for undo)."""
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
    foia_services.foia_request_update(request=request, user=user, version=request.version, **fields)
    return before


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
        plan = _plan(user=user, batch=locked, mapping=locked.mapping)
        if _signature(plan) != _signature(locked.preview):
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
        records = []
        for row in rows:
            try:
                if row["action"] == "create":
                    request = _create(
                        user=user, organization=locked.organization, row=row, agencies=agencies, people=people
                    )
                    before = {}
                else:
                    request = targets[row["request"]]
                    before = _update(user=user, request=request, row=row, people=people)
            except ValidationError as error:
                raise ValidationError(f"Row {row['row']}: {' '.join(error.messages)} Nothing was imported.") from None
            records.append(
                ImportedRecord(
                    batch=locked,
                    request_id=request.pk,
                    request_label=_label(request),
                    row=row["row"],
                    action=ImportedRecord.Action.CREATED
                    if row["action"] == "create"
                    else ImportedRecord.Action.UPDATED,
                    version=request.version,
                    before=before,
                    event_count=request.events.count(),
                )
            )
        ImportedRecord.objects.bulk_create(records)
        _remember_mapping(batch=locked)
        locked.status = BatchStatus.APPLIED
        locked.applied_at, locked.applied_by = timezone.now(), user
        locked.save()
    return locked


def _applied(*, user, batch: ImportBatch) -> ImportBatch:
    _remember_mapping(batch=batch)
    batch.status = BatchStatus.APPLIED
    batch.applied_at, batch.applied_by = timezone.now(), user
    batch.save()
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
            locked.save()
            return locked
        found = {
            r.pk: r
            for r in FoiaRequest.objects.select_for_update()
            .filter(pk__in=[rec.request_id for rec in records if rec.request_id])
            .order_by("pk")
        }
        changed = []
        for rec in records:
            request = found.get(rec.request_id)
            if request is None:
                if rec.action == ImportedRecord.Action.UPDATED:
                    changed.append(f"{rec.request_label} (row {rec.row}) was deleted since")
            elif request.version != rec.version:
                changed.append(f"{rec.request_label} (row {rec.row}) was edited since the import")
            elif rec.action == ImportedRecord.Action.CREATED and (
                request.communications.exists() or request.productions.exists()
            ):
                changed.append(f"{rec.request_label} (row {rec.row}) has letters or documents added since")
        if changed:
            more = len(changed) - MAX_REASONS_LISTED
            listed = "; ".join(changed[:MAX_REASONS_LISTED]) + (f"; and {more} more" if more > 0 else "")
            raise ValidationError(f"Nothing was undone: {listed}.", code="changed")
        for rec in records:
            request = found.get(rec.request_id)
            if request is None:
                continue
            if rec.action == ImportedRecord.Action.CREATED:
                foia_services.foia_request_discard(request=request, user=user)
            else:
                fields = dict(rec.before)
                if "assigned_to" in fields:
                    fields["assigned_to"] = selectors.member_by_pk(
                        user=user, organization_id=locked.organization_id, pk=fields["assigned_to"]
                    )
                foia_services.foia_request_update(request=request, user=user, version=rec.version, **fields)
        locked.status = BatchStatus.UNDONE
        locked.undone_at, locked.undone_by = timezone.now(), user
        locked.save()
    return locked
