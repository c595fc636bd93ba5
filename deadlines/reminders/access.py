"""The access rule for deadlines: `coalition.access` plus "privileged deadlines never reach coalition partners"."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from coalition.access import can_view, user_access, visible_q


def deadline_visible_q(user, *, prefix: str = "") -> Q:
    """Q over deadlines (or, with `prefix`, rows pointing at one) that the user may see."""
    q = visible_q(user, prefix=prefix)
    partners = list(user_access(user).partner_org_ids)
    if partners:
        q &= ~Q(**{f"{prefix}privileged": True, f"{prefix}organization_id__in": partners})
    return q


def restrict_visible_deadlines(qs: QuerySet, user, *, prefix: str = "") -> QuerySet:
    return qs.filter(deadline_visible_q(user, prefix=prefix))


def can_view_deadline(user, deadline) -> bool:
    if not can_view(user, deadline):
        return False
    return not deadline.privileged or deadline.organization_id in user_access(user).org_ids


def can_view_object(user, obj: Model) -> bool:
    """Any tracked object (request, case, deadline) the user may see."""
    from ..models import Deadline

    if isinstance(obj, Deadline):
        return can_view_deadline(user, obj)
    if not hasattr(obj, "organization_id") and not hasattr(obj, "access_owner"):
        return False  # not an organisation-owned object: nothing to watch
    return can_view(user, obj)
