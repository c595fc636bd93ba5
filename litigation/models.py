"""Courts (cases, parties, docket entries and orders grow here; see DESIGN.md)."""

from django.db import models
from simple_history.models import HistoricalRecords


class Court(models.Model):
    slug = models.SlugField(max_length=40, unique=True)  # e.g. "dcd" for the District of Columbia
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="America/New_York")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
