"""Benchmark: the reminder sweep over 1,000,000 open deadlines of which 1,000 have a reminder due now.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reminders REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python bench/reminder_sweep.py
    .venv/bin/python bench/reminder_sweep.py            # SQLite (a throwaway file database)

It builds a throwaway database (Django's test-database machinery, named `<db>_bench`, dropped at the end), seeds N
open deadlines (20 organisations, 10 members each, every deadline with a person responsible) and their
`ReminderSchedule` rows: 1,000 with their "3 days before" step due this morning, the rest with steps in the future.
Then it times, 5 times each (state reset in between):

- direct SQL: one hand-written indexed SELECT of the 1,000 due rows with every column a sweep needs (the schedule's
  last step, the deadline's owner, sharing, responsible person, dates, wording and subject, the court's or agency's
  time zone): the least any sweep must read, without the row locks;
- the sweep's own select: the same rows read and locked (`FOR UPDATE OF ... SKIP LOCKED`) by the sweep's query;
- the write floor: the least any exactly-once claim of these reminders costs, in hand-written SQL with nothing
  computed in Python: the direct select locking the schedule rows, 1,000 notifications and 1,000 email deliveries
  inserted under the same constraints, indexes and deferred foreign keys, 1,000 schedule rows moved on, commit;
- the sweep's claim only (`reminder_sweep` with the broker enqueue stubbed out): lock and read the due rows, load
  the policies and recipients, insert 1,000 in-app notifications and 1,000 email deliveries under their unique
  constraints, advance the 1,000 schedule rows, commit;
- the full sweep, also publishing the 1,000 email sends to the broker (with REDIS_URL: a private queue, deleted after).

It does the same with 10,000 deadlines first (same 1,000 due): sweep time and query count must not grow with the
number of deadlines, only with the number due.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from coalition.models import Membership, Organization, Role  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from deadlines.models import Deadline  # noqa: E402
from directory.models import Agency  # noqa: E402
from reminders.models import Notification, ReminderDelivery, ReminderSchedule  # noqa: E402
from reminders.services import reminder_sweep  # noqa: E402
from reminders.services import sweep as sweep_module  # noqa: E402

DUE = 1_000
ORGS, MEMBERS = 20, 10
BENCH_QUEUE = "bench-reminder-sweep"
NY = ZoneInfo("America/New_York")
TODAY = dt.date(2026, 12, 16)
NOW = dt.datetime(2026, 12, 16, 12, tzinfo=NY)  # the "3 days before" steps of Dec 19 fired at 07:00
RUNS = 5


def seed_people() -> list[tuple[int, int]]:
    """(organisation id, user id) pairs to make responsible."""
    password = make_password(None)
    User = get_user_model()
    pairs = []
    for o in range(ORGS):
        org = Organization.objects.create(name=f"Bench org {o}", slug=f"bench-{o}")
        users = User.objects.bulk_create(
            [
                User(username=f"bench-{o}-{u}", email=f"bench-{o}-{u}@example.org", password=password)
                for u in range(MEMBERS)
            ]
        )
        Membership.objects.bulk_create([Membership(user=u, organization=org, role=Role.STAFF) for u in users])
        pairs += [(org.pk, u.pk) for u in users]
    return pairs


PG_SEED = """
INSERT INTO deadlines_deadline (organization_id, sharing, created_at, updated_at, subject_type_id, subject_id, key,
    title, kind, rule, trigger_date, options, agency_id, service, due_date, note, citation, steps, status,
    responsible_id, privileged)
SELECT p.org, 'organization', now(), now(), %(ct)s, g.i, 'bench', 'Initial response ' || g.i, 'derived',
    'foia-initial-response', d.due - 28, '{}', %(ice)s, 'electronic', d.due, '', '5 U.S.C. 552(a)(6)(A)(i)', '[]',
    'open', p.usr, false
FROM generate_series(%(first)s, %(last)s - 1) AS g(i)
CROSS JOIN LATERAL (SELECT %(today)s::date + (5 + g.i %% 120) AS due) AS d
JOIN (SELECT row_number() OVER () - 1 AS n, org, usr
      FROM unnest(%(orgs)s::bigint[], %(users)s::bigint[]) AS t(org, usr)) AS p ON p.n = g.i %% %(npairs)s;
