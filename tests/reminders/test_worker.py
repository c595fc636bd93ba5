"""Reminders against the real Redis broker and real `celery worker` processes: never lost, never repeated.

Each test claims reminders with the real sweep, lets a real worker send them through a recording email backend,
breaks something (concurrent sweeps, SIGKILL mid-send, a Redis restart, an extension, a mute), and checks that every
reminder arrived exactly once. Leases are 5 s here (6 min in production) so a lost send is re-enqueued quickly.
"""

import datetime as dt
import signal
import threading
import time
from collections import Counter

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from coalition.models import Role
from config.celery import app as celery_app
from deadlines.signals import deadlines_changed
from reminders import tasks
from reminders.models import (
    LIVE_STATUSES,
    Channel,
    DeadlineMute,
    DeliveryStatus,
    EmailMode,
    Notification,
    ReminderDelivery,
    ReminderDigest,
    ReminderPreference,
    ReminderSchedule,
    Watch,
)
from reminders.services import reminder_digest_sweep, reminder_schedule_refresh, reminder_sweep
from tests.factories import OrganizationFactory, member

from .factories import DeadlineFactory, ReminderPolicyFactory, watch
from .harness import RedisServer, Worker, manage, process_env, wait_for
from .mailbox import sent

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LEASE = 5


@pytest.fixture(autouse=True)
def short_lease_and_a_real_broker(settings):
    settings.REMINDER_LEASE_SECONDS = LEASE
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this process publishes to Redis; the worker runs the tasks
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    return tmp_path_factory.mktemp("mailbox")


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory, box):
    """One worker for the module, on the shared Redis (REDIS_URL) and the test database."""
    from django.conf import settings

    with django_db_blocker.unblock():
        env = process_env(
            redis_url=settings.REDIS_URL, mailbox=box, var_dir=tmp_path_factory.mktemp("var"), lease_seconds=LEASE
        )
    celery_app.control.purge()  # stale messages from an earlier run would only be no-ops, but keep logs clean
    w = Worker(env, tmp_path_factory.mktemp("logs") / "worker.log").start()
    yield w
    w.stop()


@pytest.fixture
def mailbox(box):
    for f in box.iterdir():
        f.unlink()
    return box


def due_today(n=1, *, watchers=0, **deadline_kwargs):
    """n deadlines due today whose "due" step (at 00:00 local) has fired, each with a responsible person."""
    org = OrganizationFactory()
    ReminderPolicyFactory(organization=org, send_hour=0)
    deadlines = []
    for _ in range(n):
        d = DeadlineFactory(
            organization=org,
            responsible=member(org, Role.STAFF),
            due_date=timezone.localdate(),
            **deadline_kwargs,
        )
        for _ in range(watchers):
            watch(member(org, Role.VIEWER), d)
        deadlines.append(d)
    reminder_schedule_refresh(deadline_ids=[d.pk for d in deadlines])
    return deadlines


def settled() -> bool:
    return not ReminderDelivery.objects.filter(channel=Channel.EMAIL, status__in=LIVE_STATUSES).exists()


def assert_each_sent_once(box, expected: Counter):
    time.sleep(1.5)  # let any straggling duplicate arrive before counting
    got = Counter((tuple(m["to"]), m["subject"].split(":")[0]) for m in sent(box))  # "<title>: due today (...)"
    assert got == expected and set(got.values()) == {1}


def expected_emails() -> Counter:
    rows = ReminderDelivery.objects.filter(channel=Channel.EMAIL).select_related("recipient", "deadline")
    return Counter(((r.recipient.email,), r.deadline.title) for r in rows)


