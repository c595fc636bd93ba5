"""Reads about organisations and memberships, always scoped to the acting user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .access import can_administer, user_access
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
    return qs.order_by("organization__name", "user__username")


def membership_for_admin(*, user, slug: str, membership_id: int) -> Membership:
    """One membership of an organisation the user administers (404 for any other, as if it did not exist)."""
    organization = organization_for_admin(user=user, slug=slug)
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=membership_id, organization=organization)
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    return membership


def organization_for_admin(*, user, slug: str) -> Organization:
    """The organisation `slug` for one of its admins: 404 if the user is not a member (as if it did not exist),
    403 if they are a member without the admin role."""
    organization = Organization.objects.filter(slug=slug, pk__in=list(user_access(user).org_ids)).first()
    if organization is None:
        raise Http404("No such organisation.")
    if not can_administer(user, organization):
        raise PermissionDenied("Only the organisation's admins manage its members.")
    return organization
