"""The exhaustion chronology of a request: the printable page and its DOCX and PDF downloads. Each one reads the
same `Chronology` from `selectors.request_chronology`, for a request the user may see (another organisation's
request is a 404 on all three)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors
from ..chronology import DOCX_TYPE, PDF_TYPE, chronology_filename
from ..chronology.docx_writer import chronology_docx
from ..chronology.pdf_writer import chronology_pdf


def _chronology(request, pk: int):
    obj = selectors.foia_request_get(user=request.user, pk=pk)
    return obj, selectors.request_chronology(user=request.user, request=obj, today=timezone.localdate())


@login_required
@require_GET
def request_chronology(request, pk: int):
    obj, chronology = _chronology(request, pk)
    return render(request, "foia/request_chronology.html", {"object": obj, "c": chronology})


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def request_chronology_docx(request, pk: int):
    _, chronology = _chronology(request, pk)
    return _download(
        chronology_docx(chronology), content_type=DOCX_TYPE, filename=chronology_filename(chronology, "docx")
    )


@login_required
@require_GET
def request_chronology_pdf(request, pk: int):
    _, chronology = _chronology(request, pk)
    return _download(chronology_pdf(chronology), content_type=PDF_TYPE, filename=chronology_filename(chronology, "pdf"))
