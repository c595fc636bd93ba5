"""Reads of exports: a list's rows as the list shows them to the acting user."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404, QueryDict

from .kinds import ExportKind, kind_get


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
