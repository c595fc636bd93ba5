"""What can be exported: each list, through its own page's selector and filterset (never a copy of its filtering),
and the columns of its rows.

A kind's `queryset` returns what the list page would show the user for these filters, in the page's order (its
access rule, privilege and organisation checks included, since the selector applies them); `rows` turns those
objects into cells (exports/cells.py makes each one safe). A filter the page would refuse is refused here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from deadlines.filters import DeadlineFilter
from deadlines.selectors import deadline_list_for
from documents.filters import DocumentFilter
from documents.selectors import documents_visible
from foia.choices import TrackingKind
from foia.filters import CommunicationFilter, FoiaRequestFilter
from foia.selectors import communications_visible, foia_request_list, request_rows_decorate
from litigation.filters import CaseFilter
from litigation.selectors import case_row_next_deadline, case_rows

from .columns import REQUEST_COLUMNS

CHUNK = 1000  # rows fetched (and their prefetches run) per round trip


@dataclass(frozen=True)
class ExportKind:
    slug: str
    label: str  # plural, for titles and file names
    header: tuple[str, ...]
    queryset: Callable[..., QuerySet]  # (user=, data=, today=) -> the filtered rows
    rows: Callable[..., Iterator[list]]  # (queryset, today=) -> one list of values per row


def _each(objects: Iterable):
    """Each object, then its attributes dropped once its row is built: a prefetched list points back at the object
    that holds it (a cycle only the garbage collector frees, and the project's runs rarely: core/apps.py), so an
    export of 15,000 requests otherwise held 200 MB by its end instead of a chunk's worth."""
    for obj in objects:
        yield obj
        obj.__dict__.clear()


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


# --- Requests -------------------------------------------------------------------------------------------------------

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
    for r in _each(request_rows_decorate(rows, today=today)):
        yield _request_row(r)


REQUESTS = ExportKind(
    slug="requests",
    label="requests",
    header=REQUEST_COLUMNS + REQUEST_MORE,
    queryset=_requests_queryset,
    rows=_requests_rows,
)


class _Caller:
    """What a filterset built for a page reads from its `request`: the person (its choices are what they may see)."""

    def __init__(self, user):
        self.user = user


# --- Deadlines (the deadline list: open ones unless a status is asked for) ------------------------------------------


def _deadlines_queryset(*, user, data: QueryDict, today: dt.date) -> QuerySet:
    rows = deadline_list_for(user=user).select_related("subject_type")
    return _filtered(DeadlineFilter(data, queryset=rows, request=_Caller(user)))


def _deadlines_rows(queryset: QuerySet, *, today: dt.date) -> Iterator[list]:
    for d in _each(queryset.iterator(chunk_size=CHUNK)):
        yield [
            d.pk,
            d.title,
            d.due_date,
            d.get_status_display(),
            "Yes" if d.due_date and d.due_date < today and d.status == "open" else "No",
            d.get_kind_display(),
            d.rule,
            d.citation,
            d.trigger_date,
            str(d.subject) if d.subject else "",
            d.subject_type.name,
            d.get_forum_display(),
            d.agency.abbreviation if d.agency_id else "",
            d.court.name if d.court_id else "",
            _email(d.responsible),
            d.organization.name,
            d.privileged,
            settings.SITE_URL + reverse("deadlines:detail", args=[d.pk]),
        ]


DEADLINES = ExportKind(
    slug="deadlines",
    label="deadlines",
    header=(
        "ID",
        "Deadline",
        "Due",
        "Status",
        "Overdue",
        "Kind",
        "Rule",
        "Citation",
        "Trigger date",
        "Subject",
        "Subject kind",
        "Forum",
        "Agency",
        "Court",
        "Responsible",
        "Organisation",
        "Privileged",
        "URL",
    ),
    queryset=_deadlines_queryset,
    rows=_deadlines_rows,
)


# --- Cases ------------------------------------------------------------------------------------------------------------


def _cases_queryset(*, user, data: QueryDict, today: dt.date) -> QuerySet:
    return _filtered(CaseFilter(data or None, queryset=case_rows(user=user), user=user))


def _cases_rows(queryset: QuerySet, *, today: dt.date) -> Iterator[list]:
    for case in _each(queryset.iterator(chunk_size=CHUNK)):
        deadline = case_row_next_deadline(case)
        defendants = [p for p in case.parties.all() if p.side == "defendant"]
        yield [
            case.pk,
            case.caption,
            case.court.name if case.court_id else "",
            case.docket_number,
            case.get_status_display(),
            case.filed_on,
            case.judge,
            case.magistrate_judge,
            "; ".join(str(p.agency or p.name) for p in defendants),
            deadline.title if deadline else "",
            deadline.due_date if deadline else None,
            deadline.rule if deadline else "",
            deadline.citation if deadline else "",
            case.organization.name,
            _url(case),
        ]


CASES = ExportKind(
    slug="cases",
    label="cases",
    header=(
        "ID",
        "Caption",
        "Court",
        "Docket number",
        "Status",
        "Filed",
        "Judge",
        "Magistrate judge",
        "Defendants",
        "Next deadline",
        "Next deadline due",
        "Next deadline rule",
        "Next deadline citation",
        "Organisation",
        "URL",
    ),
    queryset=_cases_queryset,
    rows=_cases_rows,
)


# --- Released documents -----------------------------------------------------------------------------------------------


def _documents_queryset(*, user, data: QueryDict, today: dt.date) -> QuerySet:
    rows = documents_visible(user=user).select_related("production__request__agency").order_by("pk")
    return _filtered(DocumentFilter(data or None, queryset=rows, request=_Caller(user)))


def _documents_rows(queryset: QuerySet, *, today: dt.date) -> Iterator[list]:
    for doc in _each(queryset.iterator(chunk_size=CHUNK)):
        production = doc.production
        yield [
            doc.pk,
            doc.title or doc.original_name,
            doc.original_name,
            doc.date,
            doc.page_count,
            doc.bates_start,
            doc.bates_end,
            "; ".join(doc.exemptions or []),
            doc.get_status_display(),
            str(production),
            production.date,
            production.request.subject,
            production.request.agency.abbreviation,
            production.privileged,
            _url(doc),
        ]


DOCUMENTS = ExportKind(
    slug="documents",
    label="documents",
    header=(
        "ID",
        "Title",
        "File name",
        "Date",
        "Pages",
        "Bates start",
        "Bates end",
        "Exemptions",
        "Status",
        "Production",
        "Released",
        "Request",
        "Agency",
        "Privileged",
        "URL",
    ),
    queryset=_documents_queryset,
    rows=_documents_rows,
)


# --- Communications (agency responses and our letters) ----------------------------------------------------------------


def _communications_queryset(*, user, data: QueryDict, today: dt.date) -> QuerySet:
    rows = (
        communications_visible(user=user)
        .select_related("request__agency")
        .prefetch_related(None)
        .prefetch_related("attachments")
        .order_by("date", "pk")
    )
    return _filtered(CommunicationFilter(data or None, queryset=rows, request=_Caller(user)))


def _communications_rows(queryset: QuerySet, *, today: dt.date) -> Iterator[list]:
    for c in _each(queryset.iterator(chunk_size=CHUNK)):
        yield [
            c.pk,
            c.date,
            c.get_direction_display(),
            c.get_kind_display(),
            c.get_channel_display(),
            c.subject,
            c.body,
            "; ".join(a.filename for a in c.attachments.all()),
            c.request_id,
            c.request.subject,
            c.request.agency.abbreviation,
            _url(c.request),
        ]


COMMUNICATIONS = ExportKind(
    slug="communications",
    label="communications",
    header=(
        "ID",
        "Date",
        "Direction",
        "Kind",
        "Channel",
        "Subject",
        "Text",
        "Attachments",
        "Request ID",
        "Request",
        "Agency",
        "Request URL",
    ),
    queryset=_communications_queryset,
    rows=_communications_rows,
)

KINDS: dict[str, ExportKind] = {k.slug: k for k in (REQUESTS, DEADLINES, CASES, DOCUMENTS, COMMUNICATIONS)}


def kind_get(slug: str) -> ExportKind | None:
    return KINDS.get(slug)
