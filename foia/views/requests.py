"""Request list (filters, sorting, CSV), detail, create / edit / delete and the duplicate check."""

from __future__ import annotations

import csv
import itertools

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from coalition.access import can_create_in, can_edit
from coalition.people import person_name
from core.pagination import page_of
from core.spreadsheet_cells import neutralise
from core.versioning import StaleVersion

from .. import selectors, services
from ..filters import FoiaRequestFilter, filter_chips, more_filters_open
from ..forms import FoiaRequestForm, TrackingNumberForm
from ..forms_list import BulkActionForm, SavedViewForm
from ..models import FoiaRequest
from .common import add_service_error

PAGE_SIZE = 50
COLUMNS = [
    ("Subject", "subject"),
    ("Agency", "agency"),
    ("Status", "status"),
    ("Submitted", "submitted"),
    ("Received", "received"),
    ("Next deadline", "due"),
    ("Updated", "updated"),
]


def _filtered(request):
    today = timezone.localdate()
    rows = selectors.foia_request_list(user=request.user, today=today).defer(*selectors.LIST_DEFERRED)
    return FoiaRequestFilter(request.GET or None, queryset=rows, user=request.user), today


def _sort_columns(current: str):
    columns = []
    for label, key in COLUMNS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        columns.append(
            {
                "label": label,
                "key": key,
                "next": f"-{key}" if active and not descending else key,
                "arrow": ("▼" if descending else "▲") if active else "",
            }
        )
    return columns


