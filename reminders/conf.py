"""Reminder settings (from config/settings.py, which reads them from the environment)."""

from django.conf import settings


def lease_seconds() -> int:
    """How long a claimed send may stay unfinished before a sweep re-enqueues it. Longer than the task time limit,
    so a send still running (not yet killed by the limit) is never sent a second time in parallel."""
    return int(getattr(settings, "REMINDER_LEASE_SECONDS", settings.CELERY_TASK_TIME_LIMIT + 60))


def max_attempts() -> int:
    return int(getattr(settings, "REMINDER_MAX_ATTEMPTS", 6))


def retry_delay(attempt: int) -> int:
    """Exponential back-off: base, 2x base, 4x base... capped below the Redis visibility timeout."""
    base = int(getattr(settings, "REMINDER_RETRY_BASE_SECONDS", 60))
    return min(base * 2 ** max(0, attempt - 1), 1800)


def sweep_batch_size() -> int:
    return int(getattr(settings, "REMINDER_SWEEP_BATCH", 1000))


def sweep_time_budget() -> float:
    """Seconds one sweep keeps claiming batches; the rest waits for the next sweep (well under the soft limit)."""
    return float(getattr(settings, "REMINDER_SWEEP_BUDGET_SECONDS", 120))


def send_batch_size() -> int:
    """Email reminders per send task (one broker message, one mail connection); each is still claimed on its own."""
    return int(getattr(settings, "REMINDER_SEND_BATCH", 50))
