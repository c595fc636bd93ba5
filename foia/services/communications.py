"""Communications with the agency, their attachments, and the events an agency letter implies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from core.files import file_written, files_atomic

from ..choices import COMMUNICATION_KINDS_BY_DIRECTION, Channel, CommunicationKind, Direction
from ..models import Attachment, Communication, FoiaRequest
from .common import require_edit
from .events import EventInput, request_events_record
from .requests import tracking_number_add

_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_ZIP = (b"PK\x03\x04",)
# extension -> (content type we serve it as, accepted leading bytes; None = UTF-8 text)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".msg": ("application/vnd.ms-outlook", _OLE),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".eml": ("message/rfc822", None),
}


# Request fields an agency letter may set while it is logged.
LETTER_SETS_FIELDS = frozenset({"estimated_completion_on", "track"})


def attachment_max_bytes() -> int:
    return getattr(settings, "FOIA_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    filename: str
    content_type: str
    size: int
    sha256: str


def attachment_validate(upload: UploadedFile) -> CheckedUpload:
    """Refuse anything but the allowed types (checked by extension AND content) or over the size limit."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise ValidationError(f"{name or 'The file'}: {ext or 'files without an extension'} not allowed ({allowed}).")
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ValidationError(f"{name}: {filesizeformat(upload.size)} is over the {filesizeformat(limit)} limit.")
    if upload.size == 0:
        raise ValidationError(f"{name}: the file is empty.")
    content_type, magics = ALLOWED_TYPES[ext]
    upload.seek(0)
    head = upload.read(2048)
    if magics is None:
        if b"\x00" in head:
            raise ValidationError(f"{name}: does not look like a text file.")
    elif not head.startswith(magics):
        raise ValidationError(f"{name}: the content is not a {ext} file.")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload, name[:255], content_type, upload.size, digest.hexdigest())


def attachments_validate(files) -> list[CheckedUpload]:
    checked, errors = [], []
    for upload in files or ():
        try:
            checked.append(attachment_validate(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _store(*, communication: Communication, checked: list[CheckedUpload], user) -> list[Attachment]:
    """Write the files through the storage API, inside a `files_atomic` block that removes them on rollback."""
    stored: list[Attachment] = []
    for item in checked:
        attachment = Attachment(
            communication=communication,
            filename=item.filename,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=user,
        )
        attachment.file.save(item.filename, item.upload, save=False)
        file_written(attachment.file.storage, attachment.file.name)
        stored.append(attachment)
        attachment.save()
    return stored


def attachment_add(*, communication: Communication, upload: UploadedFile, user) -> Attachment:
    require_edit(user, communication.request)
    checked = attachments_validate([upload])
    with files_atomic():
        return _store(communication=communication, checked=checked, user=user)[0]


def communication_log(
    *,
    request: FoiaRequest,
    user,
    direction: str,
    date: date,
    subject: str,
    # The model's defaults: the API documents both as optional, and left out they reached here missing (a 500).
    channel: str = Channel.EMAIL,
    kind: str = CommunicationKind.OTHER,
    body: str = "",
    files=(),
    events: list[EventInput] | None = None,
    tracking_number: dict | None = None,
    request_updates: dict | None = None,
) -> Communication:
    """Log a communication with the events it implies, a tracking number it assigned and request fields it sets
    (e.g. the agency's estimated completion date), all in one transaction. Nothing is saved if any part is refused."""
    require_edit(user, request)
    if kind not in COMMUNICATION_KINDS_BY_DIRECTION.get(direction, ()):
        side = "we send" if direction == Direction.TO_AGENCY else "the agency sends"
        allowed = ", ".join(CommunicationKind(k).label for k in COMMUNICATION_KINDS_BY_DIRECTION.get(direction, ()))
        raise ValidationError({"kind": f"Not a kind of letter {side}; choose one of: {allowed}."})
    if date > timezone.localdate():
        raise ValidationError({"date": "A communication cannot be dated in the future."})
    if direction == Direction.FROM_AGENCY and request.submitted_on and date < request.submitted_on:
        raise ValidationError(
            {"date": f"An agency letter cannot predate the request, submitted on {request.submitted_on.isoformat()}."}
        )
    checked = attachments_validate(files)
    with files_atomic():
        communication = Communication.objects.create(
            request=request,
            direction=direction,
            channel=channel,
            date=date,
            kind=kind,
            subject=subject,
            body=body,
            created_by=user,
        )
        request_events_record(request=request, user=user, events=list(events or ()), communication=communication)
        if tracking_number:
            tracking_number_add(request=request, user=user, **tracking_number)
        if request_updates:
            unknown = set(request_updates) - LETTER_SETS_FIELDS
            if unknown:
                raise ValueError(f"A communication cannot set {sorted(unknown)}")
            for name, value in request_updates.items():
                setattr(request, name, value)
            request.save(update_fields=[*request_updates, "updated_at"])
        _store(communication=communication, checked=checked, user=user)
    return communication