@login_required
@require_GET
def request_list(request):
    filterset, today = _filtered(request)
    chips = filter_chips(filterset)
    rows = selectors.foia_request_page_rows(user=request.user)
    number = request.GET.get("page")
    page = page_of(filterset.qs, per_page=PAGE_SIZE, number=number, rows=rows, count_apart=not chips)
    page.object_list = selectors.request_rows_label(
        list(selectors.request_rows_decorate(page.object_list, today=today))
    )
    return render(
        request,
        "foia/request_list.html",
        {
            "filter": filterset,
            "chips": chips,
            "more_filters_open": more_filters_open(filterset, chips),
            "page": page,
            "columns": _sort_columns(request.GET.get("sort", "")),
            "today": today,
            "saved_views": selectors.saved_views_for(user=request.user),
            "saved_view_form": SavedViewForm(initial={"query": request.GET.urlencode()}, auto_id="view_%s"),
            "bulk_form": BulkActionForm(
                user=request.user, initial={"query": request.GET.urlencode()}, auto_id="bulk_%s"
            ),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """Plain text for spreadsheets; a leading = + - @ would be run as a formula (CSV injection)."""
    return neutralise("" if value is None else str(value))


@login_required
@require_GET
def request_export(request):
    filterset, today = _filtered(request)
    return requests_csv(request, filterset.qs, today=today)


EXPORT_HEADER = [
    "id",
    "organisation",
    "agency",
    "subject",
    "status",
    "tracking numbers",
    "tags",
    "submitted",
    "received",
    "acknowledged",
    "closed",
    "next deadline",
    "next deadline due",
    "overdue",
    "assigned to",
    "attorney",
    "url",
]


def requests_csv(request, rows_qs, *, today) -> StreamingHttpResponse:
    """The CSV of these requests (the whole filtered list, or the selected rows: the same columns)."""

    def rows():
        yield EXPORT_HEADER
        for r in selectors.request_rows_decorate(rows_qs.iterator(chunk_size=1000), today=today):
            yield [
                r.pk,
                r.organization.name,
                r.agency.abbreviation,
                r.subject,
                r.get_status_display(),
                "; ".join(t.number for t in r.tracking_numbers.all()),
                "; ".join(t.name for t in r.tags.all()),
                r.submitted_on,
                r.received_on,
                r.acknowledged_on,
                r.closed_on,
                r.next_deadline.title if r.next_deadline else "",
                r.next_due,
                "yes" if r.has_overdue else "no",
                person_name(r.assigned_to) if r.assigned_to else "",
                person_name(r.attorney) if r.attorney else "",
                request.build_absolute_uri(r.get_absolute_url()),
            ]

    writer = csv.writer(_Echo())
    # A byte-order mark first: without it Excel reads UTF-8 as Windows-1252 ("FY2020â€“FY2026").
    lines = itertools.chain(["\ufeff"], (writer.writerow([_cell(v) for v in row]) for row in rows()))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="foia-requests-{today.isoformat()}.csv"'
    return response


def _active_org_or_403(request):
    org = request.active_organization
    if not org:
        raise PermissionDenied("You do not belong to an organisation yet.")
    if not can_create_in(request.user, org):
        raise PermissionDenied("Viewers cannot create requests.")
    return org


@login_required
def request_create(request):
    org = _active_org_or_403(request)
    duplicates = []
    if request.method == "POST":
        form = FoiaRequestForm(request.POST, organization_id=org.pk)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = selectors.duplicate_candidates(
                user=request.user, agency=data["agency"], subject=data["subject"], text=data["request_text"]
            )
            if duplicates and not data.get("confirm_not_duplicate"):
                form.fields["confirm_not_duplicate"].widget = forms.CheckboxInput()
                messages.warning(request, "Similar requests exist. Check them before saving this one.")
            else:
                try:
                    created = services.foia_request_create(user=request.user, organization=org, **form.service_kwargs())
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(request, "Draft saved. Record the submission once it is sent.")
                    return redirect(created)
    else:
        initial = {}
        agency = selectors.agency_find(slug=request.GET.get("agency", ""))
        if agency:
            initial["agency"] = agency
        form = FoiaRequestForm(initial=initial, organization_id=org.pk)
    return render(request, "foia/request_form.html", {"form": form, "duplicates": duplicates, "organization": org})


@login_required
def request_edit(request, pk: int):
    obj = selectors.foia_request_get_editable(user=request.user, pk=pk)
    if request.method == "POST":
        form = FoiaRequestForm(request.POST, instance=obj, organization_id=obj.organization_id)
        if form.is_valid():
            try:
                services.foia_request_update(
                    request=obj, user=request.user, version=form.cleaned_data["version"], **form.service_kwargs()
                )
            except StaleVersion as error:
                form.refuse_stale(error)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Request updated.")
                return redirect(obj)
    else:
        form = FoiaRequestForm(instance=obj, organization_id=obj.organization_id)
    return render(request, "foia/request_form.html", {"form": form, "object": obj, "organization": obj.organization})


@login_required
@require_POST
def request_delete(request, pk: int):
    obj = selectors.foia_request_get_editable(user=request.user, pk=pk)
    try:
        services.foia_request_delete(request=obj, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(obj)
    messages.success(request, "Draft deleted.")
    return redirect("foia:request-list")


@login_required
@require_GET
def request_duplicates(request):
    """htmx: similar requests while a new one is drafted."""
    agency = selectors.agency_find(pk=request.GET.get("agency"))
    duplicates = []
    if agency:
        duplicates = selectors.duplicate_candidates(
            user=request.user,
            agency=agency,
            subject=request.GET.get("subject", "")[:300],
            text=request.GET.get("request_text", "")[:4000],
        )
    return render(request, "foia/partials/duplicates.html", {"duplicates": duplicates, "checked": bool(agency)})


@login_required
@require_GET
def request_detail(request, pk: int):
    return render_request_detail(request, selectors.foia_request_get(user=request.user, pk=pk))


def render_request_detail(request, obj: FoiaRequest, *, tracking_form: TrackingNumberForm | None = None):
    """The request page; `tracking_form` is a bound tracking-number form to show again with its errors."""
    today = timezone.localdate()
    overview = selectors.request_overview(user=request.user, request=obj, today=today)
    editable = can_edit(request.user, obj)
    if editable and tracking_form is None:
        tracking_form = TrackingNumberForm(request=obj)
    return render(
        request,
        "foia/request_detail.html",
        {
            "object": obj,
            "o": overview,
            "today": today,
            "can_edit": editable,
            "tracking_form": tracking_form if editable else None,
            "can_appeal": editable and selectors.appeal_can_file(request=obj, events=overview.events, today=today),
        },
    )