INSERT INTO deadlines_reminderschedule (deadline_id, fire_at, step, last_step, last_fired_at, computed_at)
SELECT id, %(now)s::timestamptz + make_interval(secs => 3600 + id %% 2592000), due_date || ':before-14', '', NULL, now()
FROM deadlines_deadline WHERE subject_id >= %(first)s AND subject_id < %(last)s;
"""


def seed_deadlines(first: int, last: int, pairs, *, due_now: bool) -> None:
    """Deadlines first..last-1 (subject ids), with their schedule rows (on PostgreSQL generated by the server)."""
    if connection.vendor == "postgresql" and not due_now:
        params = {"ct": ContentType.objects.get_for_model(Organization).pk, "ice": Agency.objects.get(slug="ice").pk}
        params |= {"first": first, "last": last, "today": TODAY, "now": NOW, "npairs": len(pairs)}
        params |= {"orgs": [o for o, _ in pairs], "users": [u for _, u in pairs]}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(PG_SEED, params)
        return
    ct = ContentType.objects.get_for_model(Organization).pk
    ice = Agency.objects.get(slug="ice").pk
    now = dt.datetime.now(dt.UTC)
    fired = dt.datetime.combine(TODAY, dt.time(7), tzinfo=NY).astimezone(dt.UTC)
    deadline_sql = (
        "INSERT INTO deadlines_deadline (organization_id, sharing, created_at, updated_at, subject_type_id, subject_id,"
        " key, title, kind, rule, trigger_date, options, agency_id, service, due_date, note, citation, steps, status,"
        " responsible_id, privileged) VALUES (%s, 'organization', %s, %s, %s, %s, 'bench', %s, 'derived',"
        " 'foia-initial-response', %s, '{}', %s, 'electronic', %s, '', '5 U.S.C. 552(a)(6)(A)(i)', '[]', 'open',"
        " %s, %s)"
    )
    for start in range(first, last, 20_000):
        rows = []
        for i in range(start, min(last, start + 20_000)):
            org, user = pairs[i % len(pairs)]
            due = TODAY + dt.timedelta(days=3 if due_now else 5 + i % 120)
            trigger = due - dt.timedelta(days=28)
            rows.append((org, now, now, ct, i, f"Initial response {i}", trigger, ice, due, user, False))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(deadline_sql, rows)
    ids = Deadline.objects.filter(subject_id__gte=first, subject_id__lt=last).values_list("pk", "due_date")
    batch = []
    for pk, due in ids.iterator(chunk_size=20_000):
        if due_now:
            batch.append(ReminderSchedule(deadline_id=pk, fire_at=fired, step=f"{due}:before-3", computed_at=now))
        else:
            fire_at = NOW + dt.timedelta(hours=1, seconds=pk % (86400 * 30))
            batch.append(ReminderSchedule(deadline_id=pk, fire_at=fire_at, step=f"{due}:before-14", computed_at=now))
        if len(batch) == 20_000:
            ReminderSchedule.objects.bulk_create(batch)
            batch = []
    ReminderSchedule.objects.bulk_create(batch)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


DIRECT_SQL = (
    "SELECT s.deadline_id, s.last_step, s.last_fired_at, d.organization_id, d.sharing, d.privileged,"
    " d.responsible_id, d.status, d.due_date, d.title, d.citation, d.subject_type_id, d.subject_id, d.court_id,"
    " c.time_zone, a.time_zone"
    " FROM deadlines_reminderschedule s JOIN deadlines_deadline d ON d.id = s.deadline_id"
    " LEFT JOIN litigation_court c ON c.id = d.court_id LEFT JOIN foia_agency a ON a.id = d.agency_id"
    " WHERE s.fire_at <= %s ORDER BY s.fire_at LIMIT %s"
)


def direct_select() -> tuple[float, int]:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(DIRECT_SQL, [NOW, DUE + 1])
        rows = cursor.fetchall()
        return time.perf_counter() - started, len(rows)


def sweep_select() -> tuple[float, int]:
    """The sweep's own read of the due rows: lock the schedule rows and read their deadlines (then roll back)."""
    with transaction.atomic():
        started = time.perf_counter()
        rows = sweep_module._due_rows(now=NOW, batch_size=DUE)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, len(rows)


