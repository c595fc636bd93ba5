"""Access for reminders, on top of `deadlines.selectors.deadline_visible_q` (coalition rules, and privileged
deadlines never reach coalition partners)."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from coalition.access import can_view, user_access

from ..models import Deadline
from ..selectors import deadline_visible_q


def visible_deadline_ids(user) -> QuerySet:
    """A subquery of the pks of deadlines the user may see (for rows that point at a deadline)."""
    return Deadline.objects.filter(deadline_visible_q(user)).values("pk")


def points_at_visible_deadline_q(user, *, field: str = "deadline") -> Q:
    return Q(**{f"{field}_id__in": visible_deadline_ids(user)})


def can_view_deadline(user, deadline) -> bool:
    if not can_view(user, deadline):
        return False
    return not deadline.privileged or deadline.organization_id in user_access(user).org_ids


def can_view_object(user, obj: Model) -> bool:
    """Any tracked object (request, case, deadline) the user may see."""
    if isinstance(obj, Deadline):
        return can_view_deadline(user, obj)
    if not hasattr(obj, "organization_id") and not hasattr(obj, "access_owner"):
        return False  # not an organisation-owned object: nothing to follow
    return can_view(user, obj)
