"""The dashboard's pictures: requests by status (links land on lists with the same counts), the deadline strip and
the per-agency figures, against hand-counted working days."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Sharing
from foia.choices import EventKind as E
from tests.foia.factories import FoiaRequestFactory, agency, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def _received(world, on, **fields):
    req = FoiaRequestFactory(organization=world.ours, **fields)
    record_all(req, world.staff, (E.SUBMITTED, on - dt.timedelta(days=2)), (E.RECEIVED, on))
    return req


def test_status_links_land_on_lists_with_the_same_counts(client, world, today):
    today(D(2026, 12, 10))
    _received(world, D(2026, 11, 20))
    shared = FoiaRequestFactory(organization=world.partner, sharing=Sharing.COALITION)
    record_all(shared, world.partner_staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    client.force_login(world.staff)
    bars = {bar.label: bar for bar in client.get("/").context["d"].status_bars}
    assert bars["In process"].value == 1  # ours only: the partner's shared request is not counted
    listed = client.get(bars["In process"].url)
    assert listed.context["page"].paginator.count == 1


def test_the_deadline_strip_counts_overdue_and_each_window(client, world, today):
    today(D(2026, 12, 10))
    _received(world, D(2026, 11, 2))  # due 2026-12-02: overdue
    _received(world, D(2026, 11, 20))  # due 2026-12-21: within 30 days
    _received(world, D(2026, 12, 10))  # due 2027-01-11 (Christmas, New Year's Day skipped): 31-60 days
    client.force_login(world.staff)
    strip = client.get("/").context["d"].deadline_strip
    assert [(bar.label, bar.value) for bar in strip] == [
        ("Overdue", 1), ("0–30 days", 1), ("31–60 days", 1), ("61–90 days", 0)
    ]  # fmt: skip
    for bar in strip[:2]:  # the linked windows show exactly the deadlines counted
        assert client.get(bar.url).context["page"].paginator.count == bar.value


def test_agency_figures_give_the_median_working_days_to_a_determination(client, world, today):
    today(D(2026, 12, 10))
    quick = _received(world, D(2026, 11, 20))
    record(quick, world.staff, E.FINAL_RESPONSE, D(2026, 12, 1), outcome="full_grant")  # Nov 23-25, 27, 30, Dec 1: 6
    slow = _received(world, D(2026, 11, 2))
    # Nov 3-6, 9, 10, 12, 13 (Veterans Day, Nov 11, skipped), 16-20, 23-25, 27, 30: 18
    record(slow, world.staff, E.FINAL_RESPONSE, D(2026, 11, 30), outcome="partial")
    _received(world, D(2026, 11, 2), agency=agency("cbp"))  # open and overdue, never answered
    client.force_login(world.staff)
    response = client.get("/")
    figures = {a.slug: a for a in response.context["d"].agencies}
    assert figures["cbp"].open == 1 and figures["cbp"].overdue == 1 and figures["cbp"].median_working_days is None
    assert figures["ice"].median_working_days == 12 and figures["ice"].determinations == 2  # median of 6 and 18
    assert "12 <small" in response.content.decode()


def test_the_median_sample_is_the_most_recent_determinations_of_every_agency(client, world, today, monkeypatch):
    """The medians come from the latest MEDIAN_SAMPLE determinations whatever their agency (it once took the first
    agencies' only, so an agency late in the order had no median however recent its answers)."""
    from foia.selectors import dashboard

    monkeypatch.setattr(dashboard, "MEDIAN_SAMPLE", 2)
    today(D(2026, 12, 10))
    for slug, received, answered in [
        ("cbp", D(2026, 11, 2), D(2026, 11, 30)),
        ("uscis", D(2026, 11, 20), D(2026, 12, 1)),
    ]:
        record(
            _received(world, received, agency=agency(slug)), world.staff, E.FINAL_RESPONSE, answered, outcome="partial"
        )
    old = _received(world, D(2026, 1, 5), agency=agency("cbp"))
    record(old, world.staff, E.FINAL_RESPONSE, D(2026, 3, 2), outcome="partial")  # the oldest: left out of the 2
    client.force_login(world.staff)
    figures = {a.slug: a for a in client.get("/").context["d"].agencies}
    # 18 working days (see the test above) and 6; the March answer is not in the sample.
    assert (figures["cbp"].median_working_days, figures["cbp"].determinations) == (18, 1)
    assert (figures["uscis"].median_working_days, figures["uscis"].determinations) == (6, 1)


def test_one_list_of_your_deadlines(client, world, today):
    today(D(2026, 12, 10))
    _received(world, D(2026, 11, 20), assigned_to=world.staff)
    client.force_login(world.staff)
    html = client.get("/").content.decode()
    assert "Your deadlines" in html and "Next deadlines you can see" not in html


def test_the_dashboard_makes_a_fixed_number_of_queries(client, world, today):
    today(D(2026, 12, 10))
    client.force_login(world.staff)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx.captured_queries)

    for n in range(3):
        req = _received(world, D(2026, 11, 2 + n))
        record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 1), outcome="full_grant")
    few = queries()
    for n in range(6):
        req = _received(world, D(2026, 11, 9 + n), agency=agency(["cbp", "uscis", "ice"][n % 3]))
        record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 2), outcome="partial")
    assert queries() == few
