"""What happens to a request: lifecycle events, communications with their attachments, and appeals."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename

from core.history import HistoricalRecords
from core.versioning import Versioned

from .choices import (
    OUTCOME_LABELS,
    Channel,
    CommunicationKind,
    Direction,
    EventKind,
    TollReason,
)


class RequestEvent(models.Model):
    """One dated step of a request's life. The status and deadlines are derived by replaying these in order.

    `details` holds the rare extras: `first_received_by_other_component` (ISO date, on "received") and
    `received_on` (ISO date the appeal office received an appeal, on "appeal filed").
    """

    request = models.ForeignKey("foia.FoiaRequest", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    date = models.DateField()
    # Order of logging, used to order events of the same date; unique per request (see services).
    sequence = models.PositiveIntegerField()
    outcome = models.CharField(max_length=20, blank=True)  # one of choices.OUTCOMES_BY_KIND[kind]
    toll_reason = models.CharField(max_length=16, choices=TollReason.choices, blank=True)
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    amount = models.DecimalField("Amount (USD)", max_digits=10, decimal_places=2, null=True, blank=True)
    pages_released = models.PositiveIntegerField(null=True, blank=True)
    pages_withheld = models.PositiveIntegerField(null=True, blank=True)
    exemptions = models.CharField(max_length=200, blank=True, help_text="e.g. (b)(5), (b)(6), (b)(7)(C)")
    referred_to = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    communication = models.ForeignKey(
        "foia.Communication", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "request"  # access (and privilege) follow the request (coalition.access)

    class Meta:
        ordering = ["date", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["request", "sequence"], name="event_unique_sequence"),
        ]
        indexes = [
            models.Index(fields=["request", "date", "sequence"], name="event_request_order"),
            # The dashboard's "last year's determinations" (kind, then a date range) among 200,000 events.
            # Covering on PostgreSQL (request, id): the scan never reads the event rows.
            models.Index(fields=["kind", "date"], include=["request", "id"], name="event_kind_date_cov"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)


class Communication(Versioned):
    """A letter, email, portal message or call, to or from the agency."""

    request = models.ForeignKey("foia.FoiaRequest", on_delete=models.CASCADE, related_name="communications")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    date = models.DateField()
    kind = models.CharField(max_length=24, choices=CommunicationKind.choices, default=CommunicationKind.OTHER)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "request"  # access (and privilege) follow the request (coalition.access)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["direction", "-date"], name="comm_direction_date")]

    def __str__(self) -> str:
        return self.subject


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Unguessable, organisation-scoped storage path; the original name is kept in `filename`."""
    request = instance.communication.request
    safe = get_valid_filename(PurePath(filename).name)[:120] or "file"
    return f"foia/{request.organization_id}/{request.pk}/{uuid.uuid4().hex}/{safe}"


class Attachment(models.Model):
    """A file attached to a communication. Stored through Django's storage API; served only by an access-checked
    view (never from MEDIA_URL)."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=400)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "communication"  # access (and privilege) follow the communication (coalition.access)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class Appeal(Versioned):
    """An administrative appeal. Its dates come from the "appeal filed" / "appeal decided" events (one writer:
    `foia.services`); the record adds what the events do not carry: grounds, issues, the appeal authority."""

    class Issue(models.TextChoices):
        WITHHOLDINGS = "withholdings", "Withholdings / exemptions"
        SEARCH = "search", "Adequacy of the search"
        NO_RECORDS = "no_records", "No-records response"
        FEES = "fees", "Fees or fee waiver"
        EXPEDITED = "expedited", "Denial of expedited processing"
        OTHER = "other", "Other"

    request = models.ForeignKey("foia.FoiaRequest", on_delete=models.CASCADE, related_name="appeals")
    number = models.PositiveSmallIntegerField(default=1)
    filed_event = models.OneToOneField(RequestEvent, on_delete=models.CASCADE, related_name="appeal_filed")
    decision_event = models.OneToOneField(
        RequestEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="appeal_decided"
    )
    determination_event = models.ForeignKey(
        RequestEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_authority = models.CharField(max_length=200, blank=True)
    issues = models.JSONField(default=list, blank=True)
    grounds = models.TextField(blank=True)
    filed_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "request"  # access (and privilege) follow the request (coalition.access)

    class Meta:
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="appeal_unique_number")]

    def __str__(self) -> str:
        return f"Appeal {self.number} of {self.request}"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def issue_labels(self) -> list[str]:
        labels = dict(self.Issue.choices)
        return [labels.get(i, i) for i in self.issues]
