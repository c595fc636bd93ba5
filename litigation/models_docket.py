"""The docket of a case, its court-ordered status-report schedules and the case's notes.

All three are access children of their case (`access_parent = "case"`): seen exactly when the case is. A privileged
note is attorney work product: only the owning organisation's attorneys and admins see it (`privileged_roles`,
coalition.access), never its staff or viewers, never partners. Notes keep no history table, so their text never
reaches the history pages; the API lists ordinary notes only.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename

from coalition.models import Role
from core.history import HistoricalRecords
from core.versioning import Versioned

from .models import Case


class EntryKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    ANSWER = "answer", "Answer"
    MOTION = "motion", "Motion"
    OPPOSITION = "opposition", "Opposition"
    REPLY = "reply", "Reply"
    ORDER = "order", "Order"
    MINUTE_ORDER = "minute_order", "Minute order"
    JUDGMENT = "judgment", "Judgment"
    NOTICE_OF_APPEAL = "notice_of_appeal", "Notice of appeal"
    STIPULATION = "stipulation", "Stipulation"
    JSR = "jsr", "Joint status report"
    OTHER = "other", "Other"


ORDER_KINDS = (EntryKind.ORDER, EntryKind.MINUTE_ORDER)


class ServiceMethod(models.TextChoices):
    ELECTRONIC = "electronic", "Electronic (ECF)"
    MAIL = "mail", "Mail (FRCP 6(d): +3 days)"


def docket_document_path(instance: "DocketEntry", filename: str) -> str:
    """Unguessable, organisation-scoped storage path; the original name is kept in `filename`."""
    safe = get_valid_filename(PurePath(filename).name)[:120] or "file"
    return f"litigation/{instance.case.organization_id}/{instance.case_id}/{uuid.uuid4().hex}/{safe}"


class StatusReportSchedule(Versioned):
    """A court-ordered recurring report ("a joint status report every 60 days"): report n is due `every_days` x n
    days after `starts_on` (FRCP 6(a) counting, rolled past weekends and holidays), until `ends_on` or cancellation.
    Only the next report has a deadline; filing it (a JSR docket entry) creates the one after."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="schedules", help_text="The case.")
    title = models.CharField(
        max_length=120, default="Joint status report", help_text="What is filed, e.g. 'Joint status report'."
    )
    every_days = models.PositiveSmallIntegerField(help_text="The order's period in days (e.g. 60).")
    starts_on = models.DateField(help_text="The date the periods run from (usually the order's date).")
    ends_on = models.DateField(
        null=True, blank=True, help_text="No report is due after this date; empty for an open-ended schedule."
    )
    order = models.ForeignKey(
        "DocketEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The docket entry of the order that set the schedule.",
    )
    reports_filed = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Reports filed under the schedule so far."
    )
    cancelled_on = models.DateField(null=True, blank=True, editable=False, help_text="When the schedule ended.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} every {self.every_days} days"

    @property
    def open_ended(self) -> bool:
        return self.ends_on is None

    @property
    def active(self) -> bool:
        return self.cancelled_on is None

    def deadline_key(self, n: int) -> str:
        return f"schedule-{self.pk}-{n}"


class DocketEntry(Versioned):
    """One numbered entry of the court's docket (ECF No.), and what it triggers through the deadline engine: a
    motion its court's opposition and reply, a judgment the fee motion and notice of appeal, an order the
    deadlines a person enters from it (litigation.services_docket)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="docket", help_text="The case.")
    number = models.PositiveIntegerField(help_text="The docket (ECF) number, unique in the case.")
    filed_on = models.DateField(help_text="The date the entry was filed (entered, for an order or judgment).")
    kind = models.CharField(max_length=20, choices=EntryKind.choices, help_text="What was filed.")
    description = models.CharField(max_length=500, help_text="The docket text, e.g. 'MOTION to Dismiss'.")
    filer = models.CharField(max_length=200, blank=True, help_text="Who filed it, e.g. 'Defendant DHS' or 'Court'.")
    service = models.CharField(
        max_length=16,
        choices=ServiceMethod.choices,
        default=ServiceMethod.ELECTRONIC,
        help_text="How it was served: by mail, FRCP 6(d) adds 3 days to periods that run from service.",
    )
    responds_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        help_text="The motion an opposition or reply answers.",
    )
    schedule = models.ForeignKey(
        StatusReportSchedule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The schedule a joint status report was filed under.",
    )
    document = models.FileField(
        upload_to=docket_document_path, max_length=400, blank=True, help_text="The filed document (PDF...)."
    )
    filename = models.CharField(max_length=255, blank=True, help_text="The document's original file name.")
    content_type = models.CharField(max_length=120, blank=True, help_text="The document's type.")
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="The document's size in bytes.")
    satisfies = models.ManyToManyField(
        "deadlines.Deadline",
        blank=True,
        related_name="+",
        help_text="The court deadlines this filing met (each marked filed by the person who docketed it).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "docket entries"
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="docket_entry_unique_number_per_case"),
        ]

    def __str__(self) -> str:
        return f"ECF No. {self.number}: {self.description}"

    @property
    def key_prefix(self) -> str:
        """Every deadline this entry triggers has a key starting with this (the case is their subject)."""
        return f"entry-{self.pk}-"

    @property
    def order_citation(self) -> str:
        """How a court-ordered deadline cites this order."""
        return f"Order, ECF No. {self.number} (entered {self.filed_on.isoformat()})"

    def briefing_key(self, slug: str) -> str:
        """The key of a summary-judgment briefing date this order set (services_briefing; `-msj-` marks it)."""
        return f"{self.key_prefix}msj-{slug}"


class CaseNote(Versioned):
    """A note on a case: ordinary (seen like the case) or privileged attorney work product (the owning
    organisation's attorneys and admins only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", help_text="The case.")
    body = models.TextField(help_text="The note.")
    privileged = models.BooleanField(
        default=False,
        help_text="Attorney work product: only the organisation's attorneys and admins see it; never partners.",
    )
    vaughn_entry = models.ForeignKey(
        "VaughnEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        help_text="The Vaughn index entry it is about (our challenge's reasoning), if any.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    access_parent = "case"
    privileged_roles = frozenset({Role.ADMIN, Role.ATTORNEY})

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.body[:60]
