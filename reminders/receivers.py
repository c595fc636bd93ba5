"""Keep reminder schedules in step with deadlines as the deadline services change them."""

import logging

from django.dispatch import receiver

from deadlines.signals import deadlines_changed

from .services import reminder_schedule_refresh

log = logging.getLogger(__name__)


@receiver(deadlines_changed, dispatch_uid="reminders.schedule_refresh")
def on_deadlines_changed(sender, deadline_ids, **kwargs) -> None:
    """Recompute in bulk, synchronously (the signal arrives on commit). A failure must not break the caller's request,
    whose deadlines are already saved: log it; the hourly reconcile recomputes what was missed."""
    try:
        reminder_schedule_refresh(deadline_ids=deadline_ids)
    except Exception:
        log.exception("Reminder schedules not refreshed for %d deadlines; the hourly reconcile will", len(deadline_ids))
