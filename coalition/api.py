from collections.abc import Mapping

import django_filters
from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings

from core.etags import VersionedViewSetMixin

from . import login_throttle
from .models import Membership, Role
from .selectors import membership_list_for, organization_list_for
from .serializers import MembershipSerializer, OrganizationSerializer


def _organizations_of_caller(request):
    # Filter choices are the caller's organisations only: asking for another organisation's slug is rejected exactly
    # like a slug that does not exist, so the filter cannot reveal which organisations exist.
    return organization_list_for(user=request.user) if request else organization_list_for(user=None)


class MembershipFilter(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations_of_caller, to_field_name="slug", help_text="Organisation slug."
    )
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["organization", "role"]


class OrganizationViewSet(VersionedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations the caller belongs to."""

    serializer_class = OrganizationSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["name", "slug"]

    def get_queryset(self):
        return organization_list_for(user=self.request.user)


class MembershipViewSet(VersionedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Members of the caller's organisations, with their roles."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["role", "created_at"]

    def get_queryset(self):
        return membership_list_for(user=self.request.user)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST username and password for an API token. While sign-in is paused for the account or the address, answers
    429 with `Retry-After` (the backend would refuse the password anyway)."""

    # ObtainAuthToken lists DRF's own parsers; the project's JSON parser refuses hostile nesting (no login needed here).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    extra_error_statuses = (429,)  # for the schema (core/schema.py)

    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if isinstance(request.data, Mapping) else None
        wait = login_throttle.retry_after(username, login_throttle.client_address(request))
        if wait:
            raise Throttled(wait=wait, detail=login_throttle.paused_message(wait))
        return super().post(request, *args, **kwargs)
