"""Reads about organisations and memberships, always scoped to the acting user."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import user_access
from .models import Membership, Organization


def organization_list_for(*, user) -> QuerySet[Organization]:
    """Organisations the user belongs to."""
    return Organization.objects.filter(pk__in=list(user_access(user).org_ids)).order_by("name")


def organization_active_for(*, user, preferred_id: int | None) -> Organization | None:
    access = user_access(user)
    if not access.roles:
        return None
    org_id = preferred_id if preferred_id in access.roles else min(access.roles)
    return Organization.objects.filter(pk=org_id).first()


def membership_list_for(*, user, organization_id: int | None = None) -> QuerySet[Membership]:
    """Memberships of the organisations the user belongs to (members see their colleagues)."""
    qs = Membership.objects.filter(organization_id__in=list(user_access(user).org_ids)).select_related(
        "user", "organization"
    )
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    return qs
