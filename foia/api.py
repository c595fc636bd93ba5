"""/api/v1/foia/...: requests, events, communications, attachments, appeals and tracking numbers.

Same rules as the pages: lists hold only what the caller may see, another organisation's object is 404, objects the
caller can see but not edit are 403 to change, and every write goes through `foia.services`.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coalition.access import can_create_in, can_edit
from core.api import DepthLimitedJSONParser
from core.etags import VersionedViewSetMixin

from . import selectors, services
from .filters import (
    AppealFilter,
    AttachmentFilter,
    CommunicationFilter,
    FoiaRequestFilter,
    RequestEventFilter,
    TrackingNumberFilter,
)
from .serializers import (
    AppealSerializer,
    AttachmentSerializer,
    CommunicationSerializer,
    FoiaRequestSerializer,
    RequestEventSerializer,
    TrackingNumberSerializer,
)
from .views.common import attachment_response


class CanEdit(permissions.BasePermission):
    """Reading needs visibility (the queryset); changing needs an edit role in the owning organisation."""

    message = "You can view this but not change it."

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_edit(request.user, obj)


class _ChildViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read and create objects that belong to a request; creating one needs an edit role on that request."""

    permission_classes = [permissions.IsAuthenticated, CanEdit]

    def perform_create(self, serializer):
        parent = serializer.validated_data.get("request") or serializer.validated_data["communication"].request
        if not can_edit(self.request.user, parent):
            raise PermissionDenied("You can view this request but not change it.")
        serializer.save()


class FoiaRequestViewSet(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FoiaRequestSerializer
    permission_classes = [permissions.IsAuthenticated, CanEdit]
    filterset_class = FoiaRequestFilter
    ordering_fields = ["updated_at", "submitted_on", "received_on", "subject", "status"]  # by deadline: ?sort=due

    def get_queryset(self):
        return selectors.foia_request_list(user=self.request.user, today=timezone.localdate())

    def perform_create(self, serializer):
        org = self.request.active_organization
        if not org or not can_create_in(self.request.user, org):
            raise PermissionDenied("You cannot create requests in your active organisation.")
        serializer.save()

    def perform_destroy(self, instance):
        services.foia_request_delete(request=instance, user=self.request.user)


class RequestEventViewSet(mixins.DestroyModelMixin, _ChildViewSet):
    """Lifecycle events. Creating one may be refused (400) with the reason; deleting one recomputes the request."""

    serializer_class = RequestEventSerializer
    filterset_class = RequestEventFilter
    ordering_fields = ["date", "sequence"]

    def get_queryset(self):
        return selectors.events_visible(user=self.request.user).order_by("request", "date", "sequence")

    def perform_destroy(self, instance):
        services.request_event_delete(event=instance, user=self.request.user)


class CommunicationViewSet(VersionedViewSetMixin, _ChildViewSet):
    """Communications; POST as multipart with `files` (several) and `implied_events` (a JSON list) to log a
    letter, its attachments and the events it implies in one transaction."""

    serializer_class = CommunicationSerializer
    parser_classes = [DepthLimitedJSONParser, MultiPartParser]  # documented as both (core/schema.py)
    filterset_class = CommunicationFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.communications_visible(user=self.request.user).order_by("-date", "-pk")


class AttachmentViewSet(_ChildViewSet):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_class = AttachmentFilter

    def get_queryset(self):
        return selectors.attachments_visible(user=self.request.user).order_by("pk")

    @extend_schema(
        responses={
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, sent as a download with the content type it was stored with"
            )
        }
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        return attachment_response(self.get_object())


class AppealViewSet(VersionedViewSetMixin, _ChildViewSet):
    """Appeals. POST files one (the "appeal filed" event, its deadline and an optional appeal tracking number)."""

    serializer_class = AppealSerializer
    filterset_class = AppealFilter

    def get_queryset(self):
        return selectors.appeals_visible(user=self.request.user).prefetch_related("tracking_numbers")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.get_serializer(serializer.instance).data, status=status.HTTP_201_CREATED)


class TrackingNumberViewSet(VersionedViewSetMixin, _ChildViewSet):
    serializer_class = TrackingNumberSerializer
    filterset_class = TrackingNumberFilter

    def get_queryset(self):
        return selectors.tracking_numbers_visible(user=self.request.user).order_by("pk")
