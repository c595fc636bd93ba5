"""One definition of "mine" on every surface: the request's attorney, its assigned staff and a follower of the request
see (and are reminded of) the same deadline as the person responsible, on the dashboard, Upcoming's "Only mine", the
"My deadlines" feed and the reminders before the due date; privileged work and other organisations stay out."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from coalition.models import Role, Sharing
from reminders.models import FeedScope, Notification
from reminders.services import feed_token_for, reminder_schedule_refresh, reminder_sweep
from tests.factories import CoalitionFactory, OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory

from .factories import DeadlineFactory, watch

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
DUE = dt.date(2026, 12, 21)
PEOPLE = ("responsible", "assigned", "attorney", "follower")


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://tracker.example.org"
    coalition = CoalitionFactory()
    ours, partner, outsider_org = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    people = {name: member(ours, Role.STAFF, username=name) for name in PEOPLE}
    people["attorney"].memberships.update(role=Role.ATTORNEY)
    bystander = member(ours, Role.STAFF, username="bystander")
    ally = member(partner, Role.STAFF, username="ally")  # a coalition partner following the shared request
    outsider = member(outsider_org, Role.STAFF, username="outsider")
    request = FoiaRequestFactory(
        organization=ours, sharing=Sharing.COALITION, assigned_to=people["assigned"], attorney=people["attorney"]
    )
    watch(people["follower"], request)
    watch(ally, request)
    deadline = DeadlineFactory(
        organization=ours, sharing=Sharing.COALITION, subject=request, responsible=people["responsible"],
        title="Agency decides", due_date=DUE, trigger_date=dt.date(2026, 11, 20),
    )  # fmt: skip
    privileged = DeadlineFactory(
        organization=ours, sharing=Sharing.COALITION, privileged=True, subject=request,
        responsible=people["responsible"], title="Strategy memo", due_date=DUE,
    )  # fmt: skip
    # Another organisation's request naming our attorney (by mistake): it is never theirs, since they may not see it.
    other = FoiaRequestFactory(organization=outsider_org, attorney=people["attorney"], assigned_to=outsider)
    theirs = DeadlineFactory(organization=outsider_org, subject=other, title="Not ours", due_date=DUE)
    return SimpleNamespace(
        people=people, bystander=bystander, ally=ally, outsider=outsider, request=request, deadline=deadline,
        privileged=privileged, theirs=theirs,
    )  # fmt: skip


def _frozen():
    return time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=NY), tick=False)


def test_dashboard_lists_the_deadline_for_each_of_its_people(client, world):
    with _frozen():
        for name, user in world.people.items():
            client.force_login(user)
            titles = [d.title for d in client.get("/").context["d"].my_deadlines]
            assert sorted(titles) == ["Agency decides", "Strategy memo"], name
        client.force_login(world.bystander)
        assert client.get("/").context["d"].my_deadlines == []
        client.force_login(world.outsider)
        assert [d.title for d in client.get("/").context["d"].my_deadlines] == ["Not ours"]
        client.force_login(world.ally)  # follows the shared request: the shared deadline, never the privileged one
        assert [d.title for d in client.get("/").context["d"].my_deadlines] == ["Agency decides"]


def _upcoming_titles(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("reminders:upcoming"), {"mine": "1", **params})
    assert response.status_code == 200
    if params.get("view") == "month":
        days = [day for week in response.context["month"].weeks for day in week]
        return sorted(d.title for day in days for d in day.deadlines)
    return sorted(d.title for group in response.context["groups"] for d in group.deadlines)


def test_upcoming_only_mine_has_the_deadline_for_each_of_its_people(client, world):
    with _frozen():
        for params in ({}, {"view": "month", "month": "2026-12"}):
            for name, user in world.people.items():
                assert _upcoming_titles(client, user, **params) == ["Agency decides", "Strategy memo"], name
            assert _upcoming_titles(client, world.bystander, **params) == []
            assert _upcoming_titles(client, world.outsider, **params) == ["Not ours"]
            assert _upcoming_titles(client, world.ally, **params) == ["Agency decides"]
        client.force_login(world.bystander)  # without "Only mine" the bystander still sees the organisation's
        everything = client.get(reverse("reminders:upcoming")).context["groups"]
        assert {d.title for g in everything for d in g.deadlines} == {"Agency decides", "Strategy memo"}


def _feed_titles(client, user):
    token = feed_token_for(user=user, scope=FeedScope.USER)
    response = client.get(reverse("reminders:feed", args=[token.token]))
    assert response.status_code == 200
    return sorted(str(e["summary"]).split(" · ")[0] for e in Calendar.from_ical(response.content).walk("VEVENT"))


def test_my_deadlines_feed_has_the_deadline_for_each_of_its_people(client, world):
    with _frozen():
        for name, user in world.people.items():
            # the privileged one is in the feed too, without details (tests/reminders/test_feeds.py)
            assert _feed_titles(client, user) == ["Due: Agency decides", "Privileged deadline"], name
        assert _feed_titles(client, world.bystander) == []
        assert _feed_titles(client, world.outsider) == ["Due: Not ours"]
        assert _feed_titles(client, world.ally) == ["Due: Agency decides"]


def test_reminders_before_the_due_date_reach_each_of_its_people(world):
    with time_machine.travel(dt.datetime(2026, 12, 7, 8, tzinfo=NY), tick=False):  # FOIA: 14 days before, 07:00
        reminder_schedule_refresh(deadline_ids=[world.deadline.pk, world.privileged.pk, world.theirs.pk])
        reminder_sweep()
    got = set(Notification.objects.values_list("deadline__title", "recipient__username", "step"))
    step = "2026-12-21:before-14"
    assert got == {("Agency decides", name, step) for name in (*PEOPLE, "ally")} | {
        ("Strategy memo", name, step) for name in PEOPLE
    } | {("Not ours", "outsider", step)}  # never the attorney the other organisation's request names
