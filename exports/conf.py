"""The exports app's limits, from settings (config/settings.py reads them from the environment)."""

from django.conf import settings


def stream_max_rows() -> int:
    """A page export with more rows than this runs as a background job instead of streaming straight back."""
    return getattr(settings, "EXPORTS_STREAM_MAX_ROWS", 5000)


def job_ttl_hours() -> int:
    """How long a finished export's file is kept."""
    return getattr(settings, "EXPORTS_JOB_TTL_HOURS", 72)
