from django.core.exceptions import PermissionDenied

from coalition.access import can_edit


def require_edit(user, request) -> None:
    """Every FOIA write needs an edit role in the request's organisation (viewers and partners only read)."""
    if not can_edit(user, request):
        raise PermissionDenied("You can view this request but not change it.")
