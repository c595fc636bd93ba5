"""Reminder services (writes). Split by concern: schedule upkeep, the sweep, sending, and user-facing settings."""

from .preferences import (
    deadline_mute_set,
    feed_token_for,
    feed_token_rotate,
    notification_mark_read,
    notifications_mark_all_read,
    reminder_policy_update,
    reminder_preference_update,
    watch_set,
)
from .schedule import (
    reminder_policies_for,
    reminder_schedule_reconcile,
    reminder_schedule_refresh,
    reminder_schedule_refresh_for_organization,
)
from .send import (
    RetryLater,
    reminder_deliveries_send,
    reminder_delivery_send,
    reminder_digest_send,
    reminder_digest_sweep,
)
from .sweep import SweepResult, reminder_requeue_expired, reminder_sweep

__all__ = [
    "RetryLater",
    "SweepResult",
    "deadline_mute_set",
    "feed_token_for",
    "feed_token_rotate",
    "notification_mark_read",
    "notifications_mark_all_read",
    "reminder_deliveries_send",
    "reminder_delivery_send",
    "reminder_digest_send",
    "reminder_digest_sweep",
    "reminder_policies_for",
    "reminder_policy_update",
    "reminder_preference_update",
    "reminder_requeue_expired",
    "reminder_schedule_reconcile",
    "reminder_schedule_refresh",
    "reminder_schedule_refresh_for_organization",
    "reminder_sweep",
    "watch_set",
]
