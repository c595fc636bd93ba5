"""Export pages: a list's current filters to CSV (streamed) or XLSX; a large list as a background job with its own
page (progress that updates itself, then the download, for its owner only)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import conf, selectors, services
from .models import ExportStatus
from .writers import CONTENT_TYPES, FORMATS, csv_lines, xlsx_write

SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX smaller than this is built in memory, a larger one in a temporary file


def attachment(response, filename: str):
    # The name is ours (exports.selectors.export_filename: ASCII letters, digits, dashes), so quoting it is safe.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(error: ValidationError):
    return HttpResponseBadRequest("; ".join(error.messages), content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def export_list(request, kind: str, fmt: str):
    """The list `kind` as the person sees it with these filters, as a file; over the configured number of rows, a
    page offering to build it in the background (reading never writes: the job starts from that page's POST)."""
    if fmt not in FORMATS:
        raise Http404("No such format.")
    export = selectors.export_kind_get(slug=kind)
    today = timezone.localdate()
    try:
        rows_qs = selectors.export_rows(user=request.user, kind=export, data=request.GET, today=today)
    except ValidationError as error:
        return _refused(error)
    total = rows_qs.count()
    if total > conf.stream_max_rows():
        query = QueryDict(mutable=True)
        query.update(request.GET)
        query.pop("page", None)
        context = {"export": export, "fmt": fmt, "total": total, "query": query.urlencode()}
        return render(request, "exports/export_confirm.html", context)
    filename = selectors.export_filename(kind=export, fmt=fmt, today=today)
    rows = export.rows(rows_qs, today=today)
    if fmt == "csv":
        return attachment(
            StreamingHttpResponse(csv_lines(export.header, rows), content_type=CONTENT_TYPES[fmt]), filename
        )
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it when sent)
    xlsx_write(export.header, rows, out, title=export.label.capitalize())
    out.seek(0)
    return attachment(FileResponse(out, content_type=CONTENT_TYPES["xlsx"]), filename)


@login_required
@require_POST
def job_create(request):
    query = QueryDict(request.POST.get("query", ""))
    try:
        job = services.export_job_create(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            fmt=request.POST.get("format", ""),
            filters=services.filters_from_query(query),
            organization=request.active_organization,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("exports:job-list"))
    messages.success(request, "Export queued: this page shows its progress, then the download.")
    return redirect(job)


@login_required
@require_GET
def job_list(request):
    return render(request, "exports/exportjob_list.html", {"jobs": selectors.export_jobs_for(user=request.user)[:50]})


def _job_context(request, pk):
    job = selectors.export_job_get(user=request.user, pk=pk)
    return {
        "job": job,
        "export": selectors.kind_get(job.kind),
        "expired": job.status == ExportStatus.DONE and not job.file,
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    return render(request, "exports/exportjob_detail.html", _job_context(request, pk))


@login_required
@require_GET
def job_progress(request, pk: int):
    """The fragment the job page polls (htmx) until the job is done or failed."""
    return render(request, "exports/partials/job_progress.html", _job_context(request, pk))


@login_required
@require_GET
def job_download(request, pk: int):
    job = selectors.export_job_get(user=request.user, pk=pk)  # anyone else's: 404
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404("This export has no file (not ready yet, failed or expired).")
    response = FileResponse(job.file.open("rb"), content_type=CONTENT_TYPES[job.format])
    return attachment(response, job.filename)
