"""Reads for cross-cutting concerns: service health. (The per-object audit trail, which needs the access rules, is
web.selectors.)"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from .models import Heartbeat
from .services import CELERY_HEARTBEAT

logger = logging.getLogger(__name__)

# Beat sends a heartbeat every 60 s; three missed ones mean the worker or beat is down.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class Health:
    database_ok: bool
    last_heartbeat: datetime | None

    @property
    def worker_ok(self) -> bool:
        return self.last_heartbeat is not None and timezone.now() - self.last_heartbeat < HEARTBEAT_STALE_AFTER


def health_check() -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        seen = Heartbeat.objects.filter(name=CELERY_HEARTBEAT).values_list("seen_at", flat=True).first()
    except Exception:  # any database failure means "not healthy"; details go to the log, not to the caller
        logger.exception("health check: database unavailable")
        return Health(database_ok=False, last_heartbeat=None)
    return Health(database_ok=True, last_heartbeat=seen)
