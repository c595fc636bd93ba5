"""Reads of requests, always through the access rules."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet

from coalition.access import get_editable_or_404, get_visible_or_404, restrict_visible, user_access
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q, next_due_for
from directory.models import Agency

from ..models import Appeal, Attachment, Communication, FoiaRequest, RequestEvent, Tag, TrackingNumber


def request_content_type() -> ContentType:
    return ContentType.objects.get_for_model(FoiaRequest)


def open_deadlines_of_requests() -> QuerySet[Deadline]:
    """Open deadlines whose subject is a FOIA request (filter further by subject_id)."""
    return Deadline.objects.filter(subject_type=request_content_type(), status=DeadlineStatus.OPEN)


def with_next_due(qs: QuerySet[FoiaRequest], *, user) -> QuerySet[FoiaRequest]:
    """Annotate `next_due`, the earliest open due date the user may see, for sorting and filtering on it: one join
    to the request's deadline summary (deadlines.selectors.next_due_for), not an aggregate per row. Only added
    when needed: the page shows its own rows' deadlines from the prefetch."""
    if "next_due" in qs.query.annotations:
        return qs
    return qs.annotate(next_due=next_due_for(user=user))


def foia_request_list(*, user, today: date) -> QuerySet[FoiaRequest]:
    """Requests the user may see, with their open deadlines prefetched (`open_deadlines`): a fixed number of queries
    per page. Call `request_rows_decorate` on the rows shown; `with_next_due` to sort or filter by deadline."""
    return (
        restrict_visible(FoiaRequest.objects.all(), user)
        .select_related("agency", "organization", "assigned_to", "attorney")
        .prefetch_related(
            "tags",
            Prefetch("tracking_numbers", queryset=TrackingNumber.objects.select_related("agency")),
            _open_deadlines(user),
        )
    )


def _open_deadlines(user, *fields: str) -> Prefetch:
    """A request's open deadlines that `user` may see, soonest first, as `open_deadlines` (only `fields` if given)."""
    deadlines = Deadline.objects.filter(deadline_visible_q(user), status=DeadlineStatus.OPEN)
    if fields:
        deadlines = deadlines.only(*fields)
    return Prefetch(
        "deadlines",
        queryset=deadlines.order_by(F("due_date").asc(nulls_last=True), "pk"),
        to_attr="open_deadlines",
    )


# Long texts no list shows: not loading them keeps sorting thousands of rows cheap.
LIST_DEFERRED = ("request_text", "fee_waiver_justification", "expedited_justification")
# What the request list page prints of a row's open deadlines (the next one's title and due date); the rule's steps
# and options (JSON) stay in the database.
PAGE_DEADLINE_FIELDS = ("id", "subject_type_id", "subject_id", "key", "title", "due_date", "status")


def foia_request_page_rows(*, user) -> QuerySet[FoiaRequest]:
    """The request list page's rows (load them by primary key): what the table prints and no more. Open deadlines
    with only the columns it shows; tags and tracking numbers as plain names by `request_rows_label` (two
    narrow queries, not a model instance per tag and number: about a third of the page's row-building time)."""
    return (
        restrict_visible(FoiaRequest.objects.all(), user)
        .select_related("agency", "organization", "assigned_to")
        .defer(*LIST_DEFERRED)
        .prefetch_related(_open_deadlines(user, *PAGE_DEADLINE_FIELDS))
    )


def request_rows_label(rows: list[FoiaRequest]) -> list[FoiaRequest]:
    """Set `tracking_labels` (numbers, in the order they were assigned) and `tag_names` (sorted) on listed rows.
    A row's tags are its own organisation's: a partner's shared request shows the tags it carries."""
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        row.tracking_labels, row.tag_names = [], []
    numbers = TrackingNumber.objects.filter(request_id__in=by_pk)  # the model's order: as assigned
    for request_id, number in numbers.values_list("request_id", "number"):
        by_pk[request_id].tracking_labels.append(number)
    links = FoiaRequest.tags.through.objects.filter(foiarequest_id__in=by_pk).order_by("tag__name", "tag_id")
    for request_id, name in links.values_list("foiarequest_id", "tag__name"):
        by_pk[request_id].tag_names.append(name)
    return rows


