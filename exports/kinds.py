"""What can be exported: each list, through its own page's selector and filterset (never a copy of its filtering),
and the columns of its rows.

A kind's `queryset` returns what the list page would show the user for these filters, in the page's order (its
access rule, privilege and organisation checks included, since the selector applies them); `rows` turns those
objects into cells (exports/cells.py makes each one safe). A filter the page would refuse is refused here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict

from foia.choices import TrackingKind
from foia.filters import FoiaRequestFilter
from foia.selectors import foia_request_list, request_rows_decorate

from .columns import REQUEST_COLUMNS

CHUNK = 1000  # rows fetched (and their prefetches run) per round trip


@dataclass(frozen=True)
class ExportKind:
    slug: str
    label: str  # plural, for titles and file names
    header: tuple[str, ...]
    queryset: Callable[..., QuerySet]  # (user=, data=, today=) -> the filtered rows
    rows: Callable[..., Iterator[list]]  # (queryset, today=) -> one list of values per row


def _filtered(filterset) -> QuerySet:
    if filterset.is_bound and not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
        raise ValidationError(errors, code="invalid")
    return filterset.qs


def _url(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


def _email(user) -> str:
    return user.email if user else ""


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# --- Requests --------------------------------------------------------------------------------------------------------

REQUEST_MORE = (
    "Organisation",
    "Attorney",
    "Other tracking numbers",
    "Tags",
    "Date Acknowledged",
    "Date Closed",
    "Next deadline",
    "Next deadline due",
    "Next deadline rule",
    "Next deadline citation",
    "Overdue",
    "URL",
)


def _requests_queryset(*, user, data: QueryDict, today: dt.date) -> QuerySet:
    rows = foia_request_list(user=user, today=today).defer("fee_waiver_justification", "expedited_justification")
    return _filtered(FoiaRequestFilter(data or None, queryset=rows, user=user))


def _request_row(r) -> list:
    agency = r.agency
    numbers = list(r.tracking_numbers.all())
    first = next((t for t in numbers if t.kind == TrackingKind.REQUEST), None)
    deadline = r.next_deadline
    return [
        r.pk,
        agency.parent.name if agency.parent_id else agency.name,
        agency.name if agency.parent_id else "",
        first.number if first else "",
        r.subject,
        r.request_text,
        r.submitted_on,
        r.received_on,
        r.get_status_display(),
        _email(r.assigned_to),
        r.fee_waiver_requested,
        r.expedited_requested,
        r.organization.name,
        _email(r.attorney),
        "; ".join(t.number for t in numbers if t is not first),
        "; ".join(t.name for t in r.tags.all()),
        r.acknowledged_on,
        r.closed_on,
        deadline.title if deadline else "",
        deadline.due_date if deadline else None,
        deadline.rule if deadline else "",
        deadline.citation if deadline else "",
        r.has_overdue,
        _url(r),
    ]


def _requests_rows(queryset: QuerySet, *, today: dt.date) -> Iterator[list]:
    rows = queryset.select_related("agency__parent").iterator(chunk_size=CHUNK)
    for r in request_rows_decorate(rows, today=today):
        yield _request_row(r)


REQUESTS = ExportKind(
    slug="requests",
    label="requests",
    header=REQUEST_COLUMNS + REQUEST_MORE,
    queryset=_requests_queryset,
    rows=_requests_rows,
)

KINDS: dict[str, ExportKind] = {k.slug: k for k in (REQUESTS,)}


def kind_get(slug: str) -> ExportKind | None:
    return KINDS.get(slug)
