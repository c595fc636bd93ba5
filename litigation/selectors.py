"""Litigation reads, always scoped to the acting user (coalition.access): another organisation's case, or a partner's
case not shared with the coalition, answers exactly like a missing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from coalition.access import get_visible_or_404, restrict_visible
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q

from .models import Case


def case_list_for(*, user) -> QuerySet[Case]:
    return restrict_visible(Case.objects.all(), user).select_related("court", "organization")


def case_get(*, user, pk) -> Case:
    """One case the user may see; anything else is a 404."""
    return get_visible_or_404(case_list_for(user=user), user, pk=pk)


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
