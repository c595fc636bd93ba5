from rest_framework import viewsets

from .selectors import membership_list_for, organization_list_for
from .serializers import MembershipSerializer, OrganizationSerializer


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return organization_list_for(user=self.request.user)


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MembershipSerializer
    filterset_fields = ["organization", "role"]

    def get_queryset(self):
        return membership_list_for(user=self.request.user)
