"""Access for rows that point at a deadline (notifications, mutes), through `deadlines.selectors.deadline_visible_q`
(the coalition rules; privileged deadlines never reach coalition partners). Objects themselves go through
`coalition.access.can_view`, which applies the same rules."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from deadlines.models import Deadline
from deadlines.selectors import deadline_visible_q


def visible_deadline_ids(user) -> QuerySet:
    """A subquery of the pks of deadlines the user may see (for rows that point at a deadline)."""
    return Deadline.objects.filter(deadline_visible_q(user)).values("pk")


def points_at_visible_deadline_q(user, *, field: str = "deadline") -> Q:
    return Q(**{f"{field}_id__in": visible_deadline_ids(user)})


def is_followable(model_or_obj) -> bool:
    """Only models that declare `followable = True` (a request, a deadline; later a case) can be followed: not any
    content type, and never django-simple-history's historical models, whose old rows would show what an object
    said before it was made private. Checked when someone follows, and again whenever a follow is shown."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return issubclass(model, Model) and model.__dict__.get("followable", False) is True
