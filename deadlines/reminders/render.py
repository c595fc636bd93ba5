"""What a reminder says: the wording shared by notifications, emails, digests, feeds and pages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

PRIVILEGED_LABEL = "Privileged deadline"


def deadline_time_zone(deadline) -> str:
    """The zone the legal date is counted in: the court's, else the agency's, else the app's."""
    if deadline.court_id and deadline.court:
        return deadline.court.time_zone
    if deadline.agency_id and deadline.agency:
        return deadline.agency.time_zone
    return settings.TIME_ZONE


def deadline_is_court(deadline) -> bool:
    """Court deadlines (set in litigation, or by a court) get the policy's court defaults; the rest are FOIA."""
    if deadline.court_id:
        return True
    return ContentType.objects.get_for_id(deadline.subject_type_id).app_label == "litigation"


def deadline_path(deadline) -> str:
    """The deadline's own page (its steps, citation, subject and the follow / mute buttons)."""
    try:
        return reverse("deadlines:detail", args=[deadline.pk])
    except NoReverseMatch:  # the deadline pages are not installed: the Upcoming list has it too
        return f"{reverse('reminders:upcoming')}#deadline-{deadline.pk}"


def rule_label(deadline) -> str:
    """The rule's name and slug from the catalogue ("Set by hand" for a court order)."""
    from ..rules import RULES

    rule = RULES.get(deadline.rule)
    if rule is None:
        return deadline.rule or "Set by hand (court order)"
    return f"{rule.name} ({rule.slug})"


def deadline_url(deadline) -> str:
    return settings.SITE_URL + deadline_path(deadline)


def _subject(deadline):
    try:
        return deadline.subject
    except AttributeError:
        return None


def subject_label(deadline) -> str:
    subject = _subject(deadline)
    return str(subject) if subject is not None else ""


def when_phrase(due_date: dt.date, today: dt.date) -> str:
    days = (due_date - today).days
    if days > 1:
        return f"due in {days} days"
    if days == 1:
        return "due tomorrow"
    if days == 0:
        return "due today"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"


def notification_text(deadline, *, today: dt.date, escalation: bool) -> tuple[str, str]:
    """(title, body) of an in-app notification; it only reaches people allowed to see the deadline."""
    phrase = when_phrase(deadline.due_date, today)
    due = deadline.due_date
    title = f"{deadline.title}: {phrase} ({due:%a %b} {due.day}, {due.year})"
    lines = [line for line in (subject_label(deadline), deadline.citation) if line]
    if escalation:
        lines.insert(0, "Escalated to the organisation's attorneys and admins: this deadline is overdue.")
    return title[:300], "\n".join(lines)
