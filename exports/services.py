"""Writes of exports: asking for a background export, the worker building it, and removing expired files."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from coalition.access import user_access

from . import conf
from .kinds import CHUNK, kind_get
from .models import ExportFormat, ExportJob, ExportStatus
from .selectors import export_filename, export_rows
from .writers import csv_write, xlsx_write

logger = logging.getLogger(__name__)
IGNORED_PARAMS = ("page", "format")  # the page number and DRF's format are not filters


def filters_from_query(data: QueryDict) -> dict[str, list[str]]:
    return {name: data.getlist(name) for name in data if name not in IGNORED_PARAMS}


def query_from_filters(filters: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in (filters or {}).items():
        data.setlist(str(name), [str(v) for v in (values if isinstance(values, list) else [values])])
    return data


def export_job_create(*, actor, kind: str, fmt: str, filters: dict, organization=None) -> ExportJob:
    """Queue an export of the list `kind` with these filters, for `actor` alone. The filters are checked now, as
    the list would check them (ValidationError), so a job never starts from a refused filter."""
    export = kind_get(kind)
    if export is None:
        raise ValidationError({"kind": "No such export."}, code="invalid")
    if fmt not in ExportFormat.values:
        raise ValidationError({"format": "Choose csv or xlsx."}, code="invalid")
    if not actor.is_authenticated:
        raise ValidationError("Sign in to export.", code="forbidden")
    if organization is not None and organization.pk not in user_access(actor).org_ids:
        organization = None  # only an organisation the person belongs to is recorded
    data = query_from_filters(filters)
    total = export_rows(user=actor, kind=export, data=data, today=timezone.localdate()).count()
    job = ExportJob.objects.create(
        owner=actor,
        organization=organization,
        kind=kind,
        format=fmt,
        filters=filters_from_query(data),
        rows_total=total,
    )
    from .tasks import export_job_run_task  # tasks import services

    export_job_run_task.delay_on_commit(job.pk)
    return job


def _counted(rows: Iterable, job_id: int, total: int) -> Iterator:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % CHUNK == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=max(total, done))
    ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def export_job_run(*, job_id: int) -> None:
    """Build a queued job's file (run by the worker). Claimed with a conditional update, so a message delivered
    twice builds it once; the list is read as the owner, with the owner's access now."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now
    )
    if not claimed:
        return
    job = ExportJob.objects.get(pk=job_id)
    export = kind_get(job.kind)
    owner = get_user_model().objects.filter(pk=job.owner_id, is_active=True).first()
    try:
        if export is None or owner is None:
            raise ValidationError("This export can no longer run.")
        today = timezone.localdate()
        rows_qs = export_rows(user=owner, kind=export, data=query_from_filters(job.filters), today=today)
        total = rows_qs.count()
        ExportJob.objects.filter(pk=job_id).update(rows_total=total)
        rows = _counted(export.rows(rows_qs, today=today), job_id, total)
        filename = export_filename(kind=export, fmt=job.format, today=today)
        with tempfile.TemporaryFile() as out:
            if job.format == ExportFormat.CSV:
                csv_write(export.header, rows, out)
            else:
                xlsx_write(export.header, rows, out, title=export.label.capitalize())
            out.seek(0)
            job.refresh_from_db()
            job.file.save(f"{job.pk}-{filename}", File(out), save=False)
        finished = timezone.now()
        job.filename, job.status, job.finished_at = filename, ExportStatus.DONE, finished
        job.expires_at = finished + dt.timedelta(hours=conf.job_ttl_hours())
        job.save(update_fields=["file", "filename", "status", "finished_at", "expires_at"])
    except ValidationError as error:
        _fail(job_id, "; ".join(error.messages))
    except Exception:
        logger.exception("export job %s failed", job_id)
        _fail(job_id, "The export could not be built. Try again, or ask an administrator.")
        raise


def _fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.FAILED, error=reason[:300], finished_at=timezone.now()
    )


def export_jobs_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of finished exports past their expiry (the periodic task); the jobs stay, marked expired
    by their empty file. Returns how many files were removed."""
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lt=now).exclude(file=""):
        with transaction.atomic():
            job.file.delete(save=False)
            ExportJob.objects.filter(pk=job.pk).update(file="")
        removed += 1
    return removed
