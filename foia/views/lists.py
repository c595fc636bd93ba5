"""The request list's saved views and bulk actions (POST forms that work without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms_list import BulkActionForm, SavedViewForm
from .requests import requests_csv


def _back_to_list(query: str):
    """The list with the filters the person was looking at (re-encoded: only a querystring, never another site)."""
    query = QueryDict(query or "").urlencode()
    url = reverse("foia:request-list")
    return redirect(f"{url}?{query}" if query else url)


def _say_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def saved_view_create(request):
    form = SavedViewForm(request.POST)
    query = request.POST.get("query", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"Saved view: {message}")
        return _back_to_list(query)
    try:
        view = services.saved_view_create(
            user=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
        )
    except ValidationError as error:
        _say_errors(request, error)
        return _back_to_list(query)
    messages.success(request, f"Saved the view “{view.name}”.")
    return redirect(view.get_absolute_url())


@login_required
@require_POST
def saved_view_delete(request, pk: int):
    view = selectors.saved_view_get(user=request.user, pk=pk)  # someone else's: 404
    services.saved_view_delete(user=request.user, view=view)
    messages.success(request, f"Deleted the view “{view.name}”.")
    return _back_to_list(request.POST.get("query", ""))


_DONE = {
    "assign": "Assigned {n} request{s}.",
    "tag": "Tagged {n} request{s}.",
    "share": "Shared {n} request{s} with the coalition.",
}


@login_required
@require_POST
def request_bulk(request):
    form = BulkActionForm(request.POST, user=request.user)
    query = request.POST.get("query", "")
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
        return _back_to_list(query)
    data, ids = form.cleaned_data, form.selected_ids()
    try:
        if data["action"] == "export":
            today = timezone.localdate()
            rows = selectors.foia_requests_selected(user=request.user, today=today, request_ids=ids)
            return requests_csv(request, rows.defer(*selectors.LIST_DEFERRED), today=today)
        if data["action"] == "assign":
            result = services.foia_requests_assign(
                actor=request.user, request_ids=ids, assigned_to=data["assigned_to"], attorney=data["attorney"]
            )
        elif data["action"] == "tag":
            result = services.foia_requests_tag(actor=request.user, request_ids=ids, tag=data["tag"])
        else:
            result = services.foia_requests_share(actor=request.user, request_ids=ids)
    except ValidationError as error:
        _say_errors(request, error)
        return _back_to_list(query)
    except PermissionDenied as error:  # e.g. a person who is not a member of the request's organisation
        messages.error(request, str(error))
        return _back_to_list(query)
    messages.success(request, _DONE[result.action].format(n=result.count, s="" if result.count == 1 else "s"))
    return _back_to_list(query)