def request_rows_decorate(rows, *, today: date):
    """Set `next_deadline`, `has_overdue` and `is_paused` on listed requests, from their prefetched deadlines."""
    for row in rows:
        dated = [d for d in row.open_deadlines if d.due_date is not None]
        row.next_deadline = dated[0] if dated else None
        row.next_due = row.next_deadline.due_date if row.next_deadline else None
        row.has_overdue = bool(dated) and dated[0].due_date < today
        row.is_paused = len(dated) < len(row.open_deadlines)
        yield row


def foia_request_get(*, user, pk: int) -> FoiaRequest:
    return get_visible_or_404(
        FoiaRequest.objects.select_related("agency", "agency__parent", "organization", "assigned_to", "attorney"),
        user,
        pk=pk,
    )


def foia_request_get_editable(*, user, pk: int) -> FoiaRequest:
    """A request the user may change: 404 if they cannot see it, 403 if they can see but not change it."""
    return get_editable_or_404(FoiaRequest.objects.select_related("agency", "organization"), user, pk=pk)


def request_deadlines(*, user, request: FoiaRequest) -> list[Deadline]:
    return list(request.deadlines.filter(deadline_visible_q(user)).select_related("responsible", "closed_by"))


def request_events(*, request: FoiaRequest) -> list[RequestEvent]:
    return list(
        request.events.select_related("communication", "referred_to", "created_by").order_by("date", "sequence")
    )


def request_communications(*, request: FoiaRequest) -> list[Communication]:
    return list(
        request.communications.select_related("created_by").prefetch_related("attachments").order_by("date", "pk")
    )


def request_appeals(*, request: FoiaRequest) -> list[Appeal]:
    return list(
        request.appeals.select_related("filed_event", "decision_event", "determination_event").prefetch_related(
            "tracking_numbers"
        )
    )


def attachment_get(*, user, pk: int) -> Attachment:
    return get_visible_or_404(Attachment.objects.select_related("communication__request"), user, pk=pk)


def events_visible(*, user) -> QuerySet[RequestEvent]:
    return restrict_visible(RequestEvent.objects.all(), user).select_related("request", "referred_to", "communication")


def communications_visible(*, user) -> QuerySet[Communication]:
    return (
        restrict_visible(Communication.objects.all(), user)
        .select_related("request")
        .prefetch_related("attachments", "events")
    )


def attachments_visible(*, user) -> QuerySet[Attachment]:
    return restrict_visible(Attachment.objects.all(), user).select_related("communication")


def appeals_visible(*, user) -> QuerySet[Appeal]:
    return restrict_visible(Appeal.objects.all(), user).select_related("request", "filed_event", "decision_event")


def tracking_numbers_visible(*, user) -> QuerySet[TrackingNumber]:
    return restrict_visible(TrackingNumber.objects.all(), user).select_related("request", "agency", "appeal")


def tags_visible(*, user) -> QuerySet[Tag]:
    """Tags the user may see: their organisations' own, and the tags of the requests shared with them (a partner's
    private topics never show, not even as a filter choice)."""
    access = user_access(user)
    own = Q(organization_id__in=list(access.org_ids))
    if not access.partner_org_ids:
        return Tag.objects.filter(own)
    # Per partner tag, does one request the user may see carry it: a semi-join that stops at the first, instead of
    # collecting the tags of every visible request (40,000 rows for 20,000 requests).
    shown = restrict_visible(
        FoiaRequest.tags.through.objects.filter(tag_id=OuterRef("pk")), user, prefix="foiarequest__"
    )
    return Tag.objects.filter(own | (Q(organization_id__in=list(access.partner_org_ids)) & Exists(shown)))


def tag_choices(*, user) -> QuerySet[Tag]:
    """One visible tag per slug (two organisations' "ISAP" tags are one choice; filtering by it finds both)."""
    firsts = tags_visible(user=user).values("slug").annotate(first=Min("pk")).values("first")
    return Tag.objects.filter(pk__in=firsts).order_by("name", "pk")


def agency_find(*, slug: str | None = None, pk=None) -> Agency | None:
    """An agency (public directory data) named in a query string, or None for a missing or malformed name."""
    try:
        if slug:
            return Agency.objects.filter(slug=slug).first()
        return Agency.objects.filter(pk=int(pk)).first() if pk else None
    except (TypeError, ValueError):
        return None
