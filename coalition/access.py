"""The access rules every query, object check and input goes through.

A user sees an object when they belong to its organisation, or when it is shared with a coalition their organisation
belongs to (read-only). Members with the admin, attorney or staff role edit their organisation's objects; viewers never
edit; admins administer the organisation. Anything outside these rules answers 404, exactly like a missing object, so
nobody learns another organisation's objects exist. Privileged objects (a true `privileged` field) never reach partners,
even when shared, and neither does anything under them: a child of a privileged object is privileged. A model may also
declare `privileged_roles` (attorney work product: `frozenset({Role.ADMIN, Role.ATTORNEY})`): its privileged rows, and
anything under them, are seen only by members of the owning organisation with one of those roles, not by its other
members either.

Which organisation owns an object: its `organization` (organisation-owned models), or, for a child object, its access
parent's: a child model declares the foreign key to its parent ONCE, as `access_parent = "request"` (a tracking
number -> its request; an attachment -> its communication -> its request), or itself for an `Organization`. Both the
queryset rule (`visible_q` / `restrict_visible`) and the object check (`can_view`) are derived from that declaration,
walking the same chain of parents up to the owner, so they cannot disagree, and a `privileged` field anywhere on the
chain hides the row from partners. A model without an owner is invisible unless it declares `access_public = True`
(shared directories such as agencies and courts, which any signed-in user may read). Coalitions are visible to members
of their organisations.

Membership facts are loaded once per user object (two queries) and cached on it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
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


# --- The chain of access parents (the one declaration both rules are derived from) --------------------------------


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class AccessPath:
    """How rows of one model reach their owner: `owner` is the lookup prefix of the owning object ("" for an
    organisation-owned model, "communication__request__" for an attachment), `shareable` whether the owner has a
    `sharing` field, `privileged` the lookups of every `privileged` field on the chain (the row's own included)."""

    owner: str
    shareable: bool
    privileged: tuple[str, ...]
    # (lookup of a `privileged` field, the roles that may see a row where it is true) for each model on the chain
    # declaring `privileged_roles`.
    role_gated: tuple[tuple[str, frozenset[str]], ...] = ()


@cache
def access_path(model: type[Model]) -> AccessPath:
    prefix, privileged, gated, seen = "", [], [], set()
    while True:
        if model in seen:
            raise ValueError(f"access_parent of {model.__name__} loops")
        seen.add(model)
        if _has_field(model, "privileged"):
            privileged.append(f"{prefix}privileged")
            if roles := getattr(model, "privileged_roles", None):
                gated.append((f"{prefix}privileged", frozenset(roles)))
        parent = getattr(model, "access_parent", None)
        if not parent:
            return AccessPath(prefix, _has_field(model, "sharing"), tuple(privileged), tuple(gated))
        model = model._meta.get_field(parent).related_model
        prefix = f"{prefix}{parent}__"


def access_children() -> list[type[Model]]:
    """Every installed model that declares an access parent (the tests walk this, so new children are covered)."""
    return sorted(
        (m for m in apps.get_models() if getattr(m, "access_parent", None)), key=lambda m: m._meta.label_lower
    )


def _model_at(model: type[Model], prefix: str) -> type[Model]:
    for name in filter(None, prefix.split("__")):
        model = model._meta.get_field(name).related_model
    return model


# --- Querysets ------------------------------------------------------------------------------------------------------


def visible_q(user, *, model: type[Model], prefix: str = "", shareable: bool = True) -> Q:
    """Q selecting the `model` rows (reached through `prefix`, e.g. "deadline__" from a notification) the user may
    view: their organisations' rows, and partners' rows shared with the coalition with nothing privileged on the
    way up to the owner. `shareable=False` keeps the user's own organisations only."""
    access = user_access(user)
    path = access_path(model)
    owner = f"{prefix}{path.owner}"
    q = Q(**{f"{owner}organization_id__in": list(access.org_ids)})
    for lookup, roles in path.role_gated:  # privileged work product: only the roles that may see it
        allowed = [org for org, role in access.roles.items() if role in roles]
        q &= Q(**{f"{prefix}{lookup}": False}) | Q(**{f"{owner}organization_id__in": allowed})
    if shareable and path.shareable and access.partner_org_ids:
        partner = Q(
            **{f"{owner}organization_id__in": list(access.partner_org_ids), f"{owner}sharing": Sharing.COALITION}
        )
        for lookup in path.privileged:
            partner &= Q(**{f"{prefix}{lookup}": False})
        q |= partner
    return q


def editable_q(user, *, model: type[Model], prefix: str = "") -> Q:
    access = user_access(user)
    org_ids = [org for org, role in access.roles.items() if role in EDIT_ROLES]
    path = access_path(model)
    owner = f"{prefix}{path.owner}"
    q = Q(**{f"{owner}organization_id__in": org_ids})
    for lookup, roles in path.role_gated:
        allowed = [org for org, role in access.roles.items() if role in roles]
        q &= Q(**{f"{prefix}{lookup}": False}) | Q(**{f"{owner}organization_id__in": allowed})
    return q


def restrict_visible(qs: QuerySet, user, *, prefix: str = "", shareable: bool = True) -> QuerySet:
    """The rows of `qs` the user may see; with `prefix`, the rows whose object at `prefix` the user may see (that
    object's whole chain of parents applies, privileged parents included)."""
    return qs.filter(visible_q(user, model=_model_at(qs.model, prefix), prefix=prefix, shareable=shareable))


def restrict_editable(qs: QuerySet, user, *, prefix: str = "") -> QuerySet:
    return qs.filter(editable_q(user, model=_model_at(qs.model, prefix), prefix=prefix))


# --- Objects --------------------------------------------------------------------------------------------------------


def access_chain(obj: Model) -> list[Model]:
    """The object, then its access parents up to its owner (the same walk as `access_path`, on instances)."""
    chain = [obj]
    while parent := getattr(type(chain[-1]), "access_parent", None):
        chain.append(getattr(chain[-1], parent))
    return chain


def is_privileged(obj: Model) -> bool:
    """True when the object or any of its access parents is privileged (a child of privileged work is privileged)."""
    return any(getattr(link, "privileged", False) for link in access_chain(obj))


def _owner(obj: Model) -> tuple[int | None, str]:
    """Return (organisation id, sharing) of an object, following its access parents.

    (None, ...) means the object has no owning organisation.
    """
    owner = access_chain(obj)[-1]
    if isinstance(owner, Organization):
        return owner.pk, Sharing.ORGANIZATION
    return getattr(owner, "organization_id", None), getattr(owner, "sharing", Sharing.ORGANIZATION)


def access_owner_of(obj: Model) -> tuple[int | None, str, bool]:
    """(organisation id, sharing, privileged) that an object derived from `obj` (e.g. its deadline) must copy."""
    owner = access_chain(obj)[-1]
    org_id = getattr(owner, "organization_id", None)
    if org_id is None and isinstance(owner, Organization):
        org_id = owner.pk
    return org_id, getattr(owner, "sharing", Sharing.ORGANIZATION), is_privileged(obj)


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
        return _role_may_see(access.roles[org_id], obj)
    if is_privileged(obj):
        return False
    return sharing == Sharing.COALITION and org_id in access.partner_org_ids


def _role_may_see(role: str, obj: Model) -> bool:
    """A member's role sees every object of their organisation except privileged work product whose model reserves
    it to other roles (`privileged_roles`), and anything under such an object."""
    for link in access_chain(obj):
        roles = getattr(type(link), "privileged_roles", None)
        if roles and getattr(link, "privileged", False) and role not in roles:
            return False
    return True


def can_edit(user, obj: Model) -> bool:
    if isinstance(obj, Organization | Coalition):
        return False  # organisations are administered (can_administer), coalitions through the Django admin
    org_id, _ = _owner(obj)
    role = user_access(user).role_in(org_id) if org_id is not None else None
    return role in EDIT_ROLES and _role_may_see(role, obj)


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
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such object.") from None


def get_editable_or_404(qs: QuerySet, user, *, prefix: str = "", **lookup):
    """Edit lookup: an object the user can see but not edit is 403 elsewhere; one they cannot see is 404."""
    obj = get_visible_or_404(qs, user, prefix=prefix, **lookup)
    if not can_edit(user, obj):
        raise PermissionDenied("You can view this but not change it.")
    return obj
