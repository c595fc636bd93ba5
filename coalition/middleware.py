from django.utils.functional import SimpleLazyObject

from .selectors import organization_active_for

SESSION_KEY = "active_organization_id"


class ActiveOrganizationMiddleware:
    """Expose `request.active_organization`: the organisation new objects are created in, chosen by the switcher.

    It is lazy (evaluated after DRF's token authentication has set the user) and falls back to the user's oldest
    organisation, or None for users without one. Being a lazy proxy around that value, it must be tested with
    `if request.active_organization:`, never `is None`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_organization = SimpleLazyObject(
            lambda: organization_active_for(user=request.user, preferred_id=request.session.get(SESSION_KEY))
        )
        return self.get_response(request)
