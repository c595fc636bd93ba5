"""FOIA agencies and components; requests (models_request.py) and their activity (models_activity.py)."""

from django.db import models
from simple_history.models import HistoricalRecords


class CountUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days"
    CALENDAR_DAYS = "calendar_days", "Calendar days"


class Agency(models.Model):
    """A federal agency or one of its FOIA components (ICE is a component of DHS). Shared directory, not org-owned."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=40)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="components")
    foia_address = models.TextField(blank=True)
    foia_email = models.EmailField(blank=True)
    foia_portal_url = models.URLField(blank=True)
    appeal_window_days = models.PositiveSmallIntegerField(default=90)
    appeal_window_unit = models.CharField(max_length=16, choices=CountUnit.choices, default=CountUnit.CALENDAR_DAYS)
    appeal_window_citation = models.CharField(max_length=200, default="5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.abbreviation or self.name


# Requests and their activity live in their own modules to keep each file readable; Django finds them through here.
from .models_activity import Appeal, Attachment, Communication, RequestEvent  # noqa: E402
from .models_request import FoiaRequest, Tag, TrackingNumber  # noqa: E402

__all__ = [
    "Agency",
    "Appeal",
    "Attachment",
    "Communication",
    "CountUnit",
    "FoiaRequest",
    "RequestEvent",
    "Tag",
    "TrackingNumber",
]
