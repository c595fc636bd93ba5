"""Processing an uploaded file into pages, safe against workers that die and messages that get lost or repeat.

A worker first claims the document with one conditional UPDATE (queued, or working with an expired lease ->
extracting, a fresh token, `processing_started_at` now), extracts outside any transaction, then writes every page
and the outcome in ONE transaction, under the row lock and only if its token still holds. So a worker killed
mid-extraction leaves the document "extracting" with an old timestamp: the periodic sweep (`documents_stale`)
hands it to another worker once the lease (`DOCUMENTS_PROCESSING_LEASE_SECONDS`) has passed, and the pages are
replaced, never doubled. A repeated message finds nothing to claim. After `DOCUMENTS_MAX_ATTEMPTS` claims the file
is marked failed rather than retried forever. A failed file keeps its document (with the reason) but no pages and
no bytes: its stored file is deleted when no other document uses the same bytes.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import conf
from ..choices import EXEMPTION_ORDER, WORKING, FileStatus
from ..extraction import Extracted, ExtractionError, extract, ocr_engine
from ..models import Document, DocumentPage, StoredFile
from .productions import require_edit

log = logging.getLogger(__name__)
# Messages lost before a worker took them (broker restarted): queued this long, the sweep enqueues them again.
QUEUED_GRACE = timedelta(minutes=10)


def _claim(document_id: int) -> str | None:
    now = timezone.now()
    token = uuid.uuid4().hex
    expired = now - timedelta(seconds=conf.lease_seconds())
    claimed = (
        Document.objects.filter(pk=document_id)
        .filter(Q(status=FileStatus.QUEUED) | Q(status__in=WORKING, processing_started_at__lt=expired))
        .update(
            status=FileStatus.EXTRACTING,
            processing_started_at=now,
            processing_token=token,
            attempts=F("attempts") + 1,
            failure_reason="",
            version=F("version") + 1,
        )
    )
    return token if claimed else None


def _mine(document_id: int, token: str):
    return Document.objects.filter(pk=document_id, processing_token=token, status__in=WORKING)


def _read(document: Document) -> bytes:
    with document.stored_file.file.open("rb") as handle:
        return handle.read()


def document_process(*, document_id: int) -> str:
    """Process one document if it is there to take; returns its status afterwards ("" when it is gone)."""
    token = _claim(document_id)
    document = Document.objects.select_related("stored_file").filter(pk=document_id).first()
    if document is None:
        return ""
    if token is None:
        return document.status  # done, failed, or another worker holds it
    if document.attempts > conf.max_attempts():
        _fail(document_id, token, f"Processing stopped {conf.max_attempts()} times before finishing; giving up.")
        return FileStatus.FAILED
    try:
        if document.stored_file is None:
            raise ExtractionError("The file's bytes are missing from storage.")
        data = _read(document)
        result = extract(
            data,
            document.kind,
            ocr=ocr_engine(),
            on_ocr=lambda: _mine(document_id, token).update(status=FileStatus.OCR),
        )
    except (ExtractionError, FileNotFoundError) as exc:
        _fail(document_id, token, str(exc) if isinstance(exc, ExtractionError) else "The file is missing from storage.")
        return FileStatus.FAILED
    return _finish(document_id, token, result)


def _finish(document_id: int, token: str, result: Extracted) -> str:
    with transaction.atomic():
        document = _mine(document_id, token).select_for_update().first()
        if document is None:
            return ""  # the lease passed and another worker took it over: its result stands
        document.pages.all().delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(
                document=document,
                number=page.number,
                text=page.text,
                needs_ocr=page.needs_ocr,
                ocr_used=page.ocr_used,
                exemptions=page.exemptions,
            )
            for page in result.pages
        )
        cited = {code for page in result.pages for code in page.exemptions} | set(document.exemptions)
        document.exemptions = sorted(cited, key=EXEMPTION_ORDER.__getitem__)
        document.page_count = len(result.pages)
        document.bates_start = document.bates_start or result.bates_start
        document.bates_end = document.bates_end or result.bates_end
        document.status = FileStatus.DONE
        document.processed_at = timezone.now()
        document.processing_token = ""
        document.save()
    return FileStatus.DONE


def _fail(document_id: int, token: str, reason: str) -> None:
    with transaction.atomic():
        document = _mine(document_id, token).select_for_update().first()
        if document is None:
            return
        document.pages.all().delete()
        stored_id = document.stored_file_id
        document.stored_file = None
        document.status = FileStatus.FAILED
        document.failure_reason = reason[:500]
        document.processed_at = timezone.now()
        document.processing_token = ""
        document.save()
        if stored_id is not None:
            _release(stored_id)


def _release(stored_id: int) -> None:
    """Delete stored bytes no document uses any more (the file itself once the transaction commits)."""
    stored = StoredFile.objects.select_for_update().filter(pk=stored_id).first()
    if stored is None or stored.documents.exists():
        return
    storage, name = stored.file.storage, stored.file.name
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))


def documents_stale(*, now=None) -> list[int]:
    """Documents to enqueue again: held by a worker past the lease (it died), or queued long ago (lost message)."""
    now = now or timezone.now()
    expired = now - timedelta(seconds=conf.lease_seconds())
    return list(
        Document.objects.filter(
            Q(status__in=WORKING, processing_started_at__lt=expired)
            | Q(status=FileStatus.QUEUED, created_at__lt=now - QUEUED_GRACE)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )


def processing_reset(*, document: Document, actor) -> Document:
    """Queue a document again (after OCR became available, or a fix): its pages are replaced when it is done."""
    from ..tasks import document_process_task  # the task module imports this one

    require_edit(actor, document)
    if document.stored_file_id is None:
        raise ValidationError("The file was refused and is not kept: upload it again.")
    Document.objects.filter(pk=document.pk).exclude(status__in=WORKING).update(
        status=FileStatus.QUEUED, attempts=0, failure_reason="", version=F("version") + 1
    )
    document_process_task.delay_on_commit(document.pk)
    document.refresh_from_db()
    return document
