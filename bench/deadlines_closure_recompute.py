"""Benchmark: add a closure that moves 100,000 open deadlines, and count the queries.

    .venv/bin/python bench/deadlines_closure_recompute.py                 # SQLite (a throwaway test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/deadlines .venv/bin/python bench/deadlines_closure_recompute.py

It builds a throwaway test database (Django's test-database machinery: `test_<name>`, destroyed at the end), seeds
N open derived deadlines (two FOIA working-day rules at ICE with triggers spread over the 13 days before the closure,
and D.D.C. oppositions whose 14 days end on the closure day), then runs `deadlines.services.closure_add` for a federal
closure that moves every one of them, and reports the seconds, the number of deadlines recomputed (each with a history
row) and the number of SQL queries. It does the same with 1,000 deadlines first: the query count must be identical.

`closure_add`'s own queries (the lock, the closure, the recompute, the bulk writes) are counted apart from what runs
on commit: the `deadlines_changed` receivers (the reminders' schedule refresh works in chunks of 5,000 deadlines, so
its count grows by a fixed number per chunk, not per row), reported as a second figure.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from coalition.models import Organization  # noqa: E402
from deadlines import services  # noqa: E402
from deadlines.models import Deadline  # noqa: E402
from deadlines.rules import deadline_compute  # noqa: E402
from directory.models import Agency, Court  # noqa: E402

CLOSURE_DAY = dt.date(2026, 12, 18)
RULES = [("foia-initial-response", "agency"), ("foia-appeal-decision", "agency"), ("ddc-opposition", "court")]


def seed(n: int, offset: int, day: dt.date) -> None:
    org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    ct = ContentType.objects.get_for_model(Organization)
    ice, dcd = Agency.objects.get(slug="ice"), Court.objects.get(slug="dcd")
    cache = {}
    batch = []
    for i in range(n):
        rule, forum = RULES[i % len(RULES)]
        before = 14 if forum == "court" else 1 + (i // len(RULES)) % 13
        trigger = day - dt.timedelta(days=before)
        key = (rule, trigger)
        if key not in cache:
            cache[key] = deadline_compute(rule=rule, trigger=trigger, agency=ice, court=dcd)
        comp = cache[key]
        batch.append(
            Deadline(
                organization=org,
                subject_type=ct,
                subject_id=offset + i,
                key="bench",
                title=f"{rule} {i}",
                rule=rule,
                trigger_date=trigger,
                agency=ice if forum == "agency" else None,
                court=dcd if forum == "court" else None,
                due_date=comp.due,
                window_start=comp.window_start,
                citation=comp.citation,
                steps=comp.steps,
            )
        )
        if len(batch) == 5000:
            Deadline.objects.bulk_create(batch)
            batch = []
    Deadline.objects.bulk_create(batch)


def run(n: int, offset: int, day: dt.date) -> tuple[float, int, int, int]:
    with transaction.atomic():
        Deadline.objects.all().delete()
        seed(n, offset, day)
    with CaptureQueriesContext(connection) as everything:
        staff = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
            "bench-staff", "bench-staff@example.org", "bench-password-1"
        )
        started = time.perf_counter()
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                result = services.closure_add(user=staff, date=day, reason="Benchmark closure")
            seconds = time.perf_counter() - started
        # The commit runs the on-commit `deadlines_changed` receivers.
        total_seconds = time.perf_counter() - started
    moved = Deadline.objects.filter(pk__in=result.changed_ids[:1]).first()
    assert moved is None or moved.history.first().history_change_reason.startswith("closure added")
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for q in slowest:
        print(f"    {float(q['time']):6.2f} s  {q['sql'][:90]}")
    on_commit = len(everything.captured_queries) - len(queries.captured_queries)
    return seconds, len(result.changed_ids), len(queries.captured_queries), n, total_seconds, on_commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="deadlines to seed (default 100,000)")
    args = parser.parse_args()
    vendor = connection.vendor
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        small = run(1_000, 0, CLOSURE_DAY)
        big = run(args.n, 10_000_000, CLOSURE_DAY - dt.timedelta(days=1))
        history_rows = Deadline.history.filter(history_change_reason__startswith="closure added").count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"database: {vendor}")
    for seconds, changed, queries, n, total_seconds, on_commit in (small, big):
        print(f"  {n:>7,} open deadlines: {changed:>7,} recomputed in {seconds:6.2f} s with {queries} SQL queries")
        print(f"           with the commit and its receivers: {total_seconds:6.2f} s, {on_commit} more queries")
    if small[2] != big[2]:
        sys.exit(f"query count grew with the number of rows: {small[2]} -> {big[2]}")
    print(f"history rows written by the closures: {history_rows:,}")
    print("query count is the same for both sizes: it does not grow per row")


if __name__ == "__main__":
    main()
