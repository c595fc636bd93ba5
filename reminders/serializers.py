from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from .models import FeedToken, Notification, ReminderPolicy, validate_days_before


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