FLOOR_WRITES = (
    # One notification and one email delivery per due deadline, to its responsible person, then the schedule moved on:
    # the rows a sweep claim writes, built by the database from the rows already there (nothing computed in Python).
    "INSERT INTO deadlines_notification (recipient_id, deadline_id, step, title, body, url, created_at, read_at)"
    " SELECT d.responsible_id, d.id, d.due_date || ':before-3', d.title || ': due in 3 days', d.citation,"
    " '/deadlines/' || d.id || '/', %(now)s, NULL FROM deadlines_deadline d WHERE d.id IN ({ids})"
    " ON CONFLICT DO NOTHING RETURNING id",
    "INSERT INTO deadlines_reminderdelivery (deadline_id, step, recipient_id, channel, due_date, escalation,"
    " lease_until, status, claim, attempts, last_error, created_at, sent_at)"
    " SELECT d.id, d.due_date || ':before-3', d.responsible_id, 'email', d.due_date, false, %(lease)s, 'pending',"
    " NULL, 0, '', %(now)s, NULL FROM deadlines_deadline d WHERE d.id IN ({ids})"
    " ON CONFLICT DO NOTHING RETURNING id, channel",
    "UPDATE deadlines_reminderschedule SET fire_at = %(next)s, step = 'next', last_step = 'fired',"
    " last_fired_at = %(now)s, computed_at = %(now)s WHERE deadline_id IN ({ids})",
)


def write_floor() -> tuple[float, int]:
    """What any exactly-once claim of these 1,000 reminders costs at least, in hand-written SQL: the direct select
    locking the schedule rows, then the same 1,000 notifications, 1,000 deliveries (same constraints, indexes and
    deferred foreign keys) and 1,000 schedule updates, and the commit. No recipients, policies, steps or wording."""
    lock = " FOR UPDATE OF s SKIP LOCKED" if connection.vendor == "postgresql" else ""
    ids_sql = "SELECT value FROM json_each(%(ids)s)" if connection.vendor == "sqlite" else "SELECT unnest(%(ids)s)"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DIRECT_SQL + lock, [NOW, DUE])
        ids = [row[0] for row in cursor.fetchall()]
        params = {"now": NOW, "lease": NOW + dt.timedelta(minutes=6), "next": NOW + dt.timedelta(days=2)}
        params["ids"] = json.dumps(ids) if connection.vendor == "sqlite" else ids
        for sql in FLOOR_WRITES:
            cursor.execute(sql.format(ids=ids_sql), params)
            if "RETURNING" in sql:
                cursor.fetchall()
    return time.perf_counter() - started, len(ids)


def reset(due_ids: list[int], fired: dt.datetime) -> None:
    """Undo a sweep: forget its deliveries and notifications, put the due steps back."""
    with transaction.atomic():
        Notification.objects.all().delete()
        ReminderDelivery.objects.all().delete()
        for start in range(0, len(due_ids), 5000):
            chunk = due_ids[start : start + 5000]
            ReminderSchedule.objects.filter(deadline_id__in=chunk).update(
                fire_at=fired, last_step="", last_fired_at=None
            )


def timed_sweep(*, enqueue: bool) -> tuple[float, int, object]:
    patch = mock.patch.object(sweep_module, "_enqueue_sends", lambda ids: None) if not enqueue else None
    if patch:
        patch.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = reminder_sweep(now=NOW)
            seconds = time.perf_counter() - started
    finally:
        if patch:
            patch.stop()
    return seconds, len(queries.captured_queries), result


def measure(label: str, total: int) -> dict:
    fired = dt.datetime.combine(TODAY, dt.time(7), tzinfo=NY).astimezone(dt.UTC)
    due_ids = list(ReminderSchedule.objects.filter(fire_at__lte=NOW).values_list("deadline_id", flat=True))
    assert len(due_ids) == DUE, len(due_ids)
    direct = [direct_select() for _ in range(RUNS)]
    assert all(n == DUE for _, n in direct)
    select = [sweep_select() for _ in range(RUNS)]
    assert all(n == DUE for _, n in select)
    claim, full, floor = [], [], []
    for _ in range(RUNS):
        reset(due_ids, fired)
        floor.append(write_floor())
    assert all(n == DUE for _, n in floor)
    for _ in range(RUNS):
        reset(due_ids, fired)
        claim.append(timed_sweep(enqueue=False))
    for _ in range(RUNS):
        reset(due_ids, fired)
        full.append(timed_sweep(enqueue=True))
    reset(due_ids, fired)
    if os.environ.get("BENCH_QUERIES"):
        with CaptureQueriesContext(connection) as queries:
            reminder_sweep(now=NOW)
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:100]}")
        reset(due_ids, fired)
    result = full[-1][2]
    assert (
        result.fired_steps == DUE
        and result.deliveries == DUE
        and result.notifications == DUE
        and result.enqueued == DUE
    ), (
        result.fired_steps,
        result.deliveries,
        result.notifications,
    )
    row = {
        "label": label,
        "total": total,
        "direct": statistics.median(s for s, _ in direct),
        "select": statistics.median(s for s, _ in select),
        "floor": statistics.median(s for s, _ in floor),
        "claim": statistics.median(s for s, _, _ in claim),
        "claim_queries": claim[-1][1],
        "full": statistics.median(s for s, _, _ in full),
        "full_queries": full[-1][1],
    }
    print(
        f"  {total:>9,} deadlines, {DUE:,} due | direct SQL select {row['direct'] * 1000:6.1f} ms"
        f" | sweep's select {row['select'] * 1000:6.1f} ms"
        f" | write floor {row['floor'] * 1000:6.1f} ms"
        f" | sweep claim {row['claim'] * 1000:7.1f} ms ({row['claim_queries']} queries)"
        f" | sweep + enqueue {row['full'] * 1000:7.1f} ms ({row['full_queries']} queries)"
    )
    return row


