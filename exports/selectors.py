"""Reads of exports: a list's rows as the list shows them to the acting user."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404, QueryDict

from .kinds import ExportKind
from .kinds import kind_get as kind_get
from .models import ExportJob


def export_kind_get(*, slug: str) -> ExportKind:
    kind = kind_get(slug)
    if kind is None:
        raise Http404("No such export.")
    return kind


def export_rows(*, user, kind: ExportKind, data: QueryDict, today: dt.date) -> QuerySet:
    """The rows the list page shows `user` for these filters (ValidationError for a filter the page refuses)."""
    return kind.queryset(user=user, data=data, today=today)


def export_filename(*, kind: ExportKind, fmt: str, today: dt.date) -> str:
    """A fixed, safe file name: built from our own words only, never from the filters."""
    return f"foia-tracker-{kind.slug}-{today.isoformat()}.{fmt}"


def export_jobs_for(*, user) -> QuerySet:
    """The user's own background exports; nobody else's, whatever their role or organisation."""
    return ExportJob.objects.filter(owner_id=user.pk).order_by("-created_at", "-pk")


def export_job_get(*, user, pk) -> ExportJob:
    """One of the user's own exports; anyone else's answers 404, like a missing one."""
    try:
        job = export_jobs_for(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        job = None
    if job is None:
        raise Http404("No such export.")
    return job
