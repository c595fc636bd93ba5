"""Litigation: FOIA lawsuits (cases), their parties and counsel, and the requests each case enforces.

Courts live in `directory`. A case is organisation-owned and shared like a request (`OrganizationOwned`); parties
and counsel are children (`access_parent = "case"`), so they are seen exactly when their case is.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from coalition.models import OrganizationOwned
from core.history import HistoricalRecords
from core.versioning import Versioned


class CaseStatus(models.TextChoices):
    PRE_FILING = "pre_filing", "Pre-filing"
    FILED = "filed", "Filed"
    ANSWERED = "answered", "Answered"
    BRIEFING = "briefing", "Briefing"
    STAYED = "stayed", "Stayed"
    SETTLED = "settled", "Settled"
    JUDGMENT = "judgment", "Judgment"
    ON_APPEAL = "on_appeal", "On appeal"
    FEES = "fees", "Fees"
    CLOSED = "closed", "Closed"


class Claim(models.TextChoices):
    """Which answer period applies (deadlines.rules): 30 days for a FOIA complaint, 60 for other claims."""

    FOIA = "foia", "FOIA (answer in 30 days, 5 U.S.C. § 552(a)(4)(C))"
    OTHER = "other", "Other claims against the United States (answer in 60 days, FRCP 12(a)(2))"


class Case(Versioned, OrganizationOwned):
    """A lawsuit, usually to enforce FOIA requests an agency did not answer in time."""

    caption = models.CharField(max_length=300, help_text="The case name, e.g. 'Community Justice Exchange v. DHS'.")
    court = models.ForeignKey(
        "directory.Court",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text="The court the case is in (empty while pre-filing, or when a migrated reference named none).",
    )
    docket_number = models.CharField(
        max_length=40,
        blank=True,
        help_text="The court's civil docket number, office:yy-cv-nnnnn (e.g. 1:26-cv-01234); checked per court.",
    )
    source_reference = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The free-text docket reference of a request this case was created from, kept as typed.",
    )
    judge = models.CharField(max_length=120, blank=True, help_text="The assigned district judge.")
    magistrate_judge = models.CharField(max_length=120, blank=True, help_text="The referral magistrate judge.")
    filed_on = models.DateField(null=True, blank=True, help_text="The date the complaint was filed.")
    status = models.CharField(
        max_length=16, choices=CaseStatus.choices, default=CaseStatus.PRE_FILING, help_text="Where the case stands."
    )
    outcome = models.TextField(blank=True, help_text="How the case ended or what was won (free text).")
    claim = models.CharField(
        max_length=8,
        choices=Claim.choices,
        default=Claim.FOIA,
        help_text="The claim the answer period follows: FOIA (30 days) or other claims (60 days).",
    )
    # Service on the United States (FRCP 4(i)): all three dates are kept; the answer runs from the U.S. Attorney's.
    served_us_attorney_on = models.DateField(
        "Served on the U.S. Attorney",
        null=True,
        blank=True,
        help_text="Service on the U.S. Attorney for the district (FRCP 4(i)(1)(A)); the answer period runs from it.",
    )
    served_attorney_general_on = models.DateField(
        "Served on the Attorney General",
        null=True,
        blank=True,
        help_text="Service on the Attorney General in Washington, D.C. (FRCP 4(i)(1)(B)).",
    )
    served_agency_on = models.DateField(
        "Served on the agency",
        null=True,
        blank=True,
        help_text="Service on the defendant agency (FRCP 4(i)(1)(C), 4(i)(2)).",
    )
    privileged = models.BooleanField(
        default=False,
        help_text="Attorney work product (e.g. a suit still being prepared): never shown to coalition partners, even "
        "when shared, nor anything under it.",
    )
    requests = models.ManyToManyField(
        "foia.FoiaRequest",
        blank=True,
        related_name="cases",
        help_text="The FOIA requests the case enforces.",
    )
    deadlines = GenericRelation(
        "deadlines.Deadline",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="case",
    )
    history = HistoricalRecords()

    EDITABLE_FIELDS = (
        "caption",
        "court",
        "docket_number",
        "judge",
        "magistrate_judge",
        "filed_on",
        "status",
        "outcome",
        "claim",
        "sharing",
        "privileged",
    )
    SERVICE_FIELDS = ("served_us_attorney_on", "served_attorney_general_on", "served_agency_on")

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "court", "docket_number"],
                condition=~models.Q(docket_number=""),
                name="case_unique_docket_per_organization",
            )
        ]

    def __str__(self) -> str:
        return self.caption

    def get_absolute_url(self) -> str:
        return reverse("litigation:case-detail", args=[self.pk])

    @property
    def service_dates(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.SERVICE_FIELDS}


class PartySide(models.TextChoices):
    PLAINTIFF = "plaintiff", "Plaintiff"
    DEFENDANT = "defendant", "Defendant"


class Party(Versioned):
    """A plaintiff (an organisation, by name) or a defendant (an agency from the directory, or a name)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", help_text="The case.")
    side = models.CharField(max_length=16, choices=PartySide.choices, help_text="Plaintiff or defendant.")
    name = models.CharField(
        max_length=200, blank=True, help_text="The party's name (for a defendant agency, empty: the agency's)."
    )
    agency = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The defendant agency, from the directory.",
    )
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["side", "pk"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name or (self.agency.name if self.agency_id else "")


class CounselRole(models.TextChoices):
    LEAD = "lead", "Lead counsel"
    OF_COUNSEL = "of_counsel", "Of counsel"
    PRO_HAC_VICE = "pro_hac_vice", "Pro hac vice"
    GOVERNMENT = "government", "AUSA / agency counsel"
    TERMINATED = "terminated", "Terminated"


class Counsel(Versioned):
    """An attorney on the case: ours, co-counsel, or the government's (AUSA, agency counsel)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="counsel", help_text="The case.")
    name = models.CharField(max_length=200, help_text="The attorney's name.")
    firm = models.CharField(max_length=200, blank=True, help_text="Firm or office (e.g. 'U.S. Attorney's Office').")
    role = models.CharField(max_length=16, choices=CounselRole.choices, help_text="The attorney's role in the case.")
    email = models.EmailField(blank=True, help_text="Contact address, if known.")
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["role", "name", "pk"]
        verbose_name_plural = "counsel"

    def __str__(self) -> str:
        return self.name


# The docket, schedules and notes live in their own module (imported here so Django registers them with the app).
from .models_docket import (  # noqa: E402, F401
    CaseNote,
    DocketEntry,
    EntryKind,
    ServiceMethod,
    StatusReportSchedule,
)
from .models_schedule import ChallengeStatus, ProductionPeriod, ProductionSchedule, VaughnEntry  # noqa: E402, F401
from .models_stay import Stay  # noqa: E402, F401
