"""Reads of requests, always through the access rules."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from coalition.access import get_visible_or_404, restrict_visible
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q

from ..models import Appeal, Attachment, Communication, FoiaRequest, RequestEvent, TrackingNumber


def request_content_type() -> ContentType:
    return ContentType.objects.get_for_model(FoiaRequest)


def open_deadlines_of_requests() -> QuerySet[Deadline]:
    """Open deadlines whose subject is a FOIA request (filter further by subject_id)."""
    return Deadline.objects.filter(subject_type=request_content_type(), status=DeadlineStatus.OPEN)


def foia_request_list(*, user, today: date) -> QuerySet[FoiaRequest]:
    """Requests the user may see, with their next open deadline and whether one is overdue (one query per page)."""
    open_deadlines = open_deadlines_of_requests().filter(subject_id=OuterRef("pk"))
    first_open = open_deadlines.order_by(F("due_date").asc(nulls_last=True), "pk")
    return (
        restrict_visible(FoiaRequest.objects.all(), user)
        .select_related("agency", "organization", "assigned_to", "attorney")
        .annotate(
            next_due=Subquery(first_open.values("due_date")[:1]),
            next_due_title=Subquery(first_open.values("title")[:1]),
            has_overdue=Exists(open_deadlines.filter(due_date__lt=today)),
            is_paused=Exists(open_deadlines.filter(due_date__isnull=True)),
        )
        .prefetch_related(
            "tags", Prefetch("tracking_numbers", queryset=TrackingNumber.objects.select_related("agency"))
        )
    )


def foia_request_list_api(*, user, today: date) -> QuerySet[FoiaRequest]:
    """The list, plus each request's open deadlines (for the API representation)."""
    return foia_request_list(user=user, today=today).prefetch_related(
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.filter(deadline_visible_q(user), status=DeadlineStatus.OPEN),
            to_attr="open_deadlines",
        )
    )


def foia_request_get(*, user, pk: int) -> FoiaRequest:
    return get_visible_or_404(
        FoiaRequest.objects.select_related("agency", "agency__parent", "organization", "assigned_to", "attorney"),
        user,
        pk=pk,
    )


def request_deadlines(*, user, request: FoiaRequest) -> list[Deadline]:
    return list(request.deadlines.filter(deadline_visible_q(user)).select_related("responsible"))


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
    return get_visible_or_404(
        Attachment.objects.select_related("communication__request"), user, prefix="communication__request__", pk=pk
    )


def events_visible(*, user) -> QuerySet[RequestEvent]:
    return restrict_visible(RequestEvent.objects.all(), user, prefix="request__").select_related(
        "request", "referred_to", "communication"
    )


def communications_visible(*, user) -> QuerySet[Communication]:
    return (
        restrict_visible(Communication.objects.all(), user, prefix="request__")
        .select_related("request")
        .prefetch_related("attachments", "events")
    )


def attachments_visible(*, user) -> QuerySet[Attachment]:
    return restrict_visible(Attachment.objects.all(), user, prefix="communication__request__").select_related(
        "communication"
    )


def appeals_visible(*, user) -> QuerySet[Appeal]:
    return restrict_visible(Appeal.objects.all(), user, prefix="request__").select_related(
        "request", "filed_event", "decision_event"
    )


def tracking_numbers_visible(*, user) -> QuerySet[TrackingNumber]:
    return restrict_visible(TrackingNumber.objects.all(), user, prefix="request__").select_related(
        "request", "agency", "appeal"
    )