def explain() -> str:
    with connection.cursor() as cursor:
        prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        cursor.execute(f"{prefix} {DIRECT_SQL}", [NOW, DUE + 1])
        return "\n".join("    " + " ".join(str(c) for c in r) for r in cursor.fetchall())


def main() -> None:
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        global timed_sweep
        plain = timed_sweep

        def timed_sweep(*, enqueue):
            profiler = cProfile.Profile()
            out = profiler.runcall(plain, enqueue=enqueue)
            profiler.dump_stats(os.environ["BENCH_PROFILE"])
            return out

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="open deadlines in total (default 1,000,000)")
    args = parser.parse_args()
    if settings.REDIS_URL:
        celery_app.conf.task_routes = {"deadlines.reminder_deliveries_send": {"queue": BENCH_QUEUE}}
    else:  # the embedded filesystem broker would leave 1,000s of messages for `make run`'s worker: count only
        sweep_module._enqueue_sends = lambda ids: None
        print("(no REDIS_URL: the 'sweep + enqueue' column does not publish anything)")
    vendor, old_name = connection.vendor, connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    test["NAME"] = (
        str(Path(settings.VAR_DIR) / "bench-reminders.sqlite3") if vendor == "sqlite" else f"{old_name}_bench"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    rows = []
    try:
        print(f"database: {vendor}; broker: {'redis' if settings.REDIS_URL else 'none'}; seeding...")
        started = time.perf_counter()
        pairs = seed_people()
        seed_deadlines(0, DUE, pairs, due_now=True)
        seed_deadlines(DUE, 10_000, pairs, due_now=False)
        analyze()
        rows.append(measure("small", 10_000))
        seed_deadlines(10_000, args.n, pairs, due_now=False)
        analyze()
        print(f"  (seeded {args.n:,} deadlines and schedule rows in {time.perf_counter() - started:.0f} s)")
        rows.append(measure("big", args.n))
        print("  plan of the direct select (the sweep's selection uses the same partial index on fire_at):")
        print(explain())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if settings.REDIS_URL:
            with celery_app.connection_for_write() as conn:
                conn.default_channel.client.delete(BENCH_QUEUE)
    small, big = rows
    print(
        f"ratio at {big['total']:,} deadlines: sweep's select / direct SQL = {big['select'] / big['direct']:.1f}x,"
        f" claim / direct SQL = {big['claim'] / big['direct']:.1f}x,"
        f" full sweep / direct SQL = {big['full'] / big['direct']:.1f}x;"
        f" write floor / direct SQL = {big['floor'] / big['direct']:.1f}x, claim / write floor ="
        f" {big['claim'] / big['floor']:.1f}x;"
        f" per reminder (1 step: 1 email delivery, 1 notification, 1 schedule row): claim"
        f" {big['claim'] / DUE * 1e6:.0f} us, full sweep {big['full'] / DUE * 1e6:.0f} us"
    )
    print(
        f"growth from {small['total']:,} to {big['total']:,} deadlines: claim x{big['claim'] / small['claim']:.2f},"
        f" queries {small['claim_queries']} -> {big['claim_queries']}"
    )
    if big["claim_queries"] != small["claim_queries"]:
        sys.exit("the sweep's query count grew with the number of deadlines")


if __name__ == "__main__":
    main()
