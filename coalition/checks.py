"""Deployment checks (`manage.py check --deploy`) for what the sign-in throttle relies on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_apart_from_broker(app_configs, **kwargs):
    """The cache must not share Celery's Redis database: `cache.clear()` empties the whole database, queue included."""
    location = settings.CACHES.get("default", {}).get("LOCATION")
    broker = getattr(settings, "CELERY_BROKER_URL", "")
    if location and broker and location.rstrip("/") == broker.rstrip("/"):
        return [
            Warning(
                "The cache uses the same Redis database as the Celery broker.",
                hint="Set CACHE_URL to another Redis database, e.g. redis://host:6379/1.",
                id="coalition.W001",
            )
        ]
    return []
