"""FOIA requests, their tags and their typed tracking numbers."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.models import OrganizationOwned
from core.history import HistoricalRecords
from core.versioning import Versioned

from .choices import RequesterCategory, RequestStatus, Track, TrackingKind
from .validators import NEGATIVE_FEE_LIMIT, validate_foia_date


class Tag(models.Model):
    """An organisation's topic (ISAP, SmartLINK, Trust Stamp, BI Inc. contracts...). Tags belong to an organisation
    because their names alone can say what it is working on; partners see the tags of the requests shared with them
    (`foia.selectors.tags_visible`)."""

    organization = models.ForeignKey(
        "coalition.Organization", on_delete=models.CASCADE, related_name="+", help_text="The organisation that uses it."
    )
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tag_unique_name_per_organization"),
            models.UniqueConstraint(fields=["organization", "slug"], name="tag_unique_slug_per_organization"),
        ]

    def __str__(self) -> str:
        return self.name


class FoiaRequest(Versioned, OrganizationOwned):
    """One FOIA request to one agency component.

    `status` and the submitted / received / acknowledged / closed dates are derived from the request's events by
    `foia.services.request_refresh`; they are never edited by hand.
    """

    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="requests")
    subject = models.CharField(max_length=300)
    request_text = models.TextField("Full request text")
    tags = models.ManyToManyField(Tag, blank=True, related_name="requests")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_foia_requests",
        verbose_name="Assigned staff",
    )
    attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attorney_foia_requests",
    )
    requester_category = models.CharField(
        "Requester category (fees)", max_length=16, choices=RequesterCategory.choices, default=RequesterCategory.OTHER
    )
    fee_limit = models.DecimalField(
        "Fees we agree to pay (USD)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=NEGATIVE_FEE_LIMIT)],
    )
    fee_waiver_requested = models.BooleanField(default=False)
    fee_waiver_justification = models.TextField(blank=True)
    expedited_requested = models.BooleanField("Expedited processing requested", default=False)
    expedited_justification = models.TextField(blank=True)
    track = models.CharField(max_length=16, choices=Track.choices, blank=True)
    estimated_completion_on = models.DateField("Agency's estimated completion date", null=True, blank=True)
    drafted_on = models.DateField(default=timezone.localdate, validators=[validate_foia_date])
    # Derived from events (see the class docstring).
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.DRAFT, editable=False)
    submitted_on = models.DateField(null=True, blank=True, editable=False)
    received_on = models.DateField("Received by the proper component", null=True, blank=True, editable=False)
    acknowledged_on = models.DateField(null=True, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    # The free-text docket reference of the time before cases were tracked: litigation's migration 0007 turned each
    # parseable one into a linked case; what remains is kept as typed, shown and read-only (cases are linked from
    # the case page).
    docket_reference = models.CharField(
        "Lawsuit (docket number)", max_length=200, blank=True, help_text="e.g. 1:26-cv-01234 (D.D.C.)"
    )
    deadlines = GenericRelation(
        "deadlines.Deadline",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="foia_request",
    )
    # Its next due date, kept by the deadlines app (deadlines.summaries) for sorting and filtering the list.
    deadline_summary = GenericRelation(
        "deadlines.DeadlineSummary",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="foia_request",
    )
    history = HistoricalRecords()
    followable = True  # people follow a request to get its deadlines' reminders (reminders)
    # Its deadlines are "mine" for these people too: dashboard, Upcoming, "My deadlines" feed, reminders
    # (reminders.people reads this; reminders may not import foia).
    deadline_people = ("assigned_to", "attorney")

    # What people edit (forms and API); everything else is derived or set by the services.
    EDITABLE_FIELDS = (
        "agency",
        "subject",
        "request_text",
        "sharing",
        "assigned_to",
        "attorney",
        "requester_category",
        "fee_limit",
        "fee_waiver_requested",
        "fee_waiver_justification",
        "expedited_requested",
        "expedited_justification",
        "track",
        "estimated_completion_on",
        "drafted_on",
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "FOIA request"
        indexes = [
            models.Index(fields=["organization", "status"], name="foia_req_org_status"),
            models.Index(fields=["status"], name="foia_req_status"),
            models.Index(fields=["-updated_at", "-id"], name="foia_req_updated"),
            models.Index(fields=["received_on"], name="foia_req_received"),
            models.Index(fields=["submitted_on"], name="foia_req_submitted"),
            # Covering on PostgreSQL: the dashboard's counts by agency and status, and its determinations' join,
            # read the visible requests (organisation, sharing) from the index alone.
            models.Index(
                fields=["organization", "sharing"],
                include=["agency", "status", "received_on", "id"],
                name="foia_req_visible",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("foia:request-detail", args=[self.pk])


class TrackingNumber(Versioned):
    """An agency's number for the request, an appeal or a referral (ICE: 2022-ICFO-23103, 2023-ICAP-00154)."""

    request = models.ForeignKey(FoiaRequest, on_delete=models.CASCADE, related_name="tracking_numbers")
    kind = models.CharField(max_length=16, choices=TrackingKind.choices, default=TrackingKind.REQUEST)
    number = models.CharField(max_length=80, db_index=True)
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="Component")
    assigned_on = models.DateField()
    appeal = models.ForeignKey(
        "foia.Appeal", on_delete=models.SET_NULL, null=True, blank=True, related_name="tracking_numbers"
    )
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "request"  # access (and privilege) follow the request (coalition.access)

    class Meta:
        ordering = ["assigned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "agency", "number"], name="tracking_unique_per_request"),
        ]

    def __str__(self) -> str:
        return self.number
