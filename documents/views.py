"""Pages: the documents index, a request's productions, a production (upload, progress), a document and its file.

Thin: reads through `documents.selectors`, writes through `documents.services`; another organisation's object (or
one under a privileged production, for a partner) answers 404 like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.access import can_edit
from core.versioning import StaleVersion
from foia.views.common import add_service_error

from . import selectors, services
from .choices import CONTENT_TYPES, FileKind
from .forms import DocumentForm, ProductionForm, UploadForm

PAGE_SIZE = 50
MAX_REFUSALS_SHOWN = 20


@login_required
@require_GET
def document_index(request):
    page = Paginator(selectors.productions_visible(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/production_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def production_create(request):
    chosen = None
    if pk := request.GET.get("request"):
        chosen = selectors.requests_editable(user=request.user).filter(pk=pk if str(pk).isdigit() else 0).first()
    form = ProductionForm(request.POST or None, user=request.user, request=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            production = services.production_create(
                request=form.cleaned_data["request"], actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Production added: upload its files below.")
            return redirect(production)
    return render(request, "documents/production_form.html", {"form": form, "chosen": chosen})


def _production_context(request, production, upload_form=None) -> dict:
    exemption_rows = selectors.production_exemption_rows(user=request.user, production=production)
    return {
        "production": production,
        "statistics": selectors.production_statistics(
            user=request.user, production=production, exemption_rows=exemption_rows
        ),
        "documents": selectors.documents_of_production(user=request.user, production=production),
        "progress": selectors.production_progress(user=request.user, production=production),
        "exemption_rows": exemption_rows,
        "can_edit": can_edit(request.user, production),
        "upload_form": upload_form or UploadForm(),
    }


@login_required
@require_GET
def production_detail(request, pk: int):
    production = selectors.production_get(user=request.user, pk=pk)
    return render(request, "documents/production_detail.html", _production_context(request, production))


@login_required
@require_POST
def production_upload(request, pk: int):
    production = selectors.production_get_editable(user=request.user, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid() or not form.cleaned_data["files"]:
        if form.is_valid():
            form.add_error("files", "Choose at least one file.")
        context = _production_context(request, production, upload_form=form)
        return render(request, "documents/production_detail.html", context, status=400)
    result = services.documents_upload(production=production, files=form.cleaned_data["files"], actor=request.user)
    if result.documents:
        count = len(result.documents)
        messages.success(request, f"{count} file{'s' if count != 1 else ''} queued for text extraction.")
    for refusal in result.refused[:MAX_REFUSALS_SHOWN]:
        messages.error(request, f"Refused: {refusal.reason}")
    if len(result.refused) > MAX_REFUSALS_SHOWN:
        messages.error(request, f"… and {len(result.refused) - MAX_REFUSALS_SHOWN} more files refused.")
    return redirect(production)


@login_required
@require_GET
def production_progress(request, pk: int):
    """The progress fragment the production page polls (htmx) until every file is done or failed."""
    production = selectors.production_get(user=request.user, pk=pk)
    context = _production_context(request, production)
    return render(request, "documents/partials/production_progress.html", context)


@login_required
@require_GET
def document_detail(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    pages = Paginator(selectors.document_pages(user=request.user, document=document), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/document_detail.html",
        {"document": document, "pages": pages, "can_edit": can_edit(request.user, document)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = selectors.document_get_editable(user=request.user, pk=pk)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.document_update(document=document, actor=request.user, version=version, **data)
        except StaleVersion as error:
            form.refuse_stale(error)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Document details saved.")
            return redirect(document)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@login_required
@require_POST
def document_reprocess(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        services.processing_reset(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Queued again: its pages are replaced when it is done.")
    return redirect(document)


def document_file_response(document, *, download: bool) -> FileResponse:
    """The stored bytes, only ever after the access check: a PDF may open in the browser's viewer (as
    application/pdf, never sniffed: `nosniff`); anything else, and any PDF asked for with ?download, is an
    attachment. Nothing is ever served as HTML from our origin."""
    stored = document.stored_file
    if stored is None:
        raise Http404("The file was refused and is not kept.")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    inline = document.kind == FileKind.PDF and not download
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=document.original_name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[document.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # The viewer needs no script of ours; a sandboxed download cannot run anything either.
    response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'" if inline else "sandbox"
    return response


@login_required
@require_GET
def document_download(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    return document_file_response(document, download="download" in request.GET)
