"""Closures and Deadline records.

Derived deadlines are computed by the rule catalogue from their trigger and options, and recomputed by services
when the trigger, a closure or a rule changes; manual deadlines (court orders) are set by hand.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from coalition.models import OrganizationOwned
from core.history import HistoricalRecords
from core.versioning import Versioned


class ClosureScope(models.TextChoices):
    FEDERAL = "federal", "All federal agencies and courts"
    EXECUTIVE = "executive", "All executive agencies (not the courts)"
    AGENCY = "agency", "One agency"
    COURT = "court", "One court"


class Closure(Versioned):
    """A one-off non-working day (executive-order closure, a court's closure). Adding one moves affected deadlines."""

    date = models.DateField(db_index=True)
    reason = models.CharField(
        max_length=200, help_text="Shown in computation steps, e.g. 'D.D.C. closed: snow emergency'."
    )
    scope = models.CharField(max_length=16, choices=ClosureScope.choices, default=ClosureScope.FEDERAL)
    agency = models.ForeignKey("directory.Agency", on_delete=models.CASCADE, null=True, blank=True)
    court = models.ForeignKey("directory.Court", on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                name="closure_scope_target",
                condition=(
                    models.Q(scope__in=["federal", "executive"], agency__isnull=True, court__isnull=True)
                    | models.Q(scope="agency", agency__isnull=False, court__isnull=True)
                    | models.Q(scope="court", court__isnull=False, agency__isnull=True)
                ),
                violation_error_message=(
                    "The scope and its target disagree: a federal or executive closure names neither an agency nor "
                    "a court, an agency closure names its agency only, a court closure its court only."
                ),
            ),
            # One closure per day and target (a second one would close nothing more, and moving or removing one
            # of the two would leave the day closed by the other). One constraint, so validating it is one query.
            models.UniqueConstraint(
                F("date"),
                F("scope"),
                Coalesce(F("agency"), Value(0)),
                Coalesce(F("court"), Value(0)),
                name="closure_unique_date_target",
                violation_error_message=(
                    "There is already a closure on this date with this scope (and the same agency or court)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"

    def clean(self):
        """Say what is wrong with the scope and its target, field by field (the check constraint only says that
        something is)."""
        super().clean()
        errors = {}
        if self.scope in (ClosureScope.FEDERAL, ClosureScope.EXECUTIVE):
            if self.scope == ClosureScope.FEDERAL:
                what, whom = "A federal closure", "every agency and court"
            else:
                what, whom = "An executive closure", "every executive agency"
            if self.agency_id is not None:
                errors["agency"] = (
                    f"{what} applies to {whom}: leave the agency empty, or choose the scope "
                    f"'{ClosureScope.AGENCY.label}'."
                )
            if self.court_id is not None:
                errors["court"] = (
                    f"{what} applies to {whom}: leave the court empty, or choose the scope "
                    f"'{ClosureScope.COURT.label}'."
                )
        elif self.scope == ClosureScope.AGENCY:
            if self.agency_id is None:
                errors["agency"] = "An agency closure needs the agency that closed."
            if self.court_id is not None:
                errors["court"] = "An agency closure names no court: leave the court empty."
        elif self.scope == ClosureScope.COURT:
            if self.court_id is None:
                errors["court"] = "A court closure needs the court that closed."
            if self.agency_id is not None:
                errors["agency"] = "A court closure names no agency: leave the agency empty."
        if errors:
            raise ValidationError(errors)


class DeadlineKind(models.TextChoices):
    DERIVED = "derived", "Derived from a rule"
    MANUAL = "manual", "Set by hand (court order)"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    SUPERSEDED = "superseded", "Superseded"
    WAIVED = "waived", "Waived"
    FILED = "filed", "Filed"  # our filing made (court deadlines), marked by a person


class DeadlineForum(models.TextChoices):
    """Whose deadline it is: an agency's (FOIA: reminders use the policy's FOIA steps) or a court's (court steps)."""

    AGENCY = "agency", "Agency (FOIA)"
    COURT = "court", "Court"


class Deadline(Versioned, OrganizationOwned):
    """One legal deadline of a tracked object (a FOIA request, an appeal, a case...).

    `key` names the deadline within its subject ("initial-response", "appeal-filing"); a subject has at most one
    deadline per key, updated in place when recomputed (the history table keeps every earlier due date).

    A derived deadline whose clock is stopped by an open toll is PAUSED: `due_date` is NULL, `paused_since` is the
    day the clock stopped and `days_remaining` the working days left. Queries on `due_date` skip it naturally.
    `window_start`: non-working days after this date (through `due_date`, or any later day while paused) can move
    the deadline, so a closure only recomputes the deadlines whose window contains it.
    """

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.DERIVED)
    rule = models.SlugField(max_length=60, blank=True)  # catalogue slug; blank for manual deadlines
    trigger_date = models.DateField(null=True, blank=True)
    # Everything else the rule needs to recompute: service method, agency/court slugs, tolling periods, base rule...
    options = models.JSONField(default=dict, blank=True)
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True)
    court = models.ForeignKey("directory.Court", on_delete=models.PROTECT, null=True, blank=True)
    # Set by the deadline services (a derived deadline's rule decides it; the caller of a manual one says), so apps
    # above deadlines read it instead of guessing from the subject's app.
    forum = models.CharField(max_length=16, choices=DeadlineForum.choices, default=DeadlineForum.AGENCY)
    service = models.CharField(max_length=16, default="electronic")  # electronic / mail (FRCP 6(d))
    due_date = models.DateField(null=True, blank=True)  # NULL only while paused
    paused_since = models.DateField(null=True, blank=True)
    days_remaining = models.PositiveSmallIntegerField(null=True, blank=True)
    window_start = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)  # for manual deadlines: the order that set it
    citation = models.CharField(max_length=300, blank=True)
    steps = models.JSONField(default=list, blank=True)  # readable computation steps, in order
    status = models.CharField(max_length=16, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    # Derived from privileged litigation work: never shown or sent to coalition partners.
    privileged = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Who owns the status (see README, "Who closes a deadline"): the events of its subject close a derived deadline
    # (closed_manually False); a person's close is kept, with who and why, until a person reopens it.
    closed_manually = models.BooleanField(
        default=False,
        help_text="Closed by a person: the subject's events and recomputations leave its status alone.",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person who closed it by hand (empty for a close by the subject's events).",
    )
    closed_reason = models.CharField(
        max_length=500, blank=True, help_text="Why the person closed it, e.g. 'filed via ECF, docket no. 42'."
    )
    history = HistoricalRecords()
    followable = True  # people follow one deadline to get its reminders (reminders)

    class Meta:
        ordering = [F("due_date").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "key"], name="deadline_unique_subject_key"),
            models.CheckConstraint(
                name="deadline_due_or_paused",
                condition=models.Q(due_date__isnull=False) | models.Q(paused_since__isnull=False),
            ),
        ]
        indexes = [
            # Covering on PostgreSQL: the dashboard counts every open deadline the user may see by due date from
            # the index alone (an index-only scan), without reading the wide rows (steps, options).
            models.Index(
                fields=["status", "due_date"],
                include=["organization", "sharing", "privileged", "subject_type", "id"],
                name="deadline_status_due_cov",
            ),
            models.Index(fields=["organization", "status", "due_date"], name="deadline_org_status_due"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
        ]

    def __str__(self) -> str:
        if self.due_date is None:
            return f"{self.title} (paused since {self.paused_since})"
        return f"{self.title} due {self.due_date}"

    @property
    def is_paused(self) -> bool:
        return self.due_date is None

    @property
    def is_manual(self) -> bool:
        return self.kind == DeadlineKind.MANUAL

    @property
    def rule_name(self) -> str:
        """The rule's name from the catalogue; empty for a manual deadline (or a rule no longer in the catalogue)."""
        from .rules import RULES

        rule = RULES.get(self.rule)
        return rule.name if rule else ""


class DeadlineSummary(models.Model):
    """Per subject (a request, a case), the earliest open due date, kept in the same transaction as every deadline
    write (`deadlines.summaries`), so a list of 20,000 requests sorts and filters by its next deadline with one join
    instead of an aggregate per row.

    Two dates because partners see less: `next_due_on` over all the subject's open deadlines (what its own
    organisation sees), `next_shared_due_on` over those a coalition partner may see (shared, not privileged). Which
    one a reader gets is `deadlines.selectors.next_due_for`. A paused deadline (no due date) counts in neither.
    """

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    next_due_on = models.DateField(null=True, blank=True)
    next_shared_due_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="deadline_summary_unique_subject")
        ]
        verbose_name_plural = "deadline summaries"

    def __str__(self) -> str:
        return f"{self.subject_type_id}:{self.subject_id} next due {self.next_due_on}"
