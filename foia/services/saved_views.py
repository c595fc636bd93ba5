"""A person's saved views of the request list (`SavedView`): the filters they use, kept under a name."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict

from ..filters import FoiaRequestFilter
from ..models import FoiaRequest, SavedView

MAX_VIEWS = 30
_IGNORED = ("page",)  # a view is filters and sort, never a page of them


def saved_view_query_clean(*, user, query: str) -> str:
    """The querystring as it will be saved: only the request filters' own parameters, without the page, refused with
    the filters' own errors when one is not valid (e.g. an unknown status, another organisation's tag)."""
    params = QueryDict(query.lstrip("?"), mutable=True)
    filterset = FoiaRequestFilter(params, queryset=FoiaRequest.objects.none(), user=user)
    names = set(filterset.form.fields)
    kept = QueryDict(mutable=True)
    for name in params:
        # A date range's fields are named after its filter (submitted_after / submitted_before).
        if (name in names or name.rsplit("_", 1)[0] in names) and name not in _IGNORED:
            kept.setlist(name, [v for v in params.getlist(name) if v != ""])
    if not filterset.is_valid():
        raise ValidationError(
            [
                f"{filterset.form.fields[name].label if name in filterset.form.fields else name}: {message}"
                for name, messages in filterset.form.errors.items()
                for message in messages
            ],
            code="invalid_filter",
        )
    return kept.urlencode()


def saved_view_create(*, user, name: str, query: str) -> SavedView:
    """Save the request list's current filters under `name` for `user` (and only them)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to save a view.")
    name = " ".join(name.split())[:80]
    if not name:
        raise ValidationError({"name": "Give the view a name."})
    cleaned = saved_view_query_clean(user=user, query=query)
    if len(cleaned) > SavedView._meta.get_field("query").max_length:
        raise ValidationError({"query": "These filters are too long to save."})
    if SavedView.objects.filter(user=user).count() >= MAX_VIEWS:
        raise ValidationError({"name": f"You can keep {MAX_VIEWS} saved views: delete one first."})
    try:
        with transaction.atomic():
            return SavedView.objects.create(user=user, name=name, query=cleaned)
    except IntegrityError:
        raise ValidationError({"name": f"You already have a view named “{name}”."}) from None


def saved_view_delete(*, user, view: SavedView) -> None:
    """Delete one of the user's own views (another user's view is refused like a missing one by the selector)."""
    if view.user_id != user.pk:
        raise PermissionDenied("Not your view.")
    view.delete()
