"""The sweep in-process: what it claims, for whom, and that nothing is claimed twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Role, Sharing
from deadlines.models import Deadline
from deadlines.signals import deadlines_changed
from directory.models import Agency
from reminders.models import (
    Channel,
    DeadlineMute,
    DeliveryStatus,
    EmailMode,
    Notification,
    ReminderDelivery,
    ReminderPreference,
    ReminderSchedule,
)
from reminders.recipients import deadline_recipients
from reminders.render import deadline_path, notification_text
from reminders.services import reminder_schedule_reconcile, reminder_schedule_refresh, reminder_sweep
from reminders.services.sweep import SweepResult, _claim
from reminders.steps import Step
from tests.factories import CoalitionFactory, OrganizationFactory, member

from .factories import AgencyFactory, CourtDeadlineFactory, CourtFactory, DeadlineFactory, watch

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def at(*args):
    return dt.datetime(*args, tzinfo=NY)


@pytest.fixture
def org():
    return OrganizationFactory()


def _deliveries(**filters):
    return sorted(
        ReminderDelivery.objects.filter(**filters).values_list("recipient__username", "step", "channel", "status")
    )


def test_the_signal_schedules_deadlines_and_the_sweep_fires_the_due_step(
    org, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    owner = member(org, Role.STAFF, username="owner")
    d = DeadlineFactory(organization=org, responsible=owner, due_date=dt.date(2026, 12, 21))
    with time_machine.travel(at(2026, 12, 1, 9), tick=False):
        deadlines_changed.send(sender=None, deadline_ids=[d.pk])
    row = ReminderSchedule.objects.get(deadline=d)
    assert (row.step, row.fire_at) == ("2026-12-21:before-14", at(2026, 12, 7, 7))

    with time_machine.travel(at(2026, 12, 7, 7, 1), tick=False), django_capture_on_commit_callbacks(execute=True):
        result = reminder_sweep()
    assert result.fired_steps == 1
    assert _deliveries() == [("owner", "2026-12-21:before-14", "email", "sent")]
    (note,) = Notification.objects.filter(recipient=owner)
    assert (note.deadline, note.step) == (d, "2026-12-21:before-14")
    assert note.title.startswith(f"{d.title}: due in 14 days")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [owner.email]
    row.refresh_from_db()
    assert (row.step, row.last_step) == ("2026-12-21:before-7", "2026-12-21:before-14")


def test_a_sweep_run_twice_claims_each_reminder_once(org, eager_celery, mailoutbox, django_capture_on_commit_callbacks):
    owner = member(org, Role.STAFF)
    d = DeadlineFactory(organization=org, responsible=owner)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        first, second = reminder_sweep(), reminder_sweep()
    assert (first.fired_steps, second.fired_steps) == (1, 0)
    assert ReminderDelivery.objects.count() == 1 and Notification.objects.count() == 1 and len(mailoutbox) == 1


def test_the_unique_constraint_refuses_a_second_claim_of_the_same_step(org):
    """Two sweeps that both read the same due rows (no lock) still insert each delivery once."""
    owner = member(org, Role.STAFF)
    d = DeadlineFactory(organization=org, responsible=owner)
    step = Step(key="2026-12-21:before-3", fire_at=at(2026, 12, 18, 7), days_before=3)
    now = at(2026, 12, 18, 8)
    first, second = SweepResult(), SweepResult()
    _claim([d], {d.pk: step}, now=now, result=first)
    _claim([d], {d.pk: step}, now=now, result=second)
    assert (first.deliveries, second.deliveries) == (1, 0)
    assert (first.notifications, second.notifications) == (1, 0)
    assert Notification.objects.count() == 1 and second.email_ids == []


def test_deadlines_due_the_same_day_keep_their_own_history_and_zone(org):
    """The sweep plans the steps once per (due date, zone, rule, last fired): a deadline that already fired its step,
    or whose agency is three hours behind, must not borrow the plan of a neighbour due the same day."""
    owner = member(org, Role.STAFF)
    fresh = DeadlineFactory(organization=org, responsible=owner)
    fired = DeadlineFactory(organization=org, responsible=owner)
    west = DeadlineFactory(
        organization=org, responsible=owner, agency=AgencyFactory(slug="west", time_zone="America/Los_Angeles")
    )
    now = at(2026, 12, 18, 8)
    with time_machine.travel(now, tick=False):
        reminder_schedule_refresh(deadline_ids=[fresh.pk, fired.pk, west.pk])
    # All three rows come up in this sweep: one step already fired, one due only at 7:00 Pacific (10:00 Eastern).
    ReminderSchedule.objects.filter(deadline=fired).update(
        fire_at=at(2026, 12, 18, 7), last_step="2026-12-21:before-3", last_fired_at=at(2026, 12, 18, 7)
    )
    ReminderSchedule.objects.filter(deadline=west).update(
        fire_at=at(2026, 12, 18, 7), last_step="2026-12-21:before-7", last_fired_at=at(2026, 12, 14, 10)
    )

    result = reminder_sweep(now=now)

    assert list(Notification.objects.values_list("deadline", "step")) == [(fresh.pk, "2026-12-21:before-3")]
    rows = {r.deadline_id: (r.step, r.fire_at) for r in ReminderSchedule.objects.all()}
    assert rows == {
        fresh.pk: ("2026-12-21:before-1", at(2026, 12, 20, 7)),
        fired.pk: ("2026-12-21:before-1", at(2026, 12, 20, 7)),
        west.pk: ("2026-12-21:before-3", at(2026, 12, 18, 10)),
    }
    assert result.fired_steps == 1


def test_a_closed_deadline_is_dropped_and_its_unsent_reminders_cancelled(org):
    owner = member(org, Role.STAFF)
    d = DeadlineFactory(organization=org, responsible=owner)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()  # not eager: the email stays pending
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.PENDING
    d.status = "met"
    d.save()
    deadlines_changed.send(sender=None, deadline_ids=[d.pk])
    assert not ReminderSchedule.objects.exists()
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.CANCELLED


def test_an_extension_cancels_the_old_steps_and_schedules_the_new_date(org):
    owner = member(org, Role.STAFF)
    d = DeadlineFactory(organization=org, responsible=owner, due_date=dt.date(2026, 12, 21))
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
        d.due_date = dt.date(2027, 1, 6)  # unusual-circumstances extension: +10 working days
        d.save()
        deadlines_changed.send(sender=None, deadline_ids=[d.pk])
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.CANCELLED
    row = ReminderSchedule.objects.get(deadline=d)
    # Catch-up: "due in 14 days" for the new date already passed (Dec 23 > now?) -> the next is before-14 on Dec 23
    assert row.step == "2027-01-06:before-14" and row.fire_at == at(2026, 12, 23, 7)
    with time_machine.travel(at(2026, 12, 21, 8), tick=False):
        assert reminder_sweep().fired_steps == 0  # the old due day passes quietly


def test_a_muted_deadline_sends_nothing_to_the_user_who_muted_it(org):
    owner, colleague = member(org, Role.STAFF), member(org, Role.STAFF)
    d = DeadlineFactory(organization=org, responsible=owner)
    watch(colleague, d)
    DeadlineMute.objects.create(user=owner, deadline=d)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
    assert set(ReminderDelivery.objects.values_list("recipient_id", flat=True)) == {colleague.pk}


def test_recipients_are_only_people_who_may_see_the_deadline():
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    owner = member(ours, Role.STAFF, username="owner")
    ally = member(partner, Role.STAFF, username="ally")
    stranger = member(outsider, Role.STAFF, username="stranger")
    inactive = member(ours, Role.STAFF, username="gone")
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    shared = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, responsible=owner, title="Shared")
    privileged = DeadlineFactory(
        organization=ours, sharing=Sharing.COALITION, privileged=True, responsible=owner, title="Strategy"
    )
    private = DeadlineFactory(organization=ours, responsible=owner, title="Private")
    for d in (shared, privileged, private):
        for user in (ally, stranger, inactive):
            watch(user, d)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[shared.pk, privileged.pk, private.pk])
        reminder_sweep()
    got = set(ReminderDelivery.objects.values_list("deadline__title", "recipient__username").distinct())
    assert got == {("Shared", "owner"), ("Shared", "ally"), ("Strategy", "owner"), ("Private", "owner")}


def test_watching_the_subject_brings_its_deadlines(org):
    case = DeadlineFactory(organization=org, title="(a tracked object)")  # any organisation-owned object works
    follower = member(org, Role.VIEWER, username="follower")
    watch(follower, case)
    d = DeadlineFactory(organization=org, subject=case, responsible=None)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
    assert {r[0] for r in _deliveries(deadline=d)} == {"follower"}


def test_escalation_reaches_attorneys_and_admins_after_n_days_overdue(org):
    owner = member(org, Role.STAFF, username="owner")
    member(org, Role.ATTORNEY, username="attorney")
    member(org, Role.ADMIN, username="admin")
    member(org, Role.VIEWER, username="viewer")
    d = CourtDeadlineFactory(organization=org, responsible=owner, due_date=dt.date(2026, 12, 21))
    with time_machine.travel(at(2026, 12, 21, 8), tick=False):  # due day: owner only
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
    with time_machine.travel(at(2026, 12, 22, 8), tick=False):  # court: escalates 1 day overdue
        reminder_sweep()
    inapp = sorted(Notification.objects.values_list("recipient__username", "step"))
    assert inapp == [
        ("admin", "2026-12-21:overdue-1"),
        ("attorney", "2026-12-21:overdue-1"),
        ("owner", "2026-12-21:due"),
        ("owner", "2026-12-21:overdue-1"),
    ]
    assert ReminderDelivery.objects.filter(step__endswith="overdue-1", escalation=True).count() == 3


def test_email_preferences_choose_the_channels(org):
    immediate = member(org, Role.STAFF, username="immediate")
    digest = member(org, Role.STAFF, username="digest")
    quiet = member(org, Role.STAFF, username="quiet")
    ReminderPreference.objects.create(user=digest, email_mode=EmailMode.DIGEST)
    ReminderPreference.objects.create(user=quiet, email_mode=EmailMode.NONE)
    d = DeadlineFactory(organization=org, responsible=immediate)
    watch(digest, d)
    watch(quiet, d)
    with time_machine.travel(at(2026, 12, 18, 8), tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
    assert [(u, c) for u, _, c, _ in _deliveries()] == [("digest", "digest"), ("immediate", "email")]
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "digest",
        "immediate",
        "quiet",
    ]


def test_the_sweep_does_a_fixed_number_of_queries_whatever_the_number_due(org):
    users = [member(org, Role.STAFF) for _ in range(3)]

    def sweep_queries(n):
        ids = [DeadlineFactory(organization=org, responsible=users[i % 3]).pk for i in range(n)]
        with time_machine.travel(at(2026, 12, 18, 8), tick=False):
            reminder_schedule_refresh(deadline_ids=ids)
        with time_machine.travel(at(2026, 12, 18, 8), tick=False), CaptureQueriesContext(connection) as ctx:
            assert reminder_sweep().fired_steps == n
        ReminderSchedule.objects.all().delete()
        return len(ctx.captured_queries)

    # (30 fits in one batch of every bulk statement, also under SQLite's 999 bound parameters)
    assert sweep_queries(5) == sweep_queries(30)


def test_the_hourly_reconcile_repairs_what_a_lost_signal_missed(org):
    owner = member(org, Role.STAFF)
    # Rows are created before the clock is read by the reconcile, at a frozen time: created at the real time, they
    # would look changed after a schedule computed at any earlier frozen time.
    with time_machine.travel(at(2026, 12, 1, 8), tick=False):
        unscheduled = DeadlineFactory(organization=org, responsible=owner)  # created without a signal
        closed = DeadlineFactory(organization=org, responsible=owner)
    with time_machine.travel(at(2026, 12, 1, 9), tick=False):
        reminder_schedule_refresh(deadline_ids=[closed.pk])
        Deadline.objects.filter(pk=closed.pk).update(status="met")  # closed behind the signal's back
        assert reminder_schedule_reconcile() == 2
        assert reminder_schedule_reconcile() == 0
    assert list(ReminderSchedule.objects.values_list("deadline_id", flat=True)) == [unscheduled.pk]


def test_the_sweep_reads_zones_and_words_its_notices_like_the_deadline_pages(org, settings):
    """The sweep reads deadline columns, not model instances: it must still fire each deadline at the send hour of
    its own court's or agency's zone, and word the notice (title, subject, citation, link) like `notification_text`
    and `deadline_path` do for the deadline itself."""
    settings.TIME_ZONE = "America/New_York"
    owner = member(org, Role.STAFF, username="owner")
    chicago = AgencyFactory(slug="fbi", abbreviation="FBI", time_zone="America/Chicago")
    pacific = CourtFactory(slug="cand", name="N.D. Cal.", time_zone="America/Los_Angeles")
    foia = DeadlineFactory(organization=org, responsible=owner, agency=chicago, due_date=dt.date(2026, 12, 21))
    court = CourtDeadlineFactory(organization=org, responsible=owner, court=pacific, due_date=dt.date(2026, 12, 21))
    orphan = DeadlineFactory(organization=org, responsible=owner, due_date=dt.date(2026, 12, 21))
    orphan_subject = ContentType.objects.get_for_model(Agency).pk, 987654  # its subject no longer exists
    Deadline.objects.filter(pk=orphan.pk).update(subject_type_id=orphan_subject[0], subject_id=orphan_subject[1])
    orphan.refresh_from_db()
    ids = [foia.pk, court.pk, orphan.pk]
    with time_machine.travel(at(2026, 12, 17, 12), tick=False):  # catches up on the "7 days before" steps
        reminder_schedule_refresh(deadline_ids=ids)
        assert reminder_sweep().fired_steps == 3
    Notification.objects.all().delete()
    fired = {}
    for hour in (7, 8, 9, 10):  # 07:00 New York, 07:00 Chicago (08:00 NY), 07:00 Los Angeles (10:00 NY)
        with time_machine.travel(at(2026, 12, 18, hour, 30), tick=False):
            reminder_sweep()
        fired[hour] = set(Notification.objects.values_list("deadline_id", flat=True))
    assert fired == {
        7: {orphan.pk},
        8: {orphan.pk, foia.pk},
        9: {orphan.pk, foia.pk},
        10: {orphan.pk, foia.pk, court.pk},
    }
    for d in (foia, court, orphan):
        n = Notification.objects.get(deadline=d)
        assert (n.title, n.body) == notification_text(d, today=dt.date(2026, 12, 18), escalation=False)
        assert n.url == deadline_path(d)
    assert Notification.objects.get(deadline=foia).body.startswith("FBI\n")
    assert Notification.objects.get(deadline=orphan).body == orphan.citation


def test_recipients_in_one_query_keep_every_access_rule(django_assert_num_queries):
    """Escalation reaches only the deadline's own organisation's attorneys and admins; a member of an organisation in
    another coalition, or a former member still named responsible, gets nothing; a watcher of the deadline itself
    does; each person once, in one query."""
    coalition, other = CoalitionFactory(), CoalitionFactory()
    ours, partner, elsewhere = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    elsewhere.coalitions.add(other)
    former = member(partner, Role.STAFF, username="former")  # responsible, but not (or no longer) in `ours`
    attorney = member(ours, Role.ATTORNEY, username="attorney")
    member(partner, Role.ADMIN, username="partner-admin")
    ally = member(partner, Role.VIEWER, username="ally")
    far = member(elsewhere, Role.STAFF, username="far")
    shared = DeadlineFactory(organization=ours, sharing=Sharing.COALITION, responsible=attorney)
    private = DeadlineFactory(organization=ours, responsible=former)
    for user in (ally, far, attorney):
        watch(user, shared)
    watch(ally, private)
    with django_assert_num_queries(1):
        got = deadline_recipients([shared, private], escalating={shared.pk, private.pk})
    names = dict(get_user_model().objects.values_list("pk", "username"))
    assert {pk: [names[r.user_id] for r in rs] for pk, rs in got.items()} == {
        shared.pk: sorted(["attorney", "ally"], key=lambda n: get_user_model().objects.get(username=n).pk),
        private.pk: ["attorney"],
    }
