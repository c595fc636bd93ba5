"""Court-ordered production schedules ("process 500 pages a month, first production by X") and the Vaughn index.

A schedule is an access child of its case (`access_parent = "case"`). The productions counted against it are
`documents.Production` rows (their nullable `schedule`): litigation never reads them (the layers put documents above
litigation); documents passes their counts in (litigation.services_schedule, litigation.production_math).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.history import HistoricalRecords
from core.versioning import Versioned
from foia.exemptions import EXEMPTION_CODES, exemption_labels

from . import production_math
from .models import Case


class ProductionPeriod(models.TextChoices):
    MONTHLY = production_math.MONTHLY, "Monthly (the same day each month)"
    DAYS = production_math.DAYS, "Every N days"


class ProductionSchedule(Versioned):
    """An order's production terms: pages per period, the first due date, and an end (a date or a total), or none
    (open-ended). Each period's due date is a court-ordered deadline of the case (key `production-<pk>-<n>`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="production_schedules", help_text="The case.")
    title = models.CharField(
        max_length=120, default="Production", help_text="What the order calls it, e.g. 'ICE production'."
    )
    order = models.ForeignKey(
        "DocketEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The docket entry of the order that set the schedule.",
    )
    pages_per_period = models.PositiveIntegerField(help_text="Pages the agency must process each period.")
    period = models.CharField(
        max_length=8, choices=ProductionPeriod.choices, default=ProductionPeriod.MONTHLY, help_text="How often."
    )
    every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The period in days, for an 'every N days' schedule."
    )
    first_due = models.DateField(help_text="The first production's due date.")
    ends_on = models.DateField(null=True, blank=True, help_text="No production is due after this date (optional).")
    total_pages = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pages the agency expects to process in all (optional)."
    )
    ended_on = models.DateField(null=True, blank=True, editable=False, help_text="When the court ended it.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["first_due", "pk"]

    def __str__(self) -> str:
        every = "a month" if self.period == ProductionPeriod.MONTHLY else f"every {self.every_days} days"
        return f"{self.title}: {self.pages_per_period} pages {every}"

    @property
    def terms(self) -> production_math.Terms:
        return production_math.Terms(
            pages_per_period=self.pages_per_period,
            first_due=self.first_due,
            period=self.period,
            every_days=self.every_days,
            ends_on=self.ends_on,
            total_pages=self.total_pages,
        )

    @property
    def open_ended(self) -> bool:
        return self.ends_on is None and self.total_pages is None

    @property
    def active(self) -> bool:
        return self.ended_on is None

    def deadline_key(self, n: int) -> str:
        return f"production-{self.pk}-{n}"

    @property
    def key_prefix(self) -> str:
        return f"production-{self.pk}-"


def validate_exemptions(value) -> None:
    if not isinstance(value, list) or not value or any(code not in EXEMPTION_CODES for code in value):
        raise ValidationError("Claim at least one exemption, as codes such as b6 or b7C.")


class ChallengeStatus(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", "Not reviewed"
    ACCEPTED = "accepted", "Accepted"
    CHALLENGED = "challenged", "Challenged"
    WITHDRAWN = "withdrawn", "Withdrawn / conceded"
    RULED_FOR_US = "ruled_for_us", "Ruled for us"
    RULED_AGAINST = "ruled_against", "Ruled against us"


class VaughnEntry(Versioned):
    """One row of the agency's Vaughn index: the record withheld, its pages, the exemptions claimed, the agency's
    justification, and where our challenge stands. Our reasoning about it is a case note on the entry (privileged
    when it is work product: CaseNote.privileged_roles)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="vaughn_entries", help_text="The case.")
    number = models.PositiveIntegerField(help_text="The entry's number in the index, unique in the case.")
    description = models.CharField(max_length=500, help_text="The record as the index describes it.")
    bates = models.CharField(max_length=120, blank=True, help_text="Its Bates range or page references.")
    pages = models.PositiveIntegerField(null=True, blank=True, help_text="Pages withheld in full or in part.")
    exemptions = models.JSONField(
        default=list, validators=[validate_exemptions], help_text='Exemptions claimed, as codes: ["b6", "b7C"].'
    )
    justification = models.TextField(blank=True, help_text="The agency's justification, as the index states it.")
    challenge_status = models.CharField(
        max_length=16,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.NOT_REVIEWED,
        help_text="Where our challenge to the withholding stands.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "Vaughn entries"
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="vaughn_entry_unique_number_per_case")]

    def __str__(self) -> str:
        return f"Vaughn no. {self.number}: {self.description[:60]}"

    @property
    def exemption_labels(self) -> list[str]:
        return exemption_labels(self.exemptions)
