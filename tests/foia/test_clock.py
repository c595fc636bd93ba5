"""The FOIA clock and the stage tracker on the request page, against hand-counted working days.

Received Friday 2026-11-20: the 20 working days run Nov 23-25, 27 (Thanksgiving, Nov 26, skipped), Nov 30-Dec 4,
Dec 7-11, Dec 14-18 and Dec 21: due 2026-12-21.
"""

import datetime as dt

import pytest

from foia.choices import EventKind as E
from foia.selectors.clock import foia_clock
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def received(world, today):
    today(D(2026, 11, 20))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    return req


def _clock(req, day):
    return foia_clock(deadline=req.deadlines.get(key="initial-response"), today=day)


def test_working_days_used_and_left(received):
    clock = _clock(received, D(2026, 12, 10))  # Nov 23-25, 27 (4), Nov 30-Dec 4 (5), Dec 7-10 (4)
    assert (clock.used, clock.left, clock.allowed, clock.overdue_by) == (13, 7, 20, 0)
    assert clock.due == D(2026, 12, 21)
    assert clock.summary == "13 of 20 working days used; 7 left."
    assert [s.kind for s in clock.segments] == ["counting", "left"]
    assert clock.segments[0].last == D(2026, 12, 10) and clock.segments[1].last == D(2026, 12, 21)


def test_overdue_days_are_counted_after_the_due_date(received):
    clock = _clock(received, D(2026, 12, 30))  # + Dec 11, 14-18, 21-24, 28-30 (Christmas skipped): 26
    assert (clock.used, clock.overdue_by) == (26, 6)
    assert [s.kind for s in clock.segments] == ["counting", "overdue"]
    assert clock.segments[1].first == D(2026, 12, 22)
    assert "overdue by 6 working days" in clock.summary


def test_a_toll_and_an_extension_show_as_their_own_segments(world, received, today):
    today(D(2026, 12, 10))
    record(received, world.staff, E.TOLLED, D(2026, 12, 1), toll_reason="fees")
    record(received, world.staff, E.RESUMED, D(2026, 12, 3))
    record(received, world.staff, E.EXTENDED, D(2026, 12, 8), working_days=10)
    clock = _clock(received, D(2026, 12, 10))
    # Dec 1-3 stood still (3 working days); 13 - 3 = 10 counted; 20 + 10 allowed.
    assert (clock.used, clock.tolled_days, clock.allowed, clock.extension, clock.left) == (10, 3, 30, 10, 20)
    kinds = [s.kind for s in clock.segments]
    assert kinds == ["counting", "tolled", "counting", "left", "extension"]  # the last 10 working days: the extension
    assert clock.segments[-1].last == clock.due
    tolled = clock.segments[1]
    assert (tolled.first, tolled.last) == (D(2026, 12, 1), D(2026, 12, 3))
    assert "extended by 10 working days" in clock.summary and "clock stopped for 3 working days" in clock.summary


def test_an_open_toll_stops_the_clock(world, received, today):
    today(D(2026, 12, 10))
    record(received, world.staff, E.TOLLED, D(2026, 12, 7), toll_reason="information")
    clock = _clock(received, D(2026, 12, 10))
    assert clock.paused and clock.segments[-1].kind == "tolled" and clock.summary.endswith("stopped now.")
    assert clock.used == 9  # Nov 23-25, 27, Nov 30-Dec 4; from Dec 7 the clock stands still


def test_the_page_draws_the_clock_with_its_text_and_the_stages(client, world, received, today):
    today(D(2026, 12, 10))
    client.force_login(world.staff)
    response = client.get(received.get_absolute_url())
    html = response.content.decode()
    assert '<figure class="foia-clock"' in html and "13 of 20 working days used; 7 left." in html
    assert 'class="clock-today"' in html
    stages = [(s.name, s.state) for s in response.context["o"].stages]
    assert stages == [
        ("Drafted", "done"), ("Submitted", "done"), ("Received", "current"),
        ("Determination", "todo"), ("Appeal", "todo"), ("Litigation", "todo"),
    ]  # fmt: skip
    assert 'aria-current="step"' in html


def test_a_suit_without_an_appeal_marks_the_appeal_stage_skipped(client, world, received, today):
    today(D(2026, 12, 30))
    record(received, world.staff, E.LITIGATION, D(2026, 12, 28))
    client.force_login(world.staff)
    response = client.get(received.get_absolute_url())
    stages = {s.name: s.state for s in response.context["o"].stages}
    assert stages["Litigation"] == "current" and stages["Appeal"] == "skipped" and stages["Determination"] == "skipped"
    assert response.context["o"].clock is None  # the deadline is closed: no clock running
