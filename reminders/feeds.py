"""iCalendar (RFC 5545) feeds of open deadlines, for calendar apps subscribed to a secret URL.

Each deadline is an all-day event on its legal due date: a DATE value (no time, no zone), the calendar date in the
court's or agency's zone, so no client shifts it to the day before. UIDs derive from the deadline's primary key and
the site, so a moved deadline updates the same event. Alarms fire at the organisation's reminder steps, at the
policy's hour in the deadline's zone, except on deadlines the feed's owner muted. Feeds leave the tracker (Google,
phones), so privileged deadlines carry no details at all: a neutral summary and a link.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from .models import DeadlineMute, FeedScope, FeedToken
from .render import PRIVILEGED_LABEL, deadline_is_court, deadline_time_zone, deadline_url, rule_label, subject_label
from .services.schedule import reminder_policies_for
from .services.send import step_lines
from .steps import local_fire_time, policy_rule


def deadline_uid(deadline) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"deadline-{deadline.pk}@{host}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _event(deadline, policy, *, stamp: dt.datetime, alarms: bool = True) -> Event:
    event = Event()
    event.add("uid", deadline_uid(deadline))
    event.add("dtstamp", stamp)
    event.add("last-modified", deadline.updated_at)
    event.add("dtstart", deadline.due_date)  # a DATE: an all-day event on the legal date
    event.add("dtend", deadline.due_date + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("url", deadline_url(deadline))
    if deadline.privileged:
        summary, description = PRIVILEGED_LABEL, f"Details are in the tracker: {deadline_url(deadline)}"
    else:
        subject = subject_label(deadline)
        # The title names what the deadline is for: two requests' "Agency decides the appeal" must not look alike.
        summary = f"Due: {deadline.title} · {_short(subject)}" if subject else f"Due: {deadline.title}"
        lines = [subject, f"Rule: {rule_label(deadline)}", deadline.citation]
        lines += step_lines(deadline) + [deadline_url(deadline)]
        description = "\n".join(line for line in lines if line)
        event.add("categories", ["Court" if deadline_is_court(deadline) else "FOIA"])
    event.add("summary", summary)
    event.add("description", description)
    if not alarms:
        return event
    rule = policy_rule(policy, court=deadline_is_court(deadline))
    tz = deadline_time_zone(deadline)
    for days in rule.days_before:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary if days == 0 else f"{summary} in {days} day{'s' if days > 1 else ''}")
        fire_at = local_fire_time(deadline.due_date - dt.timedelta(days=days), hour=rule.send_hour, tz=tz)
        alarm.add("trigger", fire_at, parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
    return event


def feed_calendar(*, feed: FeedToken, deadlines) -> bytes:
    deadlines = list(deadlines)
    name = (
        f"{feed.organization.name} deadlines"
        if feed.scope == FeedScope.ORGANIZATION
        else f"{feed.user.get_full_name() or feed.user.username}: my deadlines"
    )
    cal = Calendar()
    cal.add("prodid", "-//FOIA & Litigation Tracker//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    policies = reminder_policies_for(organization_ids={d.organization_id for d in deadlines})
    # The feed's owner muted these: the events stay (they are still deadlines), without alarms.
    muted = set(
        DeadlineMute.objects.filter(user_id=feed.user_id, deadline_id__in=[d.pk for d in deadlines]).values_list(
            "deadline_id", flat=True
        )
    )
    stamp = timezone.now().replace(microsecond=0)
    for deadline in deadlines:
        policy = policies[deadline.organization_id]
        cal.add_component(_event(deadline, policy, stamp=stamp, alarms=deadline.pk not in muted))
    return cal.to_ical()
