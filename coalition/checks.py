"""Deployment checks (`manage.py check --deploy`) for what the sign-in throttle and the workers rely on.

Without REDIS_URL the broker is a folder on one host (several workers on several hosts would not share it); without
CACHE_URL the sign-in counters live in each web process's memory, so every process allows its own five guesses. Both
are errors in production (DEBUG off), so `check --deploy` fails rather than passing a setup the README calls broken.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _redis_database(url: str) -> tuple[str, int, str] | None:
    """(host, port, database number) of a redis:// URL; a missing port is 6379 and a missing database is 0."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        return None
    return parts.hostname, parts.port or 6379, parts.path.strip("/") or "0"


@register(Tags.caches, deploy=True)
def production_services_configured(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if not settings.REDIS_URL:
        errors.append(
            Error(
                "REDIS_URL is not set: Celery would use the embedded filesystem broker, which workers on other hosts "
                "cannot share.",
                hint="Set REDIS_URL to the broker's Redis database, e.g. redis://host:6379/0.",
                id="coalition.E001",
            )
        )
    if not settings.CACHE_URL:
        errors.append(
            Error(
                "CACHE_URL is not set: the sign-in throttle's counters would not be shared by all web processes.",
                hint="Set CACHE_URL to a Redis database other than the broker's, e.g. redis://host:6379/1.",
                id="coalition.E002",
            )
        )
    return errors


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
