from django.conf import settings

from .access import can_create_in, user_access
from .selectors import organization_list_for


def organization_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"app_version": settings.APP_VERSION}
    access = user_access(user)
    active = getattr(request, "active_organization", None)  # absent if a middleware before ours failed
    return {
        "app_version": settings.APP_VERSION,
        "active_organization": active,
        "active_role": access.role_in(active.pk) if active else None,
        # Whether creation links (new request, ...) are shown: viewers would only get a 403 behind them.
        "can_create_in_active": bool(active) and can_create_in(user, active),
        "has_several_organizations": len(access.roles) > 1,
        "user_organizations": organization_list_for(user=user) if len(access.roles) > 1 else (),
    }
