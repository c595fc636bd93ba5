"""Closure writes racing deadline writes on PostgreSQL (READ COMMITTED), where a lost closure is possible.

SQLite runs every transaction as BEGIN IMMEDIATE and serialises writers by itself; on PostgreSQL `deadlines.locks`
does it. Each race runs in real threads with their own connections (committed data, hence `transaction=True`: the
database is flushed afterwards, seeded rows included, so these tests use no agency, court or seeded closure).
Instead of sleeping, the first transaction holds on until the second one is either finished or visibly waiting for
a lock.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from deadlines import services
from deadlines.models import DeadlineStatus
from deadlines.rules import deadline_compute
from tests.deadlines.factories import subject_for
from tests.factories import editor, site_staff

pytestmark = pytest.mark.postgres
RACE = pytest.mark.django_db(transaction=True)
D = dt.date
RECEIVED = D(2026, 11, 20)  # due 2026-12-21 (Thanksgiving skipped); 12-01 closed -> 12-22; 12-01 and 12-02 -> 12-23


def _run(*targets) -> None:
    errors = []

    def wrap(target):
        def go():
            try:
                target()
            except Exception as exc:  # noqa: BLE001 -- reported below, in the test's thread
                errors.append(exc)
            finally:
                connection.close()  # each thread has its own connection

        return go

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    assert not errors, errors


def _hold_until(done: threading.Event, timeout: float = 10) -> None:
    """Keep this transaction open until the other one has finished or is waiting for a lock (ours, presumably)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done.is_set():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)


def _sync(subject, actor=None, **kwargs):
    return services.deadline_sync(
        actor=actor or editor(subject),
        subject=subject,
        key="initial-response",
        title="Initial response",
        rule="foia-initial-response",
        **kwargs,
    )


@RACE
def test_two_closures_added_at_once_both_move_the_deadline():
    deadline = _sync(subject_for(), trigger=RECEIVED)
    staff = site_staff()  # before the threads start
    first_written, second_done = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            services.closure_add(user=staff, date=D(2026, 12, 1), reason="First closure")
            first_written.set()
            _hold_until(second_done)  # the second reads closures and deadlines now, unless it must wait

    def second():
        assert first_written.wait(10)
        services.closure_add(user=staff, date=D(2026, 12, 2), reason="Second closure")
        second_done.set()

    _run(first, second)
    deadline.refresh_from_db()
    assert deadline.due_date == deadline_compute(rule="foia-initial-response", trigger=RECEIVED).due == D(2026, 12, 23)
    assert "2026-12-01 First closure, 2026-12-02 Second closure" in deadline.steps[0]


@RACE
@pytest.mark.parametrize("writer", ["sync", "reopen"])
def test_a_deadline_computed_while_a_closure_commits_keeps_the_closure(monkeypatch, writer):
    subject = subject_for()
    deadline = _sync(subject, trigger=RECEIVED)
    if writer == "reopen":
        services.deadline_close(
            actor=editor(subject), subject=subject, key="initial-response", status=DeadlineStatus.MET
        )
    staff = site_staff()  # before the threads start
    computed, added = threading.Event(), threading.Event()
    real_compute = services.deadline_compute

    def slow_compute(**kwargs):
        comp = real_compute(**kwargs)
        if not computed.is_set():  # the writer's computation (the closure's recompute comes later)
            computed.set()
            _hold_until(added)  # the closure commits now, unless it must wait for this transaction
        return comp

    monkeypatch.setattr(services, "deadline_compute", slow_compute)

    def write():  # the request's received date corrected to Monday 11-23, or a closed deadline reopened
        if writer == "sync":
            _sync(subject, trigger=D(2026, 11, 23))
        else:
            services.deadline_reopen(actor=editor(subject), subject=subject, key="initial-response")

    def add():
        assert computed.wait(10)
        services.closure_add(user=staff, date=D(2026, 12, 1), reason="Snow emergency")
        added.set()

    _run(write, add)
    deadline.refresh_from_db()
    trigger = D(2026, 11, 23) if writer == "sync" else RECEIVED
    fresh = deadline_compute(rule="foia-initial-response", trigger=trigger)
    assert fresh.due == (D(2026, 12, 23) if writer == "sync" else D(2026, 12, 22))
    assert deadline.status == DeadlineStatus.OPEN
    assert (deadline.trigger_date, deadline.due_date, deadline.steps) == (trigger, fresh.due, fresh.steps)


@pytest.mark.django_db
def test_the_lock_comes_before_any_read_and_costs_one_query():
    subject = subject_for()
    actor, staff = editor(subject), site_staff()  # outside the capture: only the services' own queries count
    with CaptureQueriesContext(connection) as sync_queries:
        _sync(subject, trigger=RECEIVED, actor=actor)
    with CaptureQueriesContext(connection) as add_queries:
        services.closure_add(user=staff, date=D(2026, 12, 1), reason="Closed")
    for queries, function in ((sync_queries, "pg_advisory_xact_lock_shared("), (add_queries, "pg_advisory_xact_lock(")):
        sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        assert function in sql[0], sql[:2]
        assert sum("pg_advisory" in s for s in sql) == 1
