"""Reads behind the request list's saved views and its selection (export selected, the bulk form's choices)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from coalition.access import user_access
from coalition.people import people_ordered

from ..models import FoiaRequest, SavedView
from .requests import foia_request_list


def saved_views_for(*, user) -> QuerySet[SavedView]:
    """The user's own saved views; nobody else's, whatever their organisation."""
    return SavedView.objects.filter(user_id=user.pk).order_by("name", "pk")


def saved_view_get(*, user, pk: int) -> SavedView:
    """One of the user's own views; anyone else's answers 404, like a missing one."""
    view = saved_views_for(user=user).filter(pk=pk).first()
    if view is None:
        raise Http404("No such saved view.")
    return view


def foia_requests_selected(*, user, today: date, request_ids) -> QuerySet[FoiaRequest]:
    """The selected requests, as the list shows them, for export. An id the user may not see is refused with the
    words a missing one gets."""
    try:
        ids = sorted({int(pk) for pk in request_ids})
    except (TypeError, ValueError):
        raise ValidationError({"ids": "Select requests by their number."}, code="invalid") from None
    if not ids:
        raise ValidationError({"ids": "Select at least one request."}, code="required")
    rows = foia_request_list(user=user, today=today).filter(pk__in=ids)
    found = set(rows.values_list("pk", flat=True))
    for pk in ids:
        if pk not in found:
            raise ValidationError({"ids": f"Request {pk} was not found among the requests you can see."}, "missing")
    return rows.order_by("pk")


def bulk_people_choices(*, user) -> QuerySet:
    """People a bulk assignment may name: members of the user's own organisations (the service then checks each
    request's organisation)."""
    org_ids = list(user_access(user).org_ids)
    return people_ordered(get_user_model().objects.filter(memberships__organization_id__in=org_ids).distinct())
