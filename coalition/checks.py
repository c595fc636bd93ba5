"""Deployment checks (`manage.py check --deploy`) for what the sign-in throttle relies on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


def _redis_database(url: str) -> tuple[str, int, str] | None:
    """(host, port, database number) of a redis:// URL; a missing port is 6379 and a missing database is 0."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        return None
    return parts.hostname, parts.port or 6379, parts.path.strip("/") or "0"


@register(Tags.caches, deploy=True)
def cache_apart_from_broker(app_configs, **kwargs):
    """The cache must not share Celery's Redis database: `cache.clear()` empties the whole database, queue included."""
    cache = _redis_database(str(settings.CACHES.get("default", {}).get("LOCATION") or ""))
    broker = _redis_database(str(getattr(settings, "CELERY_BROKER_URL", "")))
    if cache is not None and cache == broker:
        return [
            Warning(
                "The cache uses the same Redis database as the Celery broker.",
                hint="Set CACHE_URL to another Redis database, e.g. redis://host:6379/1.",
                id="coalition.W001",
            )
        ]
    return []
