"""API: the notification inbox, organisation reminder policies and calendar feed tokens (`/api/v1/`)."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from coalition.access import can_administer, user_access
from coalition.models import Organization
from core.etags import VersionedViewSetMixin

from . import selectors, services
from .models import FeedScope, FeedToken, Notification, ReminderPolicy
from .serializers import FeedTokenSerializer, NotificationSerializer, ReminderPolicySerializer


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="Unread only")

    class Meta:
        model = Notification
        fields = ["unread", "deadline"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications; anyone else's answer 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.notification_list_for(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(user=request.user, notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("ReadAll", {"marked_read": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": services.notifications_mark_all_read(user=request.user)})


class ReminderPolicyViewSet(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reminder policy of each organisation the caller belongs to (by organisation slug). Admins edit it; other
    members read it (403 on write); other organisations answer 404."""

    serializer_class = ReminderPolicySerializer
    lookup_field = "organization__slug"
    lookup_url_kwarg = "organization"
    filterset_fields: list[str] = []

    def get_queryset(self):
        org_ids = user_access(self.request.user).org_ids
        for org_id in org_ids:  # a policy row per organisation, with the defaults, on first read
            services.reminder_policy_get_or_create(organization=org_id)
        return (
            ReminderPolicy.objects.filter(organization_id__in=list(org_ids))
            .select_related("organization")
            .order_by("organization__name")
        )

    def perform_update(self, serializer):
        policy = serializer.instance
        if not can_administer(self.request.user, policy.organization_id):
            raise PermissionDenied("Only the organisation's admins change its reminder policy.")
        organization = get_object_or_404(Organization, pk=policy.organization_id)
        serializer.instance = services.reminder_policy_update(
            user=self.request.user, organization=organization, **serializer.validated_data
        )


class FeedTokenViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's calendar feeds (their own deadlines, and one per organisation); `rotate` replaces the secret."""

    serializer_class = FeedTokenSerializer
    filterset_fields = ["scope"]
    queryset = FeedToken.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return FeedToken.objects.none()
        services.feed_token_for(user=user, scope=FeedScope.USER)
        for org in Organization.objects.filter(pk__in=list(user_access(user).org_ids)):
            services.feed_token_for(user=user, scope=FeedScope.ORGANIZATION, organization=org)
        return selectors.feed_tokens_for(user=user)

    @extend_schema(request=None, responses=FeedTokenSerializer)  # 404 for another's feed: core/schema.py
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        feed = services.feed_token_rotate(user=request.user, feed=self.get_object())
        return Response(self.get_serializer(feed).data, status=status.HTTP_200_OK)
