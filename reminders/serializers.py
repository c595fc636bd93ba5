from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.access import user_access
from coalition.models import Organization

from .models import FeedScope, FeedToken, Notification, ReminderPolicy, validate_days_before


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "deadline", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, obj) -> bool:
        return obj.read_at is None


class DaysBeforeField(serializers.ListField):
    child = serializers.IntegerField(min_value=0, max_value=365)

    def __init__(self, **kwargs):
        # DRF runs a field's validators on its converted value and turns Django's ValidationError into this
        # field's errors.
        super().__init__(validators=[validate_days_before], **kwargs)

    def to_internal_value(self, data):
        return sorted(super().to_internal_value(data), reverse=True)


class ReminderPolicySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    foia_days_before = DaysBeforeField()
    court_days_before = DaysBeforeField()

    class Meta:
        model = ReminderPolicy
        fields = ["organization", *ReminderPolicy.EDITABLE_FIELDS, "updated_at"]
        read_only_fields = ["organization", "updated_at"]


class FeedTokenSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = FeedToken
        fields = ["id", "scope", "organization", "url", "created_at", "rotated_at"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return settings.SITE_URL + reverse("reminders:feed", args=[obj.token])


@extend_schema_field(OpenApiTypes.STR)
class MemberOrganizationField(serializers.SlugRelatedField):
    """One of the caller's organisations, by slug (any other answers like a missing one)."""

    def get_queryset(self):
        return Organization.objects.filter(pk__in=list(user_access(self.context["request"].user).org_ids))


class FeedTokenCreateSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=FeedScope.choices)
    organization = MemberOrganizationField(
        slug_field="slug", required=False, allow_null=True, help_text="For an organisation feed: one of yours."
    )

    def validate(self, attrs):
        if attrs["scope"] == FeedScope.ORGANIZATION and not attrs.get("organization"):
            raise serializers.ValidationError({"organization": "An organisation feed names one of your organisations."})
        if attrs["scope"] == FeedScope.USER:
            attrs["organization"] = None
        return attrs
