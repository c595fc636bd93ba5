"""Admin for reminders: policies and preferences are editable; the ledger (deliveries, digests, schedule) is read-only
evidence of what was sent, when, and why not."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DeadlineMute,
    FeedToken,
    Notification,
    ReminderDelivery,
    ReminderDigest,
    ReminderPolicy,
    ReminderPreference,
    ReminderSchedule,
    Watch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "foia_days_before", "court_days_before", "send_hour", "updated_at"]
    search_fields = ["organization__name"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "email_mode", "digest_hour"]
    list_filter = ["email_mode"]
    search_fields = ["user__username", "user__email"]


@admin.register(Watch)
class WatchAdmin(SimpleHistoryAdmin):
    list_display = ["user", "subject_type", "subject_id", "created_at"]
    search_fields = ["user__username"]


@admin.register(DeadlineMute)
class DeadlineMuteAdmin(SimpleHistoryAdmin):
    list_display = ["user", "deadline", "created_at"]
    raw_id_fields = ["deadline"]
    search_fields = ["user__username"]


@admin.register(FeedToken)
class FeedTokenAdmin(SimpleHistoryAdmin):
    list_display = ["user", "scope", "organization", "created_at", "rotated_at"]
    exclude = ["token"]  # secrets stay out of the admin; users rotate their own


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "step", "fire_at", "last_step", "computed_at"]
    raw_id_fields = ["deadline"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "step", "recipient", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel", "escalation"]
    search_fields = ["recipient__username", "step", "last_error"]
    raw_id_fields = ["deadline", "recipient", "digest"]


@admin.register(ReminderDigest)
class ReminderDigestAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "day", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "title", "step", "created_at", "read_at"]
    search_fields = ["recipient__username", "title"]
    raw_id_fields = ["recipient", "deadline"]
