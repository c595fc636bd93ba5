"""Pages and API: Upcoming, the inbox with its unread count, policy editing, watch and mute; access rules."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Role, Sharing
from deadlines.models import Deadline
from foia.models import FoiaRequest
from reminders.models import (
    DeadlineMute,
    Notification,
    ReminderPolicy,
    ReminderPreference,
    ReminderSchedule,
    Watch,
)
from reminders.services import watch_set
from tests.factories import CoalitionFactory, OrganizationFactory, UserFactory, member
from tests.foia.factories import FoiaRequestFactory

from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 16)  # a Wednesday


@pytest.fixture
def world():
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    return ours, partner, outsider


def _note(user, deadline=None, **kwargs):
    """A reminder notice: each of a deadline's steps is noticed once per user (the sweep's claim)."""
    n = Notification.objects.filter(recipient=user, deadline=deadline).count()
    return Notification.objects.create(
        recipient=user,
        deadline=deadline,
        step=f"2026-12-21:before-{14 - n}",
        title=kwargs.pop("title", "Due soon"),
        **kwargs,
    )


@time_machine.travel(dt.datetime(2026, 12, 16, 12, tzinfo=dt.UTC), tick=False)
def test_upcoming_groups_the_next_30_days_by_week_across_what_the_user_sees(client, world):
    ours, partner, outsider = world
    user = member(ours, Role.STAFF)
    for title, due, org, extra in [
        ("Overdue answer", TODAY - dt.timedelta(days=2), ours, {}),
        ("This week", TODAY + dt.timedelta(days=2), ours, {}),
        ("Next week", TODAY + dt.timedelta(days=6), ours, {}),
        ("Partner shared", TODAY + dt.timedelta(days=20), partner, {"sharing": Sharing.COALITION}),
        (
            "Partner privileged",
            TODAY + dt.timedelta(days=3),
            partner,
            {"sharing": Sharing.COALITION, "privileged": True},
        ),
        ("Partner private", TODAY + dt.timedelta(days=3), partner, {}),
        ("Outsider", TODAY + dt.timedelta(days=3), outsider, {}),
        ("Too far", TODAY + dt.timedelta(days=31), ours, {}),
        ("Closed", TODAY + dt.timedelta(days=3), ours, {"status": "met"}),
    ]:
        DeadlineFactory(title=title, due_date=due, organization=org, **extra)
    client.force_login(user)
    response = client.get(reverse("reminders:upcoming"))
    assert response.status_code == 200
    groups = [(g.label, [d.title for d in g.deadlines]) for g in response.context["groups"]]
    assert groups == [
        ("Overdue", ["Overdue answer"]),
        ("This week", ["This week"]),
        ("Next week", ["Next week"]),
        ("Week of January 4", ["Partner shared"]),
    ]


def test_upcoming_uses_a_fixed_number_of_queries(client, world):
    ours, _, _ = world
    user = member(ours, Role.STAFF)
    with time_machine.travel(dt.datetime(2026, 12, 16, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(user)
        DeadlineFactory(organization=ours, due_date=TODAY)
        client.get(reverse("reminders:upcoming"))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("reminders:upcoming"))
        for i in range(25):
            DeadlineFactory(organization=ours, due_date=TODAY + dt.timedelta(days=i), responsible=user)
        with CaptureQueriesContext(connection) as many:
            assert client.get(reverse("reminders:upcoming")).status_code == 200
    assert len(many) == len(few)


def test_inbox_lists_own_notifications_with_the_unread_count_in_the_nav(client, world):
    ours, _, _ = world
    user, other = member(ours, Role.STAFF), member(ours, Role.STAFF)
    d = DeadlineFactory(organization=ours)
    mine = _note(user, d, title="Mine to read")
    _note(user, d, title="Already read", read_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    theirs = _note(other, d, title="Not mine")
    client.force_login(user)
    page = client.get(reverse("reminders:notifications")).content.decode()
    assert "Mine to read" in page and "Already read" in page and "Not mine" not in page
    # Every page's top bar loads the count with htmx (no page pays a query for it).
    assert f'hx-get="{reverse("reminders:notification-badge")}"' in page
    badge = client.get(reverse("reminders:notification-badge")).content.decode()
    assert 'class="notif-count">1<' in badge and 'aria-label="Notifications, 1 unread"' in badge
    assert client.post(reverse("reminders:notification-read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("reminders:notification-read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="notif-count"' not in client.get(reverse("reminders:notification-badge")).content.decode()


def test_notifications_of_deadlines_the_user_may_no_longer_see_disappear(client, world):
    ours, partner, _ = world
    ally = member(partner, Role.STAFF)
    shared = DeadlineFactory(organization=ours, sharing=Sharing.COALITION)
    _note(ally, shared, title="Shared one")
    client.force_login(ally)
    assert "Shared one" in client.get(reverse("reminders:notifications")).content.decode()
    shared.sharing = Sharing.ORGANIZATION
    shared.save()
    assert "Shared one" not in client.get(reverse("reminders:notifications")).content.decode()


def test_notification_api_lists_and_marks_read_only_the_callers_own(world):
    ours, _, outsider = world
    user, stranger = member(ours, Role.STAFF), member(outsider, Role.STAFF)
    d = DeadlineFactory(organization=ours)
    note = _note(user, d)
    api = APIClient()
    api.force_authenticate(stranger)
    assert api.get("/api/v1/notifications/").json()["count"] == 0
    assert api.get(f"/api/v1/notifications/{note.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{note.pk}/read/").status_code == 404
    api.force_authenticate(user)
    listed = api.get("/api/v1/notifications/?unread=true").json()
    assert [n["id"] for n in listed["results"]] == [note.pk] and listed["results"][0]["unread"]
    assert api.post(f"/api/v1/notifications/{note.pk}/read/").json()["unread"] is False
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    _note(user, d)
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked_read": 1}


def test_policy_api_admins_edit_members_read_others_404(world):
    ours, partner, _ = world
    admin, staff = member(ours, Role.ADMIN), member(ours, Role.STAFF)
    ally_admin = member(partner, Role.ADMIN)
    api = APIClient()
    url = f"/api/v1/reminder-policies/{ours.slug}/"
    api.force_authenticate(staff)
    body = api.get(url).json()
    assert body["foia_days_before"] == [14, 7, 3, 1, 0] and body["court_days_before"] == [21, 14, 7, 3, 1, 0]
    assert (body["foia_escalate_after_days"], body["court_escalate_after_days"]) == (3, 1)
    assert api.patch(url, {"send_hour": 9}, format="json").status_code == 403
    api.force_authenticate(ally_admin)
    assert api.get(url).status_code == 404
    assert api.patch(url, {"send_hour": 9}, format="json").status_code == 404
    api.force_authenticate(admin)
    bad = api.patch(url, {"foia_days_before": [7, 7, -1], "send_hour": 9}, format="json")
    assert bad.status_code == 400 and "foia_days_before" in bad.json()
    assert not ReminderPolicy.objects.filter(organization=ours).exists()  # nothing stored: the defaults were read
    ok = api.patch(url, {"foia_days_before": [3, 10], "send_hour": 9}, format="json")
    assert ok.status_code == 200 and ok.json()["foia_days_before"] == [10, 3]


def test_a_policy_change_reschedules_the_organisations_open_deadlines(world):
    ours, _, _ = world
    admin = member(ours, Role.ADMIN)
    d = DeadlineFactory(organization=ours, due_date=dt.date(2026, 12, 21))
    api = APIClient()
    api.force_authenticate(admin)
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC), tick=False):
        api.patch(f"/api/v1/reminder-policies/{ours.slug}/", {"foia_days_before": [5], "send_hour": 10}, format="json")
    row = ReminderSchedule.objects.get(deadline=d)
    assert row.step == "2026-12-21:before-5" and row.fire_at == dt.datetime(2026, 12, 16, 15, tzinfo=dt.UTC)


def test_policy_page_admins_save_others_read_only(client, world):
    ours, _, _ = world
    admin, attorney = member(ours, Role.ADMIN), member(ours, Role.ATTORNEY)
    client.force_login(attorney)
    assert "Only the organisation's admins" in client.get(reverse("reminders:policy")).content.decode()
    assert client.post(reverse("reminders:policy"), {"send_hour": 9}).status_code == 403
    client.force_login(admin)
    form = {
        "foia_days_before": "10, 3, 0",
        "foia_overdue_daily": "on",
        "foia_escalate_after_days": 2,
        "court_days_before": "30, 7",
        "court_escalate_after_days": 1,
        "overdue_max_days": 10,
        "send_hour": 8,
    }
    bad = client.post(reverse("reminders:policy"), form | {"foia_days_before": "ten"})
    assert bad.status_code == 200 and "Enter whole numbers" in bad.content.decode()
    assert client.post(reverse("reminders:policy"), form).status_code == 302
    policy = ReminderPolicy.objects.get(organization=ours)
    assert (policy.foia_days_before, policy.court_days_before, policy.court_overdue_daily) == (
        [10, 3, 0],
        [30, 7],
        False,
    )


def test_watch_and_mute_only_what_the_user_can_see(client, world):
    ours, partner, outsider = world
    user = member(partner, Role.VIEWER)
    shared = DeadlineFactory(organization=ours, sharing=Sharing.COALITION)
    privileged = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, privileged=True)
    client.force_login(user)
    ct = shared.subject_type.__class__.objects.get_for_model(shared).pk
    assert (
        client.post(
            reverse("reminders:watch"), {"content_type": ct, "object_id": shared.pk, "watching": "1"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("reminders:watch"), {"content_type": ct, "object_id": privileged.pk, "watching": "1"}
        ).status_code
        == 404
    )
    assert client.post(reverse("reminders:watch"), {"content_type": ct, "object_id": "x"}).status_code == 404
    assert list(Watch.objects.filter(user=user).values_list("subject_id", flat=True)) == [shared.pk]
    assert client.post(reverse("reminders:mute", args=[shared.pk]), {"muted": "1"}).status_code == 302
    assert client.post(reverse("reminders:mute", args=[privileged.pk]), {"muted": "1"}).status_code == 404
    assert list(DeadlineMute.objects.filter(user=user).values_list("deadline_id", flat=True)) == [shared.pk]
    page = client.get(reverse("reminders:settings")).content.decode()
    assert shared.title in page and privileged.title not in page


def test_a_follow_that_outlived_access_shows_nothing_of_its_subject(client, world):
    """A partner followed a shared deadline and a shared request; then the deadline became privileged and the
    request stopped being shared. The follows remain, but the settings page names neither."""
    ours, partner, _ = world
    user = member(partner, Role.VIEWER)
    deadline = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, title="Strategy deadline")
    request = FoiaRequestFactory(organization=ours, sharing=Sharing.COALITION, subject="Shared ISAP contracts")
    kept = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, title="Still shared deadline")
    for subject in (deadline, request, kept):
        watch_set(user=user, subject=subject, watching=True)
    client.force_login(user)
    assert "Strategy deadline" in client.get(reverse("reminders:settings")).text

    Deadline.objects.filter(pk=deadline.pk).update(privileged=True)
    FoiaRequest.objects.filter(pk=request.pk).update(sharing=Sharing.ORGANIZATION)
    page = client.get(reverse("reminders:settings")).text

    assert "Still shared deadline" in page
    assert "Strategy deadline" not in page and "Shared ISAP contracts" not in page
    assert Watch.objects.filter(user=user).count() == 3  # kept: access may come back


def test_feed_api_lists_the_callers_feeds_and_rotates_them(world):
    ours, _, outsider = world
    user, stranger = member(ours, Role.STAFF), member(outsider, Role.STAFF)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/feeds/").json()["results"] == []  # reading creates nothing
    for body in ({"scope": "user"}, {"scope": "organization", "organization": ours.slug}):
        assert api.post("/api/v1/feeds/", body, format="json").status_code == 201
    feeds = api.get("/api/v1/feeds/").json()["results"]
    assert sorted((f["scope"], f["organization"]) for f in feeds) == [("organization", ours.slug), ("user", None)]
    feed = feeds[0]
    rotated = api.post(f"/api/v1/feeds/{feed['id']}/rotate/").json()
    assert rotated["url"] != feed["url"] and rotated["url"].endswith(".ics")
    api.force_authenticate(stranger)
    assert api.post(f"/api/v1/feeds/{feed['id']}/rotate/").status_code == 404


def test_the_openapi_schema_generates_without_warnings(client, world, capsys):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/notifications/{id}/read/" in schema["paths"]
    assert "/api/v1/reminder-policies/{organization}/" in schema["paths"]
    assert "/api/v1/feeds/{id}/rotate/" in schema["paths"]
    err = capsys.readouterr().err
    assert "Warning" not in err and "Error" not in err, err


@pytest.mark.parametrize(
    "model",
    [
        "reminderpolicy",
        "reminderpreference",
        "watch",
        "deadlinemute",
        "feedtoken",
        "reminderschedule",
        "reminderdelivery",
        "reminderdigest",
        "notification",
    ],
)
def test_admin_lists_the_reminder_models(client, world, model):
    from django.contrib.auth import get_user_model

    ours, _, _ = world
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123-long-enough")
    note = _note(admin_user, DeadlineFactory(organization=ours))
    client.force_login(admin_user)
    assert client.get(f"/admin/reminders/{model}/").status_code == 200
    if model == "notification":
        assert client.get(f"/admin/reminders/notification/{note.pk}/change/").status_code == 200


def test_email_preferences_are_validated_and_saved(client, world):
    ours, _, _ = world
    user = member(ours, Role.STAFF)
    client.force_login(user)
    bad = client.post(reverse("reminders:settings"), {"email_mode": "digest", "digest_hour": 25})
    assert bad.status_code == 200 and "Ensure this value is less than or equal to 23" in bad.content.decode()
    assert not ReminderPreference.objects.filter(user=user).exists()
    assert client.post(reverse("reminders:settings"), {"email_mode": "digest", "digest_hour": 6}).status_code == 302
    pref = ReminderPreference.objects.get(user=user)
    assert (pref.email_mode, pref.digest_hour) == ("digest", 6)


def test_the_settings_page_links_the_policy_only_when_the_user_has_an_organisation(client, world):
    ours = world[0]
    policy_url = reverse("reminders:policy")
    loner = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(loner)
    page = client.get(reverse("reminders:settings"))
    assert page.status_code == 200 and f'href="{policy_url}"' not in page.text
    assert client.get(policy_url).status_code == 404  # what the link used to lead to

    client.force_login(member(ours, Role.VIEWER, username="reader"))
    page = client.get(reverse("reminders:settings")).text
    assert f'href="{policy_url}"' in page and ours.name in page
    assert client.get(policy_url).status_code == 200


def test_policy_page_checkboxes_sit_beside_their_labels(client, world):
    from pathlib import Path

    from django.conf import settings

    ours, _, _ = world
    client.force_login(member(ours, Role.ADMIN))
    html = client.get(reverse("reminders:policy")).content.decode()
    assert '<div class="field field-checkbox">' in html and 'type="checkbox" name="foia_overdue_daily"' in html
    assert html.count("field-checkbox") == html.count('type="checkbox"')
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    assert ".field.field-checkbox { flex-direction: row;" in css


def test_settings_page_lists_muted_deadlines_with_iso_dates(client, world):
    ours, _, _ = world
    user = member(ours, Role.STAFF)
    due = DeadlineFactory(organization=ours, title="Answer due", due_date=dt.date(2026, 12, 17))
    paused = DeadlineFactory(organization=ours, title="Clock stopped", due_date=None, paused_since=dt.date(2026, 12, 1))
    for deadline in (due, paused):
        DeadlineMute.objects.create(user=user, deadline=deadline)
    client.force_login(user)
    html = client.get(reverse("reminders:settings")).content.decode()
    assert '<span class="date">2026-12-17</span>' in html and "Dec. 17, 2026" not in html
    assert "due None" not in html and "paused" in html


def test_upcoming_shows_a_month_calendar_with_each_deadline_on_its_day(client):
    org = OrganizationFactory()
    user = member(org, Role.STAFF)
    outsider_deadline = DeadlineFactory(organization=OrganizationFactory(), due_date=dt.date(2026, 12, 18))
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC), tick=False):
        ours = DeadlineFactory(organization=org, title="Opposition due", due_date=dt.date(2026, 12, 18))
        late = DeadlineFactory(organization=org, title="Agency answer", due_date=dt.date(2026, 11, 30))
        client.force_login(user)
        response = client.get("/deadlines/upcoming/", {"view": "month", "month": "2026-12"})
    month = response.context["month"]
    assert month.first == dt.date(2026, 12, 1) and len(month.weeks) == 5  # Mon Nov 30 .. Sun Jan 3
    cells = {cell.day: cell for week in month.weeks for cell in week}
    assert cells[dt.date(2026, 12, 18)].deadlines == [ours]  # the other organisation's is not there
    assert cells[dt.date(2026, 11, 30)].deadlines == [late] and not cells[dt.date(2026, 11, 30)].in_month
    html = response.content.decode()
    assert f'href="/deadlines/{ours.pk}/"' in html and f'href="/deadlines/{outsider_deadline.pk}/"' not in html
    assert '<li class="overdue"><a href="/deadlines/' in html
    assert "December 2026" in html and "?view=month&amp;month=2027-01" in html


@pytest.mark.parametrize("month", ["2026-13", "nonsense", "9999-12", "0001-01"])
def test_a_bad_month_is_said_and_this_month_shown(client, month):
    client.force_login(member(OrganizationFactory(), Role.STAFF))
    response = client.get("/deadlines/upcoming/", {"view": "month", "month": month})
    assert response.status_code == 200 and response.context["bad_month"]
    assert "That month is not YYYY-MM" in response.content.decode()
