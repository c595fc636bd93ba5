"""Reads for reminders: the inbox, the Upcoming list, feed contents. Always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Q, QuerySet

from coalition.access import can_view, user_access
from coalition.models import Organization
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q

from .access import is_followable, points_at_visible_deadline_q
from .models import (
    DeadlineMute,
    FeedScope,
    FeedToken,
    Notification,
    ReminderPolicy,
    ReminderPreference,
    Watch,
)
from .people import deadline_mine_q

UPCOMING_DAYS = 30


def notification_list_for(*, user) -> QuerySet[Notification]:
    """The user's own notifications, about deadlines they may still see."""
    return Notification.objects.filter(recipient_id=user.pk).filter(
        Q(deadline__isnull=True) | points_at_visible_deadline_q(user)
    )


def deadlines_visible(*, user) -> QuerySet[Deadline]:
    return Deadline.objects.filter(deadline_visible_q(user))


def notification_unread_count(*, user) -> int:
    return notification_list_for(user=user).filter(read_at__isnull=True).count()


def open_deadlines_for(*, user) -> QuerySet[Deadline]:
    """Open deadlines the user may see, paused ones (no due date while a clock is stopped) excluded."""
    return Deadline.objects.filter(
        deadline_visible_q(user), status=DeadlineStatus.OPEN, due_date__isnull=False
    ).select_related("organization", "responsible", "agency", "court")


def upcoming_for(*, user, today: dt.date, days: int = UPCOMING_DAYS, mine: bool = False) -> QuerySet[Deadline]:
    """Open deadlines due by `today + days` (overdue ones included), across requests and cases."""
    qs = open_deadlines_for(user=user).filter(due_date__lte=today + dt.timedelta(days=days))
    if mine:
        qs = qs.filter(deadline_mine_q(user))
    deadline_ct = ContentType.objects.get_for_model(Deadline)
    return qs.annotate(
        muted=Exists(DeadlineMute.objects.filter(user_id=user.pk, deadline_id=OuterRef("pk"))),
        watched=Exists(Watch.objects.filter(user_id=user.pk, subject_type=deadline_ct, subject_id=OuterRef("pk"))),
    ).order_by("due_date", "pk")


@dataclass
class WeekGroup:
    label: str
    start: dt.date | None
    deadlines: list


def group_by_week(deadlines, *, today: dt.date) -> list[WeekGroup]:
    """Overdue first, then one group per week (Monday to Sunday)."""
    groups: dict[object, WeekGroup] = {}
    this_monday = today - dt.timedelta(days=today.weekday())
    for d in deadlines:
        if d.due_date < today:
            group = groups.setdefault("overdue", WeekGroup("Overdue", None, []))
        else:
            monday = d.due_date - dt.timedelta(days=d.due_date.weekday())
            if monday == this_monday:
                label = "This week"
            elif monday == this_monday + dt.timedelta(days=7):
                label = "Next week"
            else:
                label = f"Week of {monday:%B} {monday.day}"
            group = groups.setdefault(monday, WeekGroup(label, monday, []))
        group.deadlines.append(d)
    return list(groups.values())


def feed_for_token(*, token: str) -> FeedToken | None:
    """The feed behind a secret URL, if its owner may still use it (active, still a member for organisation feeds)."""
    feed = FeedToken.objects.select_related("user", "organization").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    if feed.scope == FeedScope.ORGANIZATION and feed.organization_id not in user_access(feed.user).org_ids:
        return None
    return feed


def feed_deadlines(*, feed: FeedToken) -> QuerySet[Deadline]:
    """Open deadlines in a feed: the owner's own (`reminders.people`: responsible, assigned, attorney or following)
    or one organisation's, as visible to the owner (so a partner's privileged deadline never appears)."""
    qs = open_deadlines_for(user=feed.user)
    if feed.scope == FeedScope.ORGANIZATION:
        qs = qs.filter(organization_id=feed.organization_id)
    else:
        qs = qs.filter(deadline_mine_q(feed.user))
    return qs.order_by("due_date", "pk")


def feed_tokens_for(*, user) -> QuerySet[FeedToken]:
    """The user's feeds they may still use, by the rule of `feed_for_token`: none for an inactive user, and an
    organisation feed only while they are a member (a feed of an organisation they left answers 404, so it is neither
    listed nor rotated)."""
    if not user.is_active:
        return FeedToken.objects.none()
    usable = Q(scope=FeedScope.USER) | Q(scope=FeedScope.ORGANIZATION, organization_id__in=user_access(user).org_ids)
    return (
        FeedToken.objects.filter(usable, user_id=user.pk)
        .select_related("organization")
        .order_by("scope", "organization")
    )


