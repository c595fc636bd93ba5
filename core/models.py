"""Operational state shared by every process (web, workers, beat)."""

from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task that beat sends every minute (see `/healthz`).

    Not history-tracked: it changes every minute and records no one's work.
    """

    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
