from datetime import date

from django import template
from django.utils import timezone

from coalition.people import person_name
from deadlines.models import DeadlineStatus

register = template.Library()


@register.filter
def deadline_class(deadline, today: date | None = None) -> str:
    """CSS badge class of a deadline: its closed status, or overdue / soon for open ones."""
    today = today or timezone.localdate()
    if deadline.status != DeadlineStatus.OPEN:
        return deadline.status
    if deadline.due_date is None:
        return "paused"
    if deadline.due_date < today:
        return "overdue"
    return "soon" if (deadline.due_date - today).days <= 7 else "open"


@register.filter
def days_from(day: date | None, today: date | None = None) -> str:
    if day is None:
        return ""
    delta = (day - (today or timezone.localdate())).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} ago"


register.filter("person", person_name)  # one naming rule for pages, dropdowns and filters (coalition.people)
