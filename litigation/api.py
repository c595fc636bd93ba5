"""/api/v1/litigation/cases/: list (the page's filters), read, create, update (ETag / If-Match), and linking requests.

Same rules as the pages: lists hold only what the caller may see, another organisation's case is 404, a case the
caller can see but not edit is 403 to change, and every write goes through `litigation.services`.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from coalition.access import can_create_in
from core.etags import VersionedViewSetMixin
from foia.api import CanEdit

from . import selectors, services
from .filters import CaseFilter
from .serializers import CaseSerializer, LinkResultSerializer, RequestLinkSerializer


class CaseViewSet(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """FOIA lawsuits: parties and counsel nested (read-only), the linked requests' ids the caller may see, open court
    deadlines. Service dates are written like any field and derive the answer deadline."""

    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, CanEdit]
    filterset_class = CaseFilter
    ordering_fields = ["updated_at", "filed_on", "caption", "status"]

    def get_queryset(self):
        return selectors.case_rows(user=self.request.user).prefetch_related("counsel")

    def get_serializer_class(self):
        return RequestLinkSerializer if self.action in ("link", "unlink") else CaseSerializer

    def perform_create(self, serializer):
        org = self.request.active_organization
        if not org or not can_create_in(self.request.user, org):
            raise PermissionDenied("You cannot create cases in your active organisation.")
        serializer.save()

    def _link(self, request, service):
        case = self.get_object()  # 404 if not visible, 403 if not editable (CanEdit)
        serializer = RequestLinkSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        changed = service(actor=request.user, case=case, request=serializer.validated_data["request"])
        return Response(
            {
                "changed": changed,
                "requests": CaseSerializer(case, context=self.get_serializer_context()).data["requests"],
            }
        )

    @extend_schema(
        request=RequestLinkSerializer,
        responses={200: LinkResultSerializer},
        summary="Link a FOIA request (records its “In litigation” event once the complaint is filed)",
    )
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        return self._link(request, services.case_request_link)

    @extend_schema(
        request=RequestLinkSerializer,
        responses={200: LinkResultSerializer},
        summary="Unlink a FOIA request (its “In litigation” event stays)",
    )
    @action(detail=True, methods=["post"])
    def unlink(self, request, pk=None):
        return self._link(request, services.case_request_unlink)
