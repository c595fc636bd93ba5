"""Writes for cross-cutting plumbing."""

from __future__ import annotations

from django.utils import timezone

from .models import Heartbeat

CELERY_HEARTBEAT = "celery"


def heartbeat_record(*, name: str = CELERY_HEARTBEAT, hostname: str = "") -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now(), "hostname": hostname[:200]}
    )
    return beat
