"""Reminders of deadlines: schedule, sweep, delivery, digests, notifications and calendar feeds (issue 5)."""
