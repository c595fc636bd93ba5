"""API: the notification inbox, organisation reminder policies and calendar feed tokens (`/api/v1/`)."""

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from coalition.access import can_administer
from core.etags import VersionedViewSetMixin
from deadlines.models import Deadline

from . import selectors, services
from .models import FeedToken, Notification, ReminderPolicy
from .serializers import (
    FeedTokenCreateSerializer,
    FeedTokenSerializer,
    NotificationSerializer,
    ReminderPolicySerializer,
)


def _visible_deadlines(request):
    return selectors.deadlines_visible(user=request.user) if request is not None else Deadline.objects.none()


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="Unread only")
    # Among the deadlines the caller may see: another organisation's id answers 400 like a missing one.
    deadline = django_filters.ModelChoiceFilter(queryset=_visible_deadlines, label="Deadline")

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


class _PolicyLookup(viewsets.GenericViewSet):
    """Policies are looked up through the selector, not a queryset: an organisation without a saved policy reads as
    the defaults (unsaved, version 0), and the first update saves it. Below VersionedViewSetMixin in the MRO, so
    If-Match and ETags apply to what this returns."""

    def get_object(self):
        slug = self.kwargs[self.lookup_url_kwarg]
        policy = next(
            (p for p in selectors.reminder_policies_for(user=self.request.user) if p.organization.slug == slug), None
        )
        if policy is None:
            raise NotFound("No such organisation.")
        self.check_object_permissions(self.request, policy)
        return policy


class ReminderPolicyViewSet(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    _PolicyLookup,
):
    """Reminder policy of each organisation the caller belongs to (by organisation slug). Admins edit it; other
    members read it (403 on write); other organisations answer 404."""

    serializer_class = ReminderPolicySerializer
    lookup_field = "organization__slug"
    lookup_url_kwarg = "organization"
    filterset_fields: list[str] = []

    queryset = ReminderPolicy.objects.none()  # for the schema; reads go through the selector

    def list(self, request, *args, **kwargs):
        policies = selectors.reminder_policies_for(user=request.user)  # reading writes nothing
        page = self.paginate_queryset(policies)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_update(self, serializer):
        policy = serializer.instance
        if not can_administer(self.request.user, policy.organization_id):
            raise PermissionDenied("Only the organisation's admins change its reminder policy.")
        serializer.instance = services.reminder_policy_update(
            user=self.request.user, organization=policy.organization, **serializer.validated_data
        )
        self._etag_object = serializer.instance  # the saved row (the first save creates it)


class FeedTokenViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's calendar feeds (their own deadlines, and one per organisation of theirs): POST creates one (or
    returns the existing one), reading creates nothing; `rotate` replaces the secret."""

    serializer_class = FeedTokenSerializer
    filterset_fields = ["scope"]
    queryset = FeedToken.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return FeedToken.objects.none()
        return selectors.feed_tokens_for(user=user)

    def get_serializer_class(self):
        return FeedTokenCreateSerializer if self.action == "create" else FeedTokenSerializer

    @extend_schema(request=FeedTokenCreateSerializer, responses={201: FeedTokenSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feed = services.feed_token_for(user=request.user, **serializer.validated_data)
        return Response(FeedTokenSerializer(feed, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses=FeedTokenSerializer)  # 404 for another's feed: core/schema.py
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        feed = services.feed_token_rotate(user=request.user, feed=self.get_object())
        return Response(self.get_serializer(feed).data, status=status.HTTP_200_OK)
