"""Litigation reads, always scoped to the acting user (coalition.access): another organisation's case, or a partner's
case not shared with the coalition, answers exactly like a missing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from coalition.access import get_editable_or_404, get_visible_or_404, restrict_visible
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q
from foia.models import FoiaRequest

from .models import Case, Counsel, Party, PartySide


def case_list_for(*, user) -> QuerySet[Case]:
    return restrict_visible(Case.objects.all(), user).select_related("court", "organization")


def case_get(*, user, pk) -> Case:
    """One case the user may see; anything else is a 404."""
    return get_visible_or_404(case_list_for(user=user), user, pk=pk)


def case_get_editable(*, user, pk) -> Case:
    """A case the user may change: 404 if they cannot see it, 403 if they can see but not change it."""
    return get_editable_or_404(case_list_for(user=user), user, pk=pk)


def party_of(*, case: Case, pk) -> Party:
    """A party of a case the caller already checked (404 when it belongs to another case)."""
    return get_object_or_404(case.parties, pk=pk)


def counsel_of(*, case: Case, pk) -> Counsel:
    return get_object_or_404(case.counsel, pk=pk)


def request_of(*, user, case: Case, pk) -> FoiaRequest:
    """A request linked to the case that the user may see (404 otherwise)."""
    return get_object_or_404(case_requests(user=user, case=case), pk=pk)


def _open_deadlines(user) -> Prefetch:
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(deadline_visible_q(user), status=DeadlineStatus.OPEN, due_date__isnull=False)
        .select_related("court")
        .order_by("due_date", "pk"),
        to_attr="open_deadlines",
    )


def with_next_due(qs: QuerySet[Case], *, user) -> QuerySet[Case]:
    """Annotate `next_due`: the earliest open court deadline of each case the user may see (for filters and sorting)."""
    if "next_due" in qs.query.annotations:
        return qs
    return qs.annotate(
        next_due=Subquery(
            Deadline.objects.filter(subject_type=ContentType.objects.get_for_model(Case), subject_id=OuterRef("pk"))
            .order_by()
            .values("subject_id")
            .annotate(value=Min("due_date", filter=Q(status=DeadlineStatus.OPEN) & deadline_visible_q(user)))
            .values("value")[:1]
        )
    )


def case_ids_due_between(*, user, start: dt.date, end: dt.date) -> QuerySet:
    """The ids of the cases with an open deadline the user may see due between `start` and `end` (a subquery)."""
    return Deadline.objects.filter(
        deadline_visible_q(user),
        subject_type=ContentType.objects.get_for_model(Case),
        status=DeadlineStatus.OPEN,
        due_date__range=(start, end),
    ).values("subject_id")


def case_rows(*, user) -> QuerySet[Case]:
    """The case list: cases the user may see with their defendants and open deadlines prefetched, in a fixed number
    of queries whatever the number of cases or deadlines."""
    return case_list_for(user=user).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("agency")),
        _open_deadlines(user),
    )


def case_row_next_deadline(case: Case) -> Deadline | None:
    """The first of the prefetched open deadlines (case_rows, request_cases)."""
    return case.open_deadlines[0] if getattr(case, "open_deadlines", None) else None


@dataclass
class CaseOverview:
    """Everything the case page shows, in a fixed number of queries."""

    case: Case
    plaintiffs: list[Party]
    defendants: list[Party]
    counsel: list[Counsel]
    requests: list[FoiaRequest]
    deadlines: list[Deadline]
    answer: Deadline | None
    service_warning: ServiceWarning | None

    @property
    def open_deadlines(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.status == DeadlineStatus.OPEN]

    @property
    def next_deadline(self) -> Deadline | None:
        return next((d for d in self.open_deadlines if d.due_date is not None), None)


def case_overview(*, user, case: Case) -> CaseOverview:
    parties = list(case.parties.select_related("agency", "agency__parent"))
    deadlines = list(case_deadlines(user=user, case=case).select_related("responsible", "closed_by"))
    return CaseOverview(
        case=case,
        plaintiffs=[p for p in parties if p.side == PartySide.PLAINTIFF],
        defendants=[p for p in parties if p.side == PartySide.DEFENDANT],
        counsel=list(case.counsel.all()),
        requests=list(case_requests(user=user, case=case)),
        deadlines=deadlines,
        answer=next((d for d in deadlines if d.key == "answer"), None),
        service_warning=case_service_warning(case=case),
    )


def case_requests(*, user, case: Case) -> QuerySet[FoiaRequest]:
    """The requests the case enforces that the user may see (a partner's linked request not shared stays hidden)."""
    return restrict_visible(case.requests.all(), user).select_related("agency", "organization").order_by("pk")


def request_cases(*, user, request: FoiaRequest) -> list[Case]:
    """The cases enforcing a request that the user may see, each with its open deadlines (`open_deadlines`)."""
    return list(
        restrict_visible(Case.objects.filter(requests=request), user)
        .select_related("court")
        .prefetch_related(_open_deadlines(user))
        .order_by("pk")
    )


def linkable_requests(*, user) -> QuerySet[FoiaRequest]:
    """The requests a case may be linked to: those the user may see (linking a draft to a filed case is refused by
    the request's lifecycle: it was never submitted)."""
    return restrict_visible(FoiaRequest.objects.all(), user).select_related("agency").order_by("-pk")


def case_deadlines(*, user, case: Case) -> QuerySet[Deadline]:
    """The case's deadlines the user may see, soonest first."""
    return (
        Deadline.objects.filter(deadline_visible_q(user))
        .filter(subject_type=ContentType.objects.get_for_model(Case), subject_id=case.pk)
        .select_related("court")
        .order_by("due_date", "pk")
    )


def case_next_deadline(*, user, case: Case) -> Deadline | None:
    return case_deadlines(user=user, case=case).filter(status=DeadlineStatus.OPEN, due_date__isnull=False).first()


@dataclass(frozen=True)
class ServiceWarning:
    """Service on the United States (FRCP 4(i)) was made on different days (or is incomplete): the answer runs from
    the U.S. Attorney's date, and a person should check the others."""

    message: str
    dates: dict[str, dt.date | None]


SERVICE_LABELS = {
    "served_us_attorney_on": "U.S. Attorney",
    "served_attorney_general_on": "Attorney General",
    "served_agency_on": "agency",
}


def case_service_warning(*, case: Case) -> ServiceWarning | None:
    """A warning when the three FRCP 4(i) service dates differ, or when some but not all are recorded."""
    dates = case.service_dates
    known = {name: day for name, day in dates.items() if day is not None}
    if not known:
        return None
    shown = "; ".join(
        f"{SERVICE_LABELS[name]} {day.isoformat() if day else 'not recorded'}" for name, day in dates.items()
    )
    if len(known) < len(dates):
        return ServiceWarning(f"Service on the United States is incomplete ({shown}).", dates)
    if len(set(known.values())) > 1:
        return ServiceWarning(
            f"The three service dates differ ({shown}). The answer period runs from service on the U.S. Attorney "
            "(5 U.S.C. § 552(a)(4)(C)); check the others against the proofs of service.",
            dates,
        )
    return None


CLOSED_STATUSES = ("settled", "judgment", "closed")


@dataclass(frozen=True)
class LitigationSummary:
    """The dashboard's litigation figures: open cases (any status but settled, judgment or closed) the user's
    organisations own, and the next court deadline of any case the user may see."""

    open_cases: int
    overdue: int
    next_deadline: Deadline | None


def litigation_summary(*, user, today: dt.date) -> LitigationSummary:
    open_cases = restrict_visible(Case.objects.all(), user, shareable=False).exclude(status__in=CLOSED_STATUSES).count()
    deadlines = Deadline.objects.filter(
        deadline_visible_q(user), subject_type=ContentType.objects.get_for_model(Case), status=DeadlineStatus.OPEN
    )
    upcoming = deadlines.filter(due_date__gte=today).order_by("due_date", "pk").first()
    return LitigationSummary(open_cases, deadlines.filter(due_date__lt=today).count(), upcoming)
