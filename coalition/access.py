"""The access rules every query goes through.

A user sees an object when they belong to its organisation, or when it is shared with a coalition their organisation
belongs to (read-only). Members with the admin, attorney or staff role edit their organisation's objects; viewers never
edit; admins administer the organisation. Anything outside these rules answers 404, exactly like a missing object, so
nobody learns another organisation's objects exist. Privileged objects (a true `privileged` field) never reach partners,
even when shared.

Which organisation owns an object: its `organization` (organisation-owned models), what its `access_owner()` method
returns (child objects, e.g. a tracking number -> its request), or itself for an `Organization`. A model without an
owner is invisible unless it declares `access_public = True` (shared directories such as agencies and courts, which any
signed-in user may read). Coalitions are visible to members of their organisations.

Membership facts are loaded once per user object (two queries) and cached on it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Coalition, Membership, Organization, Role, Sharing

EDIT_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.STAFF})
ADMIN_ROLES = frozenset({Role.ADMIN})
_CACHE_ATTR = "_coalition_access"


@dataclass(frozen=True)
class UserAccess:
    roles: dict[int, str]  # organisation id -> role
    partner_org_ids: frozenset[int]  # organisations sharing a coalition with one of the user's, excluding the user's

    @property
    def org_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def role_in(self, org_id: int | None) -> str | None:
        return self.roles.get(org_id) if org_id is not None else None


def user_access(user) -> UserAccess:
    """Load (once per request's user object) the user's memberships and coalition partners."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        access = UserAccess(roles={}, partner_org_ids=frozenset())
    else:
        roles = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        partners = (
            Organization.objects.filter(coalitions__organizations__in=list(roles))
            .exclude(pk__in=list(roles))
            .values_list("pk", flat=True)
            .distinct()
        )
        access = UserAccess(roles=roles, partner_org_ids=frozenset(partners) if roles else frozenset())
    with contextlib.suppress(AttributeError):  # AnonymousUser instances are fine to recompute
        setattr(user, _CACHE_ATTR, access)
    return access


def access_reset(user) -> None:
    """Forget cached memberships (after they change within one request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible_q(user, *, prefix: str = "", shareable: bool = True, privileged_field: str | None = None) -> Q:
    """Q selecting rows the user may view. `prefix` reaches the owning object (e.g. "request__").

    `privileged_field` names a boolean lookup that, when true, hides a shared row from partners.
    """
    access = user_access(user)
    q = Q(**{f"{prefix}organization_id__in": list(access.org_ids)})
    if shareable and access.partner_org_ids:
        partner = Q(
            **{
                f"{prefix}organization_id__in": list(access.partner_org_ids),
                f"{prefix}sharing": Sharing.COALITION,
            }
        )
        if privileged_field:
            partner &= Q(**{privileged_field: False})
        q |= partner
    return q


def editable_q(user, *, prefix: str = "") -> Q:
    access = user_access(user)
    org_ids = [org for org, role in access.roles.items() if role in EDIT_ROLES]
    return Q(**{f"{prefix}organization_id__in": org_ids})


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def restrict_visible(qs: QuerySet, user, *, prefix: str = "", shareable: bool = True) -> QuerySet:
    privileged = None
    if not prefix:  # the queryset's own model: share only what can be shared, never privileged rows
        shareable = shareable and _has_field(qs.model, "sharing")
        privileged = "privileged" if _has_field(qs.model, "privileged") else None
    return qs.filter(visible_q(user, prefix=prefix, shareable=shareable, privileged_field=privileged))


def restrict_editable(qs: QuerySet, user, *, prefix: str = "") -> QuerySet:
    return qs.filter(editable_q(user, prefix=prefix))


def _owner(obj: Model) -> tuple[int | None, str]:
    """Return (organisation id, sharing) of an object, following `access_owner` for child objects.

    (None, ...) means the object has no owning organisation.
    """
    owner = obj.access_owner() if hasattr(obj, "access_owner") else obj
    if isinstance(owner, Organization):
        return owner.pk, Sharing.ORGANIZATION
    return getattr(owner, "organization_id", None), getattr(owner, "sharing", Sharing.ORGANIZATION)


def can_view(user, obj: Model) -> bool:
    access = user_access(user)
    if isinstance(obj, Coalition):
        return bool(access.roles) and obj.organizations.filter(pk__in=list(access.org_ids)).exists()
    if getattr(type(obj), "access_public", False):
        return bool(getattr(user, "is_authenticated", False) and user.is_active)
    org_id, sharing = _owner(obj)
    if org_id is None:
        return False
    if org_id in access.roles:
        return True
    if getattr(obj, "privileged", False):
        return False
    return sharing == Sharing.COALITION and org_id in access.partner_org_ids


def can_edit(user, obj: Model) -> bool:
    if isinstance(obj, Organization | Coalition):
        return False  # organisations are administered (can_administer), coalitions through the Django admin
    org_id, _ = _owner(obj)
    return org_id is not None and user_access(user).role_in(org_id) in EDIT_ROLES


def can_administer(user, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else organization.pk
    return user_access(user).role_in(org_id) in ADMIN_ROLES


def can_create_in(user, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else organization.pk
    return user_access(user).role_in(org_id) in EDIT_ROLES


def get_visible_or_404(qs: QuerySet, user, *, prefix: str = "", **lookup):
    """Detail lookup through the access rules: invisible and missing objects both answer 404."""
    try:
        return restrict_visible(qs, user, prefix=prefix).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404("No such object.") from None


def get_editable_or_404(qs: QuerySet, user, *, prefix: str = "", **lookup):
    """Edit lookup: an object the user can see but not edit is 403 elsewhere; one they cannot see is 404."""
    obj = get_visible_or_404(qs, user, prefix=prefix, **lookup)
    if not can_edit(user, obj):
        raise PermissionDenied("You can view this but not change it.")
    return obj
