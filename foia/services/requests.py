"""Creating and editing requests, their tags and tracking numbers."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.access import can_create_in
from coalition.models import Membership, Organization
from core.history import bulk_delete_copying_history
from core.versioning import version_check
from deadlines.services import deadlines_sync_sharing
from deadlines.summaries import subjects_deleting
from directory.models import Agency

from ..choices import RequestStatus, TrackingKind
from ..models import Appeal, FoiaRequest, Tag, TrackingNumber
from .common import require_edit
from .events import request_refresh

# Changing one of these changes which deadlines exist, their rule inputs or who is responsible.
_REPLAN_FIELDS = frozenset({"agency", "expedited_requested", "assigned_to", "attorney"})


def tags_from_names(names, *, organization_id: int) -> list[Tag]:
    """The organisation's tags of these names, created on first use (another organisation's tags are never reused:
    tags are private to their organisation)."""
    tags = []
    for raw in names:
        name = " ".join(str(raw).split())[:60]
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag = Tag.objects.filter(organization_id=organization_id, slug=slug).first() or Tag.objects.create(
            organization_id=organization_id, name=name, slug=slug
        )
        tags.append(tag)
    return tags


def _check_people(organization_id: int, fields: dict) -> None:
    errors = {}
    for name in ("assigned_to", "attorney"):
        person = fields.get(name)
        if person is not None and not Membership.objects.filter(user=person, organization_id=organization_id).exists():
            errors[name] = "Choose a member of this organisation."  # the same whoever it is: no enumeration
    if errors:
        raise ValidationError(errors)


def _check_justifications(request: FoiaRequest) -> None:
    """A fee waiver or expedited processing asked for without its reason is refused, whoever asks (page or API):
    the agency would deny it, and the statute requires the certified statement for expedition."""
    errors = {}
    if request.fee_waiver_requested and not request.fee_waiver_justification.strip():
        errors["fee_waiver_justification"] = "Explain why disclosure is in the public interest."
    if request.expedited_requested and not request.expedited_justification.strip():
        errors["expedited_justification"] = (
            "Give the certified statement of compelling need (5 U.S.C. 552(a)(6)(E)(vi))."
        )
    if errors:
        raise ValidationError(errors)


def foia_request_create(*, user, organization: Organization, tags=(), **fields) -> FoiaRequest:
    """A new draft request in `organization` (the user's active organisation)."""
    if not can_create_in(user, organization):
        raise PermissionDenied("You cannot create requests in this organisation.")
    _check_people(organization.pk, fields)
    with transaction.atomic():
        request = FoiaRequest(organization=organization, created_by=user, **fields)
        request.full_clean(exclude=["organization", "created_by"])
        _check_justifications(request)
        request.save()
        if tags:
            request.tags.set(tags_from_names(tags, organization_id=request.organization_id))
    return request


def foia_request_update(*, request: FoiaRequest, user, tags=None, version: int | None = None, **fields) -> FoiaRequest:
    """Edit a request. `version`: the one the person's form was read at; a request saved by someone else since is
    refused (`core.versioning.StaleVersion`, listing what changed) and nothing is written."""
    require_edit(user, request)
    _check_people(request.organization_id, fields)
    with transaction.atomic():
        locked = FoiaRequest.objects.select_for_update().get(pk=request.pk)
        version_check(instance=locked, version=version, values=fields)
        changed = {name for name, value in fields.items() if getattr(locked, name) != value}
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(request, name, value)
        locked.full_clean(exclude=["organization", "created_by"])
        _check_justifications(locked)
        locked.save()
        if tags is not None:
            locked.tags.set(tags_from_names(tags, organization_id=locked.organization_id))
        if "sharing" in changed:
            deadlines_sync_sharing(actor=user, subject=locked)
        if changed & _REPLAN_FIELDS:
            request_refresh(request=locked, user=user)
        request.updated_at = locked.updated_at
        for name in ("status", "submitted_on", "received_on", "acknowledged_on", "closed_on", "track", "version"):
            setattr(request, name, getattr(locked, name))
    return request


def foia_request_delete(*, request: FoiaRequest, user) -> None:
    """Only a draft with nothing recorded on it can be deleted; anything else is closed instead."""
    require_edit(user, request)
    if request.status != RequestStatus.DRAFT or request.events.exists() or request.communications.exists():
        raise ValidationError("Only a draft with no events or communications can be deleted; close the request.")
    request.delete()


def foia_request_discard(*, request: FoiaRequest, user) -> None:
    """Remove a request with everything recorded on it: its events, tracking numbers, letters and deadlines (undoing
    the spreadsheet import that created it; `imports.services` checks first that nobody changed it since). A request
    released documents were filed under is kept (documents protect it)."""
    require_edit(user, request)
    with transaction.atomic():
        FoiaRequest.objects.select_for_update().get(pk=request.pk).delete()


def foia_requests_discard_many(*, requests: list[FoiaRequest], user) -> None:
    """`foia_request_discard` for many requests in one delete (undoing a 10,000-row import): the cascade (events,
    numbers, deadlines, summaries) is collected and deleted in a few queries per table, and the "-" history rows are
    copied in bulk (`core.history`)."""
    for request in requests:
        require_edit(user, request)
    if requests:
        with transaction.atomic(), subjects_deleting():
            bulk_delete_copying_history(FoiaRequest.objects.filter(pk__in=[r.pk for r in requests]), user=user)


def tracking_number_add(
    *,
    request: FoiaRequest,
    user,
    number: str,
    agency: Agency,
    assigned_on: date,
    kind: str = TrackingKind.REQUEST,
    appeal: Appeal | None = None,
    note: str = "",
) -> TrackingNumber:
    require_edit(user, request)
    number = number.strip()
    if not number:
        raise ValidationError({"number": "Enter the tracking number."})
    if assigned_on > timezone.localdate():
        raise ValidationError({"assigned_on": "The date a number was assigned cannot be in the future."})
    if request.submitted_on and assigned_on < request.submitted_on:
        raise ValidationError({"assigned_on": f"The request was only submitted on {request.submitted_on.isoformat()}."})
    if appeal is not None and appeal.request_id != request.pk:
        raise ValidationError({"appeal": "That appeal belongs to another request."})
    try:
        with transaction.atomic():
            return TrackingNumber.objects.create(
                request=request,
                number=number,
                agency=agency,
                assigned_on=assigned_on,
                kind=kind,
                appeal=appeal,
                note=note,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError({"number": f"{number} from {agency} is already recorded on this request."}) from None
