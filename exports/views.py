"""Export pages: a list's current filters to CSV (streamed) or XLSX."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors
from .writers import CONTENT_TYPES, FORMATS, csv_lines, xlsx_write

SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX smaller than this is built in memory, a larger one in a temporary file


def _attachment(response, filename: str):
    # The name is ours (exports.selectors.export_filename: ASCII letters, digits, dashes), so quoting it is safe.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def export_list(request, kind: str, fmt: str):
    """The list `kind` as the person sees it with these filters, as a file."""
    if fmt not in FORMATS:
        raise Http404("No such format.")
    export = selectors.export_kind_get(slug=kind)
    today = timezone.localdate()
    try:
        rows_qs = selectors.export_rows(user=request.user, kind=export, data=request.GET, today=today)
    except ValidationError as error:
        return HttpResponseBadRequest("; ".join(error.messages), content_type="text/plain; charset=utf-8")
    filename = selectors.export_filename(kind=export, fmt=fmt, today=today)
    rows = export.rows(rows_qs, today=today)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(export.header, rows), content_type=CONTENT_TYPES["csv"])
        return _attachment(response, filename)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it when sent)
    xlsx_write(export.header, rows, out, title=export.label.capitalize())
    out.seek(0)
    return _attachment(FileResponse(out, content_type=CONTENT_TYPES["xlsx"]), filename)
