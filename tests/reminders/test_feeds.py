"""Calendar feeds, parsed back with the icalendar library."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from coalition.models import Role, Sharing
from coalition.services import membership_remove
from reminders.models import FeedScope
from reminders.services import deadline_mute_set, feed_token_for
from tests.factories import CoalitionFactory, OrganizationFactory, member

from .factories import CourtDeadlineFactory, CourtFactory, DeadlineFactory, watch

pytestmark = pytest.mark.django_db
SECRET = "Sanctions motion against ICE counsel"


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://tracker.example.org"
    coalition = CoalitionFactory()
    ours, partner = OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    owner = member(ours, Role.ATTORNEY, username="owner")
    ally = member(partner, Role.STAFF, username="ally")
    return ours, partner, owner, ally


def _events(client, token):
    response = client.get(reverse("reminders:feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    # keyed by the deadline's part of the title ("Due: <title>"); what it is for follows " · " (tested below)
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return {str(e["summary"]).split(" · ")[0]: e for e in events}, response.content


def test_feed_events_are_all_day_on_the_legal_date_with_stable_uids_and_alarms(client, world):
    ours, _, owner, _ = world
    pacific = CourtFactory(slug="cand", name="N.D. Cal.", time_zone="America/Los_Angeles")
    d = CourtDeadlineFactory(
        organization=ours, court=pacific, responsible=owner, title="Reply brief", due_date=dt.date(2027, 3, 1)
    )
    token = feed_token_for(user=owner, scope=FeedScope.USER)
    events, _ = _events(client, token)
    event = events["Due: Reply brief"]
    assert event.decoded("dtstart") == dt.date(2027, 3, 1) and event["dtstart"].params["VALUE"] == "DATE"
    assert event.decoded("dtend") == dt.date(2027, 3, 2)
    assert str(event["uid"]) == f"deadline-{d.pk}@tracker.example.org"
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    # Court defaults: 21, 14, 7, 3, 1 days before and the due day, at 07:00 Pacific (15:00 UTC in winter)
    assert triggers[-1] == dt.datetime(2027, 3, 1, 15, tzinfo=dt.UTC)
    assert triggers[0] == dt.datetime(2027, 2, 8, 15, tzinfo=dt.UTC)
    assert all(a["trigger"].params["VALUE"] == "DATE-TIME" for a in event.walk("VALARM"))
    assert "D.D.C. LCvR 7(b)" in str(event["description"])

    d.due_date = dt.date(2027, 3, 8)  # moved: same event, new date
    d.save()
    moved = _events(client, token)[0]["Due: Reply brief"]
    assert str(moved["uid"]) == str(event["uid"]) and moved.decoded("dtstart") == dt.date(2027, 3, 8)


def test_a_muted_deadline_stays_in_the_feed_without_alarms(client, world):
    ours, _, owner, _ = world
    DeadlineFactory(organization=ours, responsible=owner, title="Kept loud")
    quiet = DeadlineFactory(organization=ours, responsible=owner, title="Muted one")
    deadline_mute_set(user=owner, deadline=quiet, muted=True)
    for token in (feed_token_for(user=owner, scope=FeedScope.USER),
                  feed_token_for(user=owner, scope=FeedScope.ORGANIZATION, organization=ours)):  # fmt: skip
        events, _ = _events(client, token)
        assert set(events) == {"Due: Kept loud", "Due: Muted one"}
        assert events["Due: Muted one"].walk("VALARM") == []
        assert len(events["Due: Kept loud"].walk("VALARM")) == 5  # FOIA defaults: 14, 7, 3, 1 days and the due day


def test_user_feed_has_what_they_are_responsible_for_or_follow_and_only_open_deadlines(client, world):
    ours, _, owner, _ = world
    colleague = member(ours, Role.STAFF)
    DeadlineFactory(organization=ours, responsible=owner, title="Mine")
    followed = DeadlineFactory(organization=ours, responsible=colleague, title="Followed")
    DeadlineFactory(organization=ours, responsible=colleague, title="Someone else's")
    DeadlineFactory(organization=ours, responsible=owner, title="Done", status="met")
    watch(owner, followed)
    events, _ = _events(client, feed_token_for(user=owner, scope=FeedScope.USER))
    assert set(events) == {"Due: Mine", "Due: Followed"}
    org_events, _ = _events(client, feed_token_for(user=owner, scope=FeedScope.ORGANIZATION, organization=ours))
    assert set(org_events) == {"Due: Mine", "Due: Followed", "Due: Someone else's"}


def test_privileged_deadlines_show_no_details_and_never_reach_partners(client, world):
    ours, _, owner, ally = world
    privileged = DeadlineFactory(
        organization=ours,
        sharing=Sharing.COALITION,
        privileged=True,
        responsible=owner,
        title=SECRET,
        rule="manual-order",
        citation="Order of Dec 1 (sealed)",
        steps=["Sealed order entered 2026-12-01"],
    )
    shared = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, title="Shared request due")
    watch(ally, shared)
    watch(ally, privileged)  # even a stale watch must not leak it
    events, raw = _events(client, feed_token_for(user=owner, scope=FeedScope.USER))
    assert "Privileged deadline" in events
    for secret in (SECRET, "Sealed", "sealed", "manual-order"):
        assert secret.encode() not in raw
    assert events["Privileged deadline"].decoded("dtstart") == privileged.due_date

    ally_events, ally_raw = _events(client, feed_token_for(user=ally, scope=FeedScope.USER))
    assert set(ally_events) == {"Due: Shared request due"}
    assert b"Privileged" not in ally_raw and SECRET.encode() not in ally_raw


def test_rotating_a_feed_kills_the_old_url(client, world):
    _, _, owner, ally = world
    token = feed_token_for(user=owner, scope=FeedScope.USER)
    old = token.token
    client.force_login(ally)
    assert client.post(reverse("reminders:feed-rotate", args=[token.pk])).status_code == 404  # not theirs
    client.force_login(owner)
    assert client.post(reverse("reminders:feed-rotate", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.token != old
    assert client.get(reverse("reminders:feed", args=[old])).status_code == 404
    assert client.get(reverse("reminders:feed", args=[token.token])).status_code == 200


def test_an_organisation_feed_stops_when_its_owner_leaves_the_organisation(client, world):
    ours, _, owner, _ = world
    token = feed_token_for(user=owner, scope=FeedScope.ORGANIZATION, organization=ours)
    assert client.get(reverse("reminders:feed", args=[token.token])).status_code == 200
    owner.memberships.all().delete()
    assert client.get(reverse("reminders:feed", args=[token.token])).status_code == 404
    assert client.get(reverse("reminders:feed", args=["not-a-token"])).status_code == 404


def test_nobody_gets_a_feed_of_another_organisation(world):
    _, partner, owner, _ = world
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        feed_token_for(user=owner, scope=FeedScope.ORGANIZATION, organization=partner)


def test_after_removal_from_an_organisation_its_feed_is_neither_listed_nor_rotatable(client, world):
    ours, partner, owner, _ = world
    member_of_both = member(ours, Role.STAFF, username="both", first_name="B")
    partner.memberships.create(user=member_of_both, role=Role.STAFF)
    admin = member(partner, Role.ADMIN, username="partner-admin")
    client.force_login(member_of_both)
    page = client.get(reverse("reminders:settings")).text
    assert f"{partner.name}: all open deadlines" in page and f"{ours.name}: all open deadlines" in page
    left = feed_token_for(user=member_of_both, scope=FeedScope.ORGANIZATION, organization=partner)
    old = left.token

    membership_remove(membership=partner.memberships.get(user=member_of_both), actor=admin)
    page = client.get(reverse("reminders:settings")).text
    assert f"{partner.name}: all open deadlines" not in page and old not in page
    assert f"{ours.name}: all open deadlines" in page  # the feeds they may still use stay
    assert reverse("reminders:feed-rotate", args=[left.pk]) not in page
    assert client.post(reverse("reminders:feed-rotate", args=[left.pk])).status_code == 404
    left.refresh_from_db()
    assert left.token == old

    api = APIClient()
    api.force_authenticate(type(member_of_both).objects.get(pk=member_of_both.pk))  # no memberships cached
    listed = api.get("/api/v1/feeds/").json()["results"]
    assert left.pk not in {f["id"] for f in listed} and listed == []  # reading the page created none of the others
    assert api.post(f"/api/v1/feeds/{left.pk}/rotate/").status_code == 404
    left.refresh_from_db()
    assert left.token == old


def test_event_titles_name_what_the_deadline_is_for(client, world):
    """Two requests' "Agency decides the appeal" must not look alike in a calendar grid."""
    from tests.foia.factories import FoiaRequestFactory

    ours, _, owner, _ = world
    token = feed_token_for(user=owner, scope=FeedScope.USER)
    first = FoiaRequestFactory(organization=ours, subject="Trust Stamp contract")
    second = FoiaRequestFactory(organization=ours, subject="SmartLINK retention schedules " + "x" * 80)
    for req in (first, second):
        DeadlineFactory(organization=ours, responsible=owner, title="Agency decides the appeal", subject=req)
    response = client.get(reverse("reminders:feed", args=[token.token]))
    titles = sorted(str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))
    assert titles[1] == "Due: Agency decides the appeal · Trust Stamp contract"
    assert titles[0].startswith("Due: Agency decides the appeal · SmartLINK retention schedules x")
    assert titles[0].endswith("…") and len(titles[0].split(" · ")[1]) == 60