def _threaded(fn, n):
    errors = []
    barrier = threading.Barrier(n)

    def run():
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def test_a_reminder_is_delivered_once_when_sweeps_run_concurrently(worker, mailbox):
    deadlines = due_today(4, watchers=1)
    for _ in range(2):  # two sweeps in the worker (two beats) ...
        tasks.reminder_sweep.delay()
    _threaded(reminder_sweep, 3)  # ... racing three in this process
    wait_for(lambda: ReminderDelivery.objects.filter(channel=Channel.EMAIL).count() == 8, timeout=30, what="claims")
    wait_for(settled, timeout=30, what="all sends")
    assert ReminderDelivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).count() == 8
    assert len(sent(mailbox)) == 8
    assert_each_sent_once(mailbox, Counter(dict.fromkeys(expected_emails(), 1)))
    per_user = Counter(Notification.objects.values_list("recipient_id", "deadline_id"))
    assert len(per_user) == 8 and set(per_user.values()) == {1}
    assert {d.pk for d in deadlines} == set(ReminderSchedule.objects.values_list("deadline_id", flat=True))


def test_a_worker_killed_mid_send_and_restarted_delivers_exactly_once(worker, mailbox, tmp_path):
    (mailbox / "block").touch()
    (d,) = due_today(1)
    reminder_sweep()
    wait_for(lambda: list(mailbox.glob("blocked-*")), timeout=30, what="the send to start")
    delivery = ReminderDelivery.objects.get(channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.SENDING  # claimed by the worker, mid-send
    worker.kill()  # SIGKILL parent and pool children: the task is neither finished nor acknowledged
    (mailbox / "block").unlink()
    assert sent(mailbox) == []
    worker.start()
    reminder_sweep()  # within the lease: the send may still be running somewhere, so it is not re-enqueued
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    # Beat keeps sweeping; once the lease has expired the sweep re-enqueues it and the restarted worker sends it.
    wait_for(lambda: reminder_sweep().requeued, timeout=LEASE + 10, interval=0.5, what="the lease to expire")
    wait_for(settled, timeout=30, what="the re-enqueued send", log=worker.log)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert_each_sent_once(mailbox, Counter({((d.responsible.email,), d.title): 1}))


def test_a_failed_send_is_retried_with_back_off_by_the_worker(worker, mailbox):
    (mailbox / "fail-2").touch()
    (d,) = due_today(1)
    reminder_sweep()
    wait_for(settled, timeout=30, what="retries to finish")  # back-off 1 s then 2 s in this test
    delivery = ReminderDelivery.objects.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert delivery.last_error == ""
    assert_each_sent_once(mailbox, Counter({((d.responsible.email,), d.title): 1}))


def test_an_extension_before_the_send_cancels_the_old_step(worker, mailbox):
    (d,) = due_today(1)
    worker.signal(signal.SIGSTOP)  # the message waits in Redis
    try:
        reminder_sweep()
        assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.PENDING
        d.due_date = timezone.localdate() + dt.timedelta(days=30)  # e.g. a stipulated extension
        d.save()
        deadlines_changed.send(sender=None, deadline_ids=[d.pk])
    finally:
        worker.signal(signal.SIGCONT)
    delivery = ReminderDelivery.objects.get(channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.CANCELLED
    reminder_sweep()  # the old due day's step is gone; the new date's steps lie ahead
    wait_for(lambda: _queue_empty(), timeout=20, what="the worker to drain the queue")
    row = ReminderSchedule.objects.get(deadline=d)
    assert row.step == f"{d.due_date.isoformat()}:before-14" and row.fire_at > timezone.now()
    assert ReminderDelivery.objects.filter(channel=Channel.EMAIL).count() == 1
    time.sleep(1)
    assert sent(mailbox) == []


def _queue_empty() -> bool:
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.client.llen("celery") == 0


def test_a_muted_deadline_sends_nothing(worker, mailbox):
    (d,) = due_today(1, watchers=1)
    muter, late_muter = d.responsible, Watch.objects.get(user__memberships__role=Role.VIEWER).user
    DeadlineMute.objects.create(user=muter, deadline=d)
    with transaction.atomic():  # the watcher mutes after the claim, before the worker sends
        reminder_sweep()
        DeadlineMute.objects.create(user=late_muter, deadline=d)
    wait_for(settled, timeout=30, what="the send attempt")
    assert not ReminderDelivery.objects.filter(recipient=muter).exists()
    assert not Notification.objects.filter(recipient=muter).exists()
    assert ReminderDelivery.objects.get(recipient=late_muter, channel=Channel.EMAIL).status == DeliveryStatus.CANCELLED
    time.sleep(1)
    assert sent(mailbox) == []


def test_a_digest_contains_each_item_once(worker, mailbox):
    org = OrganizationFactory()
    reader = member(org, Role.ATTORNEY)
    ReminderPreference.objects.create(user=reader, email_mode=EmailMode.DIGEST, digest_hour=0)
    today = timezone.localdate()
    a = DeadlineFactory(organization=org, responsible=reader, title="Appeal window", due_date=today + dt.timedelta(1))
    b = DeadlineFactory(organization=org, responsible=reader, title="Answer", due_date=today + dt.timedelta(3))
    watch(reader, a)
    watch(reader, a.subject)  # following the deadline and its subject: still one recipient
    now = timezone.now()
    reminder_schedule_refresh(deadline_ids=[a.pk, b.pk], now=now - dt.timedelta(days=2))
    reminder_sweep(now=now - dt.timedelta(days=2))  # steps fired on two different days, both waiting for the digest
    reminder_sweep(now=now)
    assert ReminderDelivery.objects.filter(channel=Channel.DIGEST, deadline=a).count() == 2
    for _ in range(2):
        tasks.reminder_digest_sweep.delay()
    _threaded(reminder_digest_sweep, 2)
    wait_for(lambda: ReminderDigest.objects.filter(status=DeliveryStatus.SENT).exists(), timeout=30, what="the digest")
    close_old_connections()
    (message,) = sent(mailbox)
    assert message["body"].count("Appeal window") == 1 and message["body"].count("Answer") == 1
    assert ReminderDigest.objects.count() == 1
    assert set(ReminderDelivery.objects.filter(channel=Channel.DIGEST).values_list("status", flat=True)) == {"sent"}
    time.sleep(1)
    assert len(sent(mailbox)) == 1


def test_a_redis_restart_between_sweep_and_send_loses_nothing(django_db_blocker, tmp_path, mailbox):
    """Own redis-server (never the shared one): the sweep enqueues, Redis restarts empty before any worker took the
    message, the next sweep after the lease re-enqueues, and the worker sends once. Then Redis restarts under the
    running worker, which reconnects by itself and delivers the next reminder."""
    redis = RedisServer(tmp_path).start()
    env = process_env(redis_url=redis.url, mailbox=mailbox, var_dir=tmp_path / "var", lease_seconds=LEASE)
    own_worker = Worker(env, tmp_path / "worker.log")
    try:
        (d,) = due_today(1)
        assert "1 emails enqueued" in manage("reminder_sweep", env=env)
        assert redis.client().llen("celery") == 1  # claimed in the database, waiting in Redis
        redis.restart()  # no persistence: the queued send is lost
        assert redis.client().llen("celery") == 0
        own_worker.start()
        time.sleep(1)
        assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.PENDING
        wait_for(
            lambda: "1 re-enqueued" in manage("reminder_sweep", env=env),
            timeout=LEASE + 20,
            interval=1,
            what="the lease to expire",
            log=own_worker.log,
        )
        wait_for(settled, timeout=45, what="the re-enqueued send", log=own_worker.log)
        assert_each_sent_once(mailbox, Counter({((d.responsible.email,), d.title): 1}))

        redis.restart()  # under the running worker
        (e,) = due_today(1)
        wait_for(lambda: "1 emails enqueued" in manage("reminder_sweep", env=env), timeout=20, interval=1)
        wait_for(settled, timeout=60, what="a send after the worker reconnected", log=own_worker.log)
        assert_each_sent_once(
            mailbox, Counter({((d.responsible.email,), d.title): 1, ((e.responsible.email,), e.title): 1})
        )
    finally:
        own_worker.stop()
        redis.stop()
