"""Reminder models: organisation policy, user preferences, watches and mutes, the pending-reminder schedule, the
delivery ledger, digests, in-app notifications and calendar feed tokens.

Reliability rests on two tables. `ReminderSchedule` holds one row per open deadline with the time its next reminder
step fires, indexed, so the sweep reads only what is due. `ReminderDelivery` is the ledger: a unique constraint on
(deadline, step, recipient, channel) makes each reminder claimable once, and its status/lease columns let a later sweep
re-enqueue a claimed send whose worker or broker message was lost. In-app notices need no ledger row: `Notification`
itself is unique per (deadline, step, recipient), so the sweep's insert of it is the claim.

The tables keep the `deadlines_` names they had when reminders lived inside `deadlines`: moving them moved no data.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coalition.models import Organization
from core.history import HistoricalRecords
from core.versioning import Versioned

__all__ = [
    "Channel",
    "DeadlineMute",
    "DeliveryStatus",
    "EmailMode",
    "FeedScope",
    "FeedToken",
    "Notification",
    "ReminderDelivery",
    "ReminderDigest",
    "ReminderPolicy",
    "ReminderPreference",
    "ReminderSchedule",
    "Watch",
]

FOIA_DEFAULT_DAYS_BEFORE = [14, 7, 3, 1, 0]
COURT_DEFAULT_DAYS_BEFORE = [21, 14, 7, 3, 1, 0]


def _foia_default_days() -> list[int]:
    return list(FOIA_DEFAULT_DAYS_BEFORE)


def _court_default_days() -> list[int]:
    return list(COURT_DEFAULT_DAYS_BEFORE)


def validate_days_before(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValidationError("Enter a list of whole numbers of days, e.g. 14, 7, 3, 1, 0.")
    if any(v < 0 or v > 365 for v in value):
        raise ValidationError("Each reminder must be between 0 (the due day) and 365 days before.")
    if len(set(value)) != len(value):
        raise ValidationError("Each number of days may appear only once.")


class ReminderPolicy(Versioned):
    """When an organisation's deadlines are reminded. One per organisation; organisation admins edit it.

    `*_days_before` lists the days before the due date that get a reminder (0 is the due day). After the due date a
    reminder goes out daily (for at most `overdue_max_days`), and from `*_escalate_after_days` days overdue the
    organisation's attorneys and admins receive them too (that escalation step goes out even past the daily limit).
    Court deadlines (a conceded motion, a lost appeal) default to more lead time and earlier escalation than FOIA
    deadlines.
    """

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="reminder_policy")
    foia_days_before = models.JSONField(default=_foia_default_days, validators=[validate_days_before])
    foia_overdue_daily = models.BooleanField(default=True)
    foia_escalate_after_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    court_days_before = models.JSONField(default=_court_default_days, validators=[validate_days_before])
    court_overdue_daily = models.BooleanField(default=True)
    court_escalate_after_days = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    overdue_max_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Stop daily overdue reminders this many days after the due date.",
    )
    send_hour = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(23)],
        help_text="Hour of the day (in the court's or agency's time zone) reminders go out.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(table_name="deadlines_historicalreminderpolicy")

    EDITABLE_FIELDS = (
        "foia_days_before",
        "foia_overdue_daily",
        "foia_escalate_after_days",
        "court_days_before",
        "court_overdue_daily",
        "court_escalate_after_days",
        "overdue_max_days",
        "send_hour",
    )

    class Meta:
        db_table = "deadlines_reminderpolicy"
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        return f"Reminder policy of {self.organization_id}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "An email for each reminder"
    DIGEST = "digest", "One daily digest email"
    NONE = "none", "No email (in-app notifications only)"


class ReminderPreference(Versioned):
    """How one user wants reminders by email. Users without a row get immediate emails."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    email_mode = models.CharField(max_length=16, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    digest_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MaxValueValidator(23)], help_text="Hour (server time zone) the daily digest is sent."
    )
    history = HistoricalRecords(table_name="deadlines_historicalreminderpreference")

    class Meta:
        db_table = "deadlines_reminderpreference"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_mode}"


