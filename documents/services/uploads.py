"""Uploads: many files at once, or ZIPs of them, to a production.

Each file is decided by its content (never its name), checked, stored once per SHA-256 and recorded as a queued
document in a savepoint of its own, so one bad file is refused with its reason while the rest of the batch is
taken; a refused file leaves no record and no bytes in storage. Processing runs in a worker (documents.tasks).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat

from core.files import file_written, files_atomic

from .. import conf
from ..archives import check_limits, zip_members
from ..choices import FileKind, FileStatus
from ..mail import mail_attachments
from ..models import Document, Production, StoredFile
from ..sniff import ACCEPTED, LABELS, LEGACY, OLE, ZIP, name_mismatch, sniff_file
from .productions import require_edit


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str


@dataclass(frozen=True)
class UploadResult:
    documents: list[Document] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True)
class _Checked:
    name: str
    file: object
    kind: str
    size: int
    sha256: str


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _check(upload, name: str) -> _Checked:
    """The file as we will store it, or a ValidationError saying why not (naming the file)."""
    size, limit = _size_of(upload), conf.max_file_bytes()
    if size == 0:
        raise ValidationError(f"{name}: the file is empty.")
    if size > limit:
        raise ValidationError(f"{name}: {filesizeformat(size)} is over the {filesizeformat(limit)} limit per file.")
    kind = sniff_file(upload)
    if kind is None:
        raise ValidationError(f"{name}: the content is not a {ACCEPTED} file (whatever its name says).")
    if kind == OLE:
        raise ValidationError(f"{name}: the content is {LEGACY}")
    claimed = name_mismatch(name, kind)
    if claimed is not None:
        raise ValidationError(f"{name}: the name says {LABELS[claimed]} but the content is {LABELS[kind]}.")
    if kind in (FileKind.DOCX, FileKind.XLSX):  # ZIPs too: the same limits before anything inflates them
        upload.seek(0)
        check_limits(zipfile.ZipFile(upload).infolist(), name=name, outcome="it is not taken")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return _Checked(name[:255], upload, kind, size, digest.hexdigest())


def _stored(item: _Checked) -> StoredFile:
    """The one StoredFile of these bytes: reused when they are stored already, else written (removed on rollback)."""
    existing = StoredFile.objects.filter(sha256=item.sha256).first()
    if existing is not None:
        return existing
    stored = StoredFile(sha256=item.sha256, size=item.size, kind=item.kind)
    name = stored.file.field.generate_filename(stored, item.name)
    storage = stored.file.storage
    if not storage.exists(name):  # content-addressed: bytes already there (a failed row's leftovers) are the same
        name = storage.save(name, item.file)
        file_written(storage, name)
    stored.file.name = name
    try:
        with files_atomic():
            stored.save()
    except IntegrityError:  # the same bytes stored by a concurrent upload: use theirs
        return StoredFile.objects.get(sha256=item.sha256)
    return stored


def _record(*, production: Production, item: _Checked, actor) -> Document:
    with files_atomic():
        document = Document(
            production=production,
            stored_file=_stored(item),
            original_name=item.name,
            sha256=item.sha256,
            size=item.size,
            kind=item.kind,
            status=FileStatus.QUEUED,
            uploaded_by=actor,
        )
        document._history_user = actor
        document.save()
    return document


def _expand(upload, name: str, depth: int = 0) -> tuple[list[_Checked], list[Refusal], list]:
    """The files an upload stands for: itself, a ZIP's members, or an email and its attachments (each checked on its
    own; an email's attachments are taken when the email is uploaded or in a ZIP, not from an attached email)."""
    item = _check(upload, name)
    if item.kind == ZIP and depth:
        raise ValidationError(f"{name}: ZIPs inside ZIPs or emails are not opened; upload it on its own.")
    if item.kind == ZIP:
        items, members = [], zip_members(upload, zip_name=name)
    elif item.kind == FileKind.EML and depth < 2:
        items, members = [item], mail_attachments(upload, mail_name=name)
    else:
        return [item], [], []
    refused, opened = [], [m.file for m in members if m.file is not None]
    try:
        for member in members:
            inner = f"{name}/{member.name}"
            if member.file is None:
                refused.append(Refusal(inner, member.refused))
                continue
            try:
                more, more_refused, more_opened = _expand(member.file, inner, depth + 1 + (item.kind == FileKind.EML))
            except ValidationError as error:
                refused.append(Refusal(inner, error.messages[0]))
                continue
            items += more
            refused += more_refused
            opened += more_opened
    except BaseException:
        for handle in opened:
            handle.close()
        raise
    return items, refused, opened


def documents_upload(*, production: Production, files, actor) -> UploadResult:
    """Take every acceptable file of `files` (uploaded files; ZIPs are opened) into `production`, queued for
    processing. Refused files come back with their reason; they leave nothing behind."""
    require_edit(actor, production)
    from ..tasks import document_process_task  # the task module imports the services

    result = UploadResult()
    with files_atomic():  # anything escaping (a database error) removes every file this batch wrote
        for upload in files or ():
            _take(upload, production=production, actor=actor, result=result, task=document_process_task)
    return result


def _take(upload, *, production: Production, actor, result: UploadResult, task) -> None:
    """One uploaded file: refused with its reason, or recorded (a ZIP: each of its acceptable members)."""
    name = PurePosixPath(str(getattr(upload, "name", "") or "file")).name or "file"
    opened = []
    try:
        items, refused, opened = _expand(upload, name)
    except ValidationError as error:
        result.refused.append(Refusal(name, error.messages[0]))
        return
    try:
        result.refused.extend(refused)
        for item in items:
            document = _record(production=production, item=item, actor=actor)
            result.documents.append(document)
            task.delay_on_commit(document.pk)
    finally:
        for handle in opened:
            handle.close()
