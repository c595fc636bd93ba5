"""Bulk actions on the request list: assign, tag, share with the coalition. Each request goes through the single
edit service (`foia_request_update`), so a bulk edit checks the same rules, bumps each request's version (a
concurrent single edit read before it gets its stale-version error instead of overwriting it), writes the same history
rows and re-plans deadlines the same way. All or nothing: one transaction; a request the actor may not edit, or not
see, is refused exactly like a missing one, and nothing at all changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from coalition.access import can_edit
from coalition.models import Sharing

from ..models import FoiaRequest
from .requests import foia_request_update

MAX_BULK = 200  # a page of the list holds 50; more than this is not a person's selection


@dataclass(frozen=True)
class BulkResult:
    action: str
    count: int


def _locked_editable(*, actor, request_ids) -> list[FoiaRequest]:
    try:
        ids = sorted({int(pk) for pk in request_ids})
    except (TypeError, ValueError):
        raise ValidationError({"ids": "Select requests by their number."}, code="invalid") from None
    if not ids:
        raise ValidationError({"ids": "Select at least one request."}, code="required")
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": f"Select at most {MAX_BULK} requests at a time."}, code="max")
    # Locked in pk order, as every bulk writer does, so two bulk edits cannot deadlock.
    found = {r.pk: r for r in FoiaRequest.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    for pk in ids:
        if pk not in found or not can_edit(actor, found[pk]):
            # the same words for missing, invisible and read-only: nothing says which it was
            raise ValidationError({"ids": f"Request {pk} was not found among the requests you can edit."}, "missing")
    return [found[pk] for pk in ids]


def _update(*, actor, request: FoiaRequest, **fields) -> None:
    """The single edit, its refusal naming the request (the whole bulk edit then rolls back)."""
    try:
        foia_request_update(request=request, user=actor, **fields)
    except ValidationError as error:
        raise ValidationError([f"Request {request.pk} ({request.subject}): {m}" for m in error.messages]) from None


def foia_requests_assign(*, actor, request_ids, assigned_to=None, attorney=None) -> BulkResult:
    """Set the assigned staff and/or the attorney (None: leave that one as it is) of every selected request."""
    fields = {name: person for name, person in (("assigned_to", assigned_to), ("attorney", attorney)) if person}
    if not fields:
        raise ValidationError({"assigned_to": "Choose the staff member or the attorney to assign."}, code="required")
    with transaction.atomic():
        requests = _locked_editable(actor=actor, request_ids=request_ids)
        for request in requests:
            _update(actor=actor, request=request, **fields)
    return BulkResult("assign", len(requests))


def foia_requests_tag(*, actor, request_ids, tag: str) -> BulkResult:
    """Add the tag `tag` (created in each request's organisation on first use) to every selected request."""
    name = " ".join(str(tag).split())
    if not name:
        raise ValidationError({"tag": "Give the tag to add."}, code="required")
    with transaction.atomic():
        requests = _locked_editable(actor=actor, request_ids=request_ids)
        for request in requests:
            names = [t.name for t in request.tags.all()]
            _update(actor=actor, request=request, tags=[*names, name])
    return BulkResult("tag", len(requests))


def foia_requests_share(*, actor, request_ids) -> BulkResult:
    """Share every selected request (and so its deadlines) with the coalition's partners."""
    with transaction.atomic():
        requests = _locked_editable(actor=actor, request_ids=request_ids)
        for request in requests:
            _update(actor=actor, request=request, sharing=Sharing.COALITION)
    return BulkResult("share", len(requests))