class Watch(models.Model):
    """A user following any object they can see (a request, a case, a deadline): they get its deadlines' reminders."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(table_name="deadlines_historicalwatch")

    class Meta:
        db_table = "deadlines_watch"
        constraints = [
            models.UniqueConstraint(fields=["user", "subject_type", "subject_id"], name="watch_unique_user_subject")
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="watch_subject")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.subject_type_id}:{self.subject_id}"


class DeadlineMute(models.Model):
    """A user who wants no reminders of one deadline."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_mutes")
    deadline = models.ForeignKey("deadlines.Deadline", on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(table_name="deadlines_historicaldeadlinemute")

    class Meta:
        db_table = "deadlines_deadlinemute"
        constraints = [models.UniqueConstraint(fields=["user", "deadline"], name="mute_unique_user_deadline")]

    def __str__(self) -> str:
        return f"{self.user_id} muted deadline {self.deadline_id}"


class ReminderSchedule(models.Model):
    """The next reminder step of one open deadline (internal; maintained in bulk, no history).

    `fire_at` is null once no step is left (overdue beyond the policy's limit); the row stays so the hourly reconcile
    can tell "nothing left" from "never computed". `last_step`/`last_fired_at` remember the step fired last, so a
    recomputation that keeps the due date does not fire it again.
    """

    deadline = models.OneToOneField(
        "deadlines.Deadline", on_delete=models.CASCADE, primary_key=True, related_name="reminder_schedule"
    )
    fire_at = models.DateTimeField(null=True)
    step = models.CharField(max_length=40, blank=True)
    last_step = models.CharField(max_length=40, blank=True)
    last_fired_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "deadlines_reminderschedule"
        indexes = [
            models.Index(
                fields=["fire_at"], name="reminder_schedule_fire_at", condition=models.Q(fire_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"deadline {self.deadline_id}: {self.step} at {self.fire_at}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    DIGEST = "digest", "Daily digest"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


LIVE_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


class LeasedSend(models.Model):
    """Columns shared by everything sent by a worker under a lease (deliveries, digests).

    `claim` identifies who holds the row: the sweep that created it, then the send attempt running it. A row whose
    lease has expired while pending or sending is re-enqueued by the next sweep.
    """

    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    claim = models.UUIDField(null=True)
    lease_until = models.DateTimeField(null=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ReminderDigest(LeasedSend):
    """One user's digest email for one day; its items are the digest deliveries pointing at it."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests")
    day = models.DateField()

    class Meta:
        db_table = "deadlines_reminderdigest"
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_unique_recipient_day")]
        indexes = [
            models.Index(fields=["lease_until"], name="digest_live_lease", condition=models.Q(status__in=LIVE_STATUSES))
        ]

    def __str__(self) -> str:
        return f"digest for {self.recipient_id} on {self.day}"


class ReminderDelivery(LeasedSend):
    """One reminder step of one deadline to one person on one channel: claimed once, sent at most once."""

    # No index of its own: the unique constraint below leads with the deadline and serves its lookups and cascades.
    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.CASCADE, related_name="reminder_deliveries", db_index=False
    )
    step = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    due_date = models.DateField()  # the due date this step was computed for; a moved deadline cancels it
    escalation = models.BooleanField(default=False)
    # Indexed only where set (see `delivery_digest_items`): in-app and email rows never have one.
    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries", db_index=False
    )

    class Meta:
        db_table = "deadlines_reminderdelivery"
        verbose_name_plural = "reminder deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "step", "recipient", "channel"], name="delivery_unique_deadline_step_recipient"
            )
        ]
        indexes = [
            # Re-enqueue scan: only live (pending/sending) worker-sent rows, so it grows with stuck sends only.
            models.Index(
                fields=["lease_until"],
                name="delivery_live_lease",
                condition=models.Q(status__in=LIVE_STATUSES, channel="email"),
            ),
            models.Index(fields=["digest"], name="delivery_digest_items", condition=models.Q(digest__isnull=False)),
            models.Index(
                fields=["recipient"],
                name="delivery_digest_waiting",
                condition=models.Q(status="pending", channel="digest", digest__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.step} of deadline {self.deadline_id} to {self.recipient_id}: {self.status}"


class Notification(models.Model):
    """An in-app notice in a user's inbox. A reminder's notice is unique per (deadline, step, recipient): the sweep
    inserts it with `ON CONFLICT DO NOTHING`, so it exists exactly once whatever the number of sweeps."""

    # No index of its own: `notification_inbox` leads with the recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    # No index of its own: the unique constraint below leads with the deadline.
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,
    )
    step = models.CharField(max_length=40, blank=True)  # the reminder step it announces ("" if not a reminder)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "deadlines_notification"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "step", "recipient"], name="notification_unique_deadline_step_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title


class FeedScope(models.TextChoices):
    USER = "user", "My deadlines (responsible or watching)"
    ORGANIZATION = "organization", "All of an organisation's open deadlines"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a calendar feed URL. Rotating replaces it, so the old URL stops working at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    scope = models.CharField(max_length=16, choices=FeedScope.choices)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["token"], table_name="deadlines_historicalfeedtoken"
    )  # never keep old secrets around
    history_page = False  # a person's secret URL, not an organisation's record: no /history/ page (web.selectors)

    class Meta:
        db_table = "deadlines_feedtoken"
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "organization"], name="feed_unique_user_scope_org"),
            models.UniqueConstraint(
                fields=["user", "scope"], condition=models.Q(organization__isnull=True), name="feed_unique_user_scope"
            ),
            models.CheckConstraint(
                name="feed_scope_organization",
                condition=models.Q(scope="user", organization__isnull=True)
                | models.Q(scope="organization", organization__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} feed of {self.user_id}"
