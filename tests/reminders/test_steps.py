import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.models import DeadlineForum
from reminders.models import ReminderPolicy, ReminderSchedule
from reminders.services import reminder_schedule_refresh
from reminders.steps import deadline_steps, next_step, policy_rule
from tests.reminders.factories import DeadlineFactory

NY = ZoneInfo("America/New_York")
DUE = dt.date(2026, 12, 21)


def _rule(court=False, **policy):
    return policy_rule(ReminderPolicy(**policy), court=court)


def test_foia_defaults_remind_14_7_3_1_days_before_on_the_due_day_then_daily_overdue():
    steps = deadline_steps(due_date=DUE, tz="America/New_York", rule=_rule())
    labels = [s.label for s in steps]
    assert labels[:5] == ["before-14", "before-7", "before-3", "before-1", "due"]
    assert labels[5:] == [f"overdue-{n}" for n in range(1, 31)]
    assert steps[0].key == "2026-12-21:before-14"
    assert steps[0].fire_at == dt.datetime(2026, 12, 7, 7, tzinfo=NY)
    # FOIA escalation from 3 days overdue
    assert [s.label for s in steps if s.escalation][0] == "overdue-3"


def test_court_defaults_start_earlier_and_escalate_after_one_day():
    steps = deadline_steps(due_date=DUE, tz="America/New_York", rule=_rule(court=True))
    assert steps[0].label == "before-21"
    assert [s.label for s in steps if s.escalation][0] == "overdue-1"


def test_steps_fire_at_the_send_hour_in_the_deadlines_own_time_zone():
    steps = deadline_steps(due_date=DUE, tz="America/Los_Angeles", rule=_rule(send_hour=9))
    due = next(s for s in steps if s.label == "due")
    assert due.fire_at == dt.datetime(2026, 12, 21, 17, tzinfo=dt.UTC)  # 09:00 PST


def test_without_daily_overdue_reminders_the_escalation_step_remains():
    steps = deadline_steps(due_date=DUE, tz="America/New_York", rule=_rule(foia_overdue_daily=False))
    assert [s.label for s in steps][-1] == "overdue-3" and steps[-1].escalation


def test_next_step_catches_up_with_the_latest_due_step_only():
    steps = deadline_steps(due_date=DUE, tz="America/New_York", rule=_rule())
    now = dt.datetime(2026, 12, 19, 12, tzinfo=NY)  # after before-3 (Dec 18), before before-1 (Dec 20)
    assert next_step(steps, now=now, after=None).label == "before-3"
    fired = next_step(steps, now=now, after=None)
    assert next_step(steps, now=now, after=fired.fire_at).label == "before-1"


def test_escalation_goes_out_even_after_daily_overdue_reminders_stopped():
    rule = _rule(foia_escalate_after_days=40, overdue_max_days=30)
    labels = [s.label for s in deadline_steps(due_date=DUE, tz="America/New_York", rule=rule)]
    assert labels[-2:] == ["overdue-30", "overdue-40"]
    after_30 = dt.datetime(2027, 1, 20, 7, tzinfo=NY)  # overdue-30 fired (Dec 21 + 30 days)
    now = dt.datetime(2027, 1, 25, 12, tzinfo=NY)
    swept = deadline_steps(due_date=DUE, tz="America/New_York", rule=rule, now=now, after=after_30)
    following = next_step(swept, now=now, after=after_30)
    assert (following.label, following.escalation) == ("overdue-40", True)
    assert following.fire_at == dt.datetime(2027, 1, 30, 7, tzinfo=NY)
    no_daily = _rule(foia_overdue_daily=False, foia_escalate_after_days=40, overdue_max_days=30)
    assert [s.label for s in deadline_steps(due_date=DUE, tz="America/New_York", rule=no_daily)][-1] == "overdue-40"


def test_next_step_is_none_after_the_overdue_limit():
    steps = deadline_steps(
        due_date=DUE, tz="America/New_York", rule=_rule(overdue_max_days=2, foia_escalate_after_days=2)
    )
    last = steps[-1]
    assert last.label == "overdue-2"
    assert next_step(steps, now=last.fire_at + dt.timedelta(days=5), after=last.fire_at) is None


@settings(max_examples=300, deadline=None)
@given(
    now_offset=st.integers(min_value=-40 * 24, max_value=60 * 24),
    after_offset=st.one_of(st.none(), st.integers(min_value=-40 * 24, max_value=60 * 24)),
    daily=st.booleans(),
    max_days=st.integers(min_value=1, max_value=40),
    tz=st.sampled_from(["America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "America/Anchorage"]),
)
def test_the_compact_step_list_picks_the_same_next_step_as_the_full_one(now_offset, after_offset, daily, max_days, tz):
    """The sweep computes only the steps that can matter; it must choose exactly what the full list would."""
    rule = _rule(foia_overdue_daily=daily, overdue_max_days=max_days)
    base = dt.datetime(2026, 12, 21, tzinfo=dt.UTC)
    now = base + dt.timedelta(hours=now_offset)
    full = deadline_steps(due_date=DUE, tz=tz, rule=rule)
    after = None
    if after_offset is not None:  # "after" is always the fire time of a step fired at or before now
        fired = [s for s in full if s.fire_at <= min(now, base + dt.timedelta(hours=after_offset))]
        after = fired[-1].fire_at if fired else None
    compact = deadline_steps(due_date=DUE, tz=tz, rule=rule, now=now, after=after)
    fired = next_step(full, now=now, after=after)
    assert next_step(compact, now=now, after=after) == fired
    if fired is not None and fired.fire_at <= now:  # the sweep takes the following step from the same short list
        assert next_step(compact, now=now, after=fired.fire_at) == next_step(full, now=now, after=fired.fire_at)


@pytest.mark.django_db
def test_the_deadlines_forum_picks_the_policys_court_or_foia_steps():
    """Court steps for a court-forum deadline even with no court named and a subject outside litigation (the forum
    replaced guessing from the subject's app); FOIA steps otherwise."""
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, tzinfo=ZoneInfo("America/New_York")), tick=False):
        court = DeadlineFactory(forum=DeadlineForum.COURT, rule="ddc-opposition", due_date=dt.date(2026, 12, 21))
        foia = DeadlineFactory(organization=court.organization, due_date=dt.date(2026, 12, 21))
        reminder_schedule_refresh(deadline_ids=[court.pk, foia.pk])
    steps = dict(ReminderSchedule.objects.values_list("deadline_id", "step"))
    assert steps == {court.pk: "2026-12-21:before-21", foia.pk: "2026-12-21:before-14"}
