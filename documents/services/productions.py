"""Productions: created and edited by people who may edit the request they answer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from coalition.access import can_edit
from core.versioning import version_check

from ..models import Document, Production

EDITABLE = (
    "date",
    "label",
    "cover_letter",
    "pages_processed",
    "pages_released_full",
    "pages_released_part",
    "pages_withheld",
    "exemptions_cited",
    "privileged",
    "notes",
)


def require_edit(user, obj) -> None:
    """Every documents write needs an edit role in the owning organisation (viewers and partners only read)."""
    if not can_edit(user, obj):
        raise PermissionDenied("You can view this but not change it.")


def _check_cover_letter(production: Production) -> None:
    letter = production.cover_letter
    if letter is not None and letter.request_id != production.request_id:
        raise ValidationError({"cover_letter": "The cover letter must be a communication of the same request."})


def production_create(*, request, actor, **fields) -> Production:
    """A production for `request`; `fields` among EDITABLE (counts validated: released and withheld <= processed)."""
    require_edit(actor, request)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown production fields: {', '.join(sorted(unknown))}.")
    production = Production(request=request, created_by=actor, **fields)
    _check_cover_letter(production)
    production.full_clean()
    production._history_user = actor
    with transaction.atomic():
        production.save()
    return production


def production_update(*, production: Production, actor, version: int | None = None, **fields) -> Production:
    require_edit(actor, production)
    with transaction.atomic():
        locked = Production.objects.select_for_update().get(pk=production.pk)
        version_check(instance=locked, version=version, values=fields)
        for name, value in fields.items():
            if name not in EDITABLE:
                raise ValidationError(f"{name} cannot be changed.")
            setattr(locked, name, value)
        _check_cover_letter(locked)
        locked.full_clean()
        locked._history_user = actor
        locked.save()
    return locked


DOCUMENT_EDITABLE = ("title", "date", "description", "bates_start", "bates_end")


def document_update(*, document, actor, version: int | None = None, **fields):
    """A person's corrections of a document's metadata (title, date, description, Bates range); stale edits refused."""
    require_edit(actor, document)
    unknown = set(fields) - set(DOCUMENT_EDITABLE)
    if unknown:
        raise ValidationError(f"{', '.join(sorted(unknown))} cannot be changed.")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version_check(instance=locked, version=version, values=fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["production", "stored_file"])
        locked._history_user = actor
        locked.save()
    return locked
