"""What a reminder says: the wording shared by notifications, emails, digests, feeds and pages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from deadlines.models import DeadlineForum

PRIVILEGED_LABEL = "Privileged deadline"


def deadline_time_zone(deadline) -> str:
    """The zone the legal date is counted in: the court's, else the agency's, else the app's."""
    if deadline.court_id and deadline.court:
        return deadline.court.time_zone
    if deadline.agency_id and deadline.agency:
        return deadline.agency.time_zone
    return settings.TIME_ZONE


def deadline_is_court(deadline) -> bool:
    """Court deadlines get the policy's court defaults; the rest are FOIA. The deadline's forum says which."""
    return deadline.forum == DeadlineForum.COURT


def deadline_path(deadline) -> str:
    """The deadline's own page (its steps, citation, subject and the follow / mute buttons)."""
    return deadline_path_maker()(deadline.pk)


_PK_PLACEHOLDER = 9_876_543_210_123


def deadline_path_maker():
    """pk -> `deadline_path`, with the URL reversed once (a sweep builds 1,000s of paths; `reverse` costs ~40 us)."""
    try:
        path = reverse("deadlines:detail", args=[_PK_PLACEHOLDER])
    except NoReverseMatch:  # the deadline pages are not installed: the Upcoming list has it too
        path = f"{reverse('reminders:upcoming')}#deadline-{_PK_PLACEHOLDER}"
    head, sep, tail = path.partition(str(_PK_PLACEHOLDER))
    assert sep, path
    return lambda pk: f"{head}{pk}{tail}"


def rule_label(deadline) -> str:
    """The rule's name and slug from the catalogue ("Set by hand" for a court order)."""
    from deadlines.rules import RULES

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


def subject_labels(deadlines) -> dict[tuple[int, int], str]:
    """(subject type id, subject id) -> `subject_label`, for many deadlines with one query per subject type (only
    the subject's label is needed, not the deadline objects with their generic relation prefetched)."""
    by_type: dict[int, set[int]] = {}
    for d in deadlines:
        by_type.setdefault(d.subject_type_id, set()).add(d.subject_id)
    labels = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # a stale content type: no label, as `subject_label` gives for a missing subject
            continue
        for obj in model._base_manager.filter(pk__in=sorted(ids)):
            labels[(type_id, obj.pk)] = str(obj)
    return labels


def when_phrase(due_date: dt.date, today: dt.date) -> str:
    days = (due_date - today).days
    if days > 1:
        return f"due in {days} days"
    if days == 1:
        return "due tomorrow"
    if days == 0:
        return "due today"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"


def notification_text(deadline, *, today: dt.date, escalation: bool, subject: str | None = None) -> tuple[str, str]:
    """(title, body) of an in-app notification; it only reaches people allowed to see the deadline. `subject` is the
    subject's label when the caller loaded it already (the sweep does, in bulk)."""
    phrase = when_phrase(deadline.due_date, today)
    due = deadline.due_date
    title = f"{deadline.title}: {phrase} ({due:%a %b} {due.day}, {due.year})"
    subject = subject_label(deadline) if subject is None else subject
    lines = [line for line in (subject, deadline.citation) if line]
    if escalation:
        lines.insert(0, "Escalated to the organisation's attorneys and admins: this deadline is overdue.")
    return title[:300], "\n".join(lines)
