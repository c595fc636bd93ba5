"""Shared reference data every organisation uses: federal agencies with their FOIA components, and courts.

Not organisation-owned, and public to every signed-in user (`access_public`, honoured by coalition.access.can_view).
The tables keep the names they had when agencies lived in `foia` and courts in `litigation`, so moving the models
here moved no data.
"""

from django.db import models

from core.history import HistoricalRecords


class CountUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days"
    CALENDAR_DAYS = "calendar_days", "Calendar days"


class Agency(models.Model):
    """A federal agency or one of its FOIA components (ICE is a component of DHS)."""

    access_public = True  # reference data: anyone signed in may read it and its history

    slug = models.SlugField(
        max_length=40, unique=True, help_text="Stable short id used in URLs and filters, e.g. 'ice'."
    )
    name = models.CharField(max_length=200, help_text="Full name, e.g. 'U.S. Immigration and Customs Enforcement'.")
    abbreviation = models.CharField(max_length=40, help_text="Short name shown in lists, e.g. 'ICE'.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        help_text="The agency this is a FOIA component of (DHS for ICE); empty for a department or independent agency.",
    )
    foia_address = models.TextField(blank=True, help_text="Postal address for FOIA requests and appeals.")
    foia_email = models.EmailField(blank=True, help_text="FOIA office email address, if the agency publishes one.")
    foia_portal_url = models.URLField(blank=True, help_text="Online portal where requests are submitted.")
    appeal_window_days = models.PositiveSmallIntegerField(
        default=90, help_text="How long after an adverse determination an administrative appeal may be filed."
    )
    appeal_window_unit = models.CharField(
        max_length=16,
        choices=CountUnit.choices,
        default=CountUnit.CALENDAR_DAYS,
        help_text="Whether the appeal window counts working or calendar days (DHS: 90 working days).",
    )
    appeal_window_citation = models.CharField(
        max_length=200,
        default="5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)",
        help_text="The regulation or statute the appeal window comes from, shown in computation steps.",
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", help_text="IANA time zone the agency's reminders go out in."
    )
    history = HistoricalRecords(table_name="foia_historicalagency")

    class Meta:
        db_table = "foia_agency"
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.abbreviation or self.name


class Court(models.Model):
    """A federal court, keyed by its PACER / CourtListener id."""

    access_public = True  # reference data: anyone signed in may read it and its history

    slug = models.SlugField(
        max_length=40,
        unique=True,
        help_text="The court's PACER / CourtListener id, e.g. 'dcd' (D.D.C.), 'cand' (N.D. Cal.), 'nysd' (S.D.N.Y.).",
    )
    name = models.CharField(
        max_length=200, help_text="Full name, e.g. 'U.S. District Court for the District of Columbia'."
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", help_text="IANA time zone the court's deadlines fall in."
    )
    history = HistoricalRecords(table_name="litigation_historicalcourt")

    class Meta:
        db_table = "litigation_court"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