@dataclass
class FeedSlot:
    """One calendar feed the user may have: their own, or one per organisation; `feed` is None until they create it
    (reading the settings page creates nothing)."""

    scope: str
    organization: object | None
    feed: FeedToken | None


def feed_slots_for(*, user) -> list[FeedSlot]:
    feeds = {(f.scope, f.organization_id): f for f in feed_tokens_for(user=user)}
    slots = [FeedSlot(FeedScope.USER, None, feeds.get((FeedScope.USER, None)))]
    for org in Organization.objects.filter(pk__in=list(user_access(user).org_ids)).order_by("name"):
        slots.append(FeedSlot(FeedScope.ORGANIZATION, org, feeds.get((FeedScope.ORGANIZATION, org.pk))))
    return slots


def reminder_preference_for(*, user) -> ReminderPreference:
    """The user's preference, or the defaults (unsaved) until they save one."""
    return ReminderPreference.objects.filter(user_id=user.pk).first() or ReminderPreference(user=user)


def reminder_policies_for(*, user) -> list[ReminderPolicy]:
    """The reminder policy of each of the user's organisations; the defaults (unsaved) where none was saved yet."""
    orgs = Organization.objects.filter(pk__in=list(user_access(user).org_ids)).order_by("name")
    saved = {p.organization_id: p for p in ReminderPolicy.objects.filter(organization__in=orgs)}
    # version 0: "the defaults, never saved", so a form or ETag read from them is stale once someone saves the policy
    return [saved.get(org.pk) or ReminderPolicy(organization=org, version=0) for org in orgs]


def reminder_policy_for(*, user, organization) -> ReminderPolicy | None:
    """One organisation's policy (or its defaults, unsaved) for a member; None for anyone else."""
    return next((p for p in reminder_policies_for(user=user) if p.organization_id == organization.pk), None)


def watch_list_for(*, user) -> list[Watch]:
    """The user's follows, with their subjects loaded (one query per kind of subject), keeping only subjects the user
    may still see: a follow outlives access (a deadline made privileged, a request no longer shared with the
    coalition, a membership ended) but must never show what it points at."""
    watches = (
        Watch.objects.filter(user_id=user.pk)
        .select_related("subject_type")
        .prefetch_related("subject")
        .order_by("-created_at")
    )
    return [w for w in watches if w.subject is not None and is_followable(w.subject) and can_view(user, w.subject)]


def mute_list_for(*, user) -> QuerySet[DeadlineMute]:
    return DeadlineMute.objects.filter(points_at_visible_deadline_q(user), user_id=user.pk).select_related("deadline")


def followable_get(*, user, content_type_id, object_id):
    """The followable object (see `access.is_followable`) the user may see, named by content type and pk as a form
    posts them; None for anything else (missing, invisible, malformed, or not followable, e.g. a historical row)."""
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
        if not is_followable(content_type.model_class()):
            return None
        subject = content_type.get_object_for_this_type(pk=int(object_id))
    except (TypeError, ValueError, ObjectDoesNotExist, AttributeError):
        return None
    return subject if can_view(user, subject) else None


@dataclass
class MonthDay:
    day: dt.date
    in_month: bool
    deadlines: list


@dataclass
class Month:
    first: dt.date
    weeks: list[list[MonthDay]]
    previous: dt.date
    next: dt.date


def month_calendar(*, user, month: dt.date, mine: bool = False) -> Month:
    """The weeks (Monday to Sunday) covering `month`, each day with the open deadlines due on it: one query."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    end = following + dt.timedelta(days=(6 - following.weekday()) % 7)  # the Sunday ending the last week
    qs = open_deadlines_for(user=user).filter(due_date__gte=start, due_date__lt=end)
    if mine:
        qs = qs.filter(deadline_mine_q(user))
    by_day: dict[dt.date, list] = {}
    for deadline in qs.prefetch_related("subject").order_by("due_date", "pk"):
        by_day.setdefault(deadline.due_date, []).append(deadline)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days)]
    weeks = [
        [MonthDay(day, day.month == first.month, by_day.get(day, [])) for day in days[i : i + 7]]
        for i in range(0, len(days), 7)
    ]
    return Month(first, weeks, (first - dt.timedelta(days=1)).replace(day=1), following)
