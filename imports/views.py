"""Pages: past imports, upload, mapping and preview, a batch (confirm, undo). Thin: reads through
`imports.selectors`, writes through `imports.services`; another organisation's batch answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.access import can_create_in, can_edit
from foia.views.common import add_service_error

from . import selectors, services
from .forms import MappingForm, UploadForm
from .kinds import kind_of
from .models import BatchStatus, ImportKind

PAGE_SIZE = 50
ROWS_SHOWN = 200


@login_required
@require_GET
def batch_list(request):
    page = Paginator(selectors.batches_visible(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/importbatch_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def batch_upload(request):
    org = request.active_organization
    if not org or not can_create_in(request.user, org):
        raise PermissionDenied("Importing needs an admin, attorney or staff role in your organisation.")
    # "?kind=cases" from the case list preselects what the file holds (anything else: the form's default).
    wanted = request.GET.get("kind", "")
    initial = {"kind": wanted} if wanted in ImportKind.values else {}
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_upload(
                user=request.user, organization=org, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "File read: check how each column is read, then preview.")
            return redirect("imports:batch-map", pk=batch.pk)
    return render(
        request,
        "imports/importbatch_form.html",
        {"form": form, "organization": org},
        status=400 if form.errors else 200,
    )


def _editable_batch(request, pk):
    batch = selectors.batch_get(user=request.user, pk=pk)
    if not can_edit(request.user, batch):
        raise PermissionDenied("Importing needs an admin, attorney or staff role in this organisation.")
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def batch_map(request, pk: int):
    batch = _editable_batch(request, pk)
    if batch.status not in (BatchStatus.UPLOADED, BatchStatus.PREVIEWED):
        return redirect(batch)
    form = MappingForm(
        request.POST or None, headers=batch.headers, mapping=batch.mapping, samples=batch.samples, kind=batch.kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_preview(user=request.user, batch=batch, mapping=form.mapping())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect(batch)
    return render(
        request, "imports/importbatch_map.html", {"batch": batch, "form": form}, status=400 if form.errors else 200
    )


def _rows(batch, action: str) -> list[dict]:
    rows = [r for r in batch.preview.get("rows", []) if r["action"] == action][:ROWS_SHOWN]
    for row in rows:  # what names the row, whatever the kind
        row["label"] = next((row[k] for k in ("subject", "caption", "title", "docket_number") if row.get(k)), "")
    return rows


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    if batch.status == BatchStatus.UPLOADED:
        return redirect("imports:batch-map", pk=batch.pk)
    rows = batch.preview.get("rows", [])
    context = {
        "batch": batch,
        "can_edit": can_edit(request.user, batch),
        "rejected": _rows(batch, "reject"),
        "created": _rows(batch, "create"),
        "updated": _rows(batch, "update"),
        "disagreements": [r for r in rows if r.get("due_disagrees")][:ROWS_SHOWN],
        "suggested": [r for r in rows if r.get("suggestions")][:ROWS_SHOWN],
        "rows_shown": ROWS_SHOWN,
        "records_title": f"Imported {kind_of(batch.kind).noun}",
        "records": selectors.batch_records(user=request.user, batch=batch)[:ROWS_SHOWN]
        if batch.status != BatchStatus.PREVIEWED
        else [],
    }
    return render(request, "imports/importbatch_detail.html", context)


@login_required
@require_POST
def batch_confirm(request, pk: int):
    batch = _editable_batch(request, pk)
    try:
        batch = services.batch_confirm(user=request.user, batch=batch)
    except ValidationError as error:
        if error.code == "applied":
            messages.info(request, "This import was already applied.")
        else:
            messages.error(request, " ".join(error.messages))
    else:
        created, updated = batch.count("create"), batch.count("update")
        noun = kind_of(batch.kind).noun
        messages.success(request, f"Imported: {created} {noun} created, {updated} updated.")
    return redirect(batch)


@login_required
@require_POST
def batch_undo(request, pk: int):
    batch = _editable_batch(request, pk)
    try:
        batch = services.batch_undo(user=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Import undone: what it created is removed and what it changed is put back.")
    return redirect(batch)
