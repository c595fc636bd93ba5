"""Benchmark: import a 10,000-row requests spreadsheet: upload, preview (the dry run), confirm, then a second sheet
that updates every request it created, and undo of the first. Time and SQL queries of each step.

    .venv/bin/python bench/imports.py                      # SQLite (a throwaway file database under var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench_imp .venv/bin/python bench/imports.py -n 10000

It builds a throwaway database (`test_<name>` on PostgreSQL, destroyed at the end; a file under var/ on SQLite) with
the directory's agencies and one organisation with a staff member, writes a CSV of N rows in four shapes (in process,
partly granted and responded, submitted, a draft), each with its own tracking number and a quarter with a fee waiver,
and runs the imports services exactly as the pages and the API do. The goal (issue 13): preview and confirm under 10 s
each for 10,000 rows, with a number of queries that does not grow with the rows (compare -n 1000 with -n 10000).
"""

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from coalition.models import Membership, Organization, Role  # noqa: E402
from directory.models import Agency  # noqa: E402
from directory.seeds import agencies_seed  # noqa: E402
from imports import services  # noqa: E402
from imports.columns import REQUEST_COLUMNS  # noqa: E402

SHAPES = ("In process", "Partial grant", "Submitted", "Draft")


def sheet(n: int, today: dt.date, *, subject: str = "ISAP records", prefix: str = "BENCH") -> bytes:
    """N rows under the canonical header, dated over the last two years."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*REQUEST_COLUMNS, "Date of response"])
    agencies = ("ICE", "DHS/ICE", "CBP", "U.S. Citizenship and Immigration Services")
    for i in range(n):
        shape = SHAPES[i % len(SHAPES)]
        submitted = today - dt.timedelta(days=30 + (i * 7) % 700)
        received = submitted + dt.timedelta(days=2)
        responded = received + dt.timedelta(days=25)
        draft = shape == "Draft"
        writer.writerow(
            [
                "",
                agencies[i % len(agencies)],
                "",
                "" if draft else f"{prefix}-{i:06d}",
                f"{subject} {i}",
                f"All records about item {i} of the ISAP contract.",
                "" if draft else submitted.strftime("%m/%d/%Y"),
                "" if draft or shape == "Submitted" else received.strftime("%m/%d/%Y"),
                shape,
                "",
                "yes" if i % 4 == 0 else "no",
                "no",
                responded.strftime("%m/%d/%Y") if shape == "Partial grant" else "",
            ]
        )
    return out.getvalue().encode()


def step(label: str, fn):
    """Run fn, printing its wall time and the SQL statements it sent (COPY included: `core.history` logs it)."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    print(f"{label:>22}: {elapsed:6.2f} s, {len(queries):6,} statements")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="rows (default 10,000)")
    parser.add_argument("--no-undo", action="store_true", help="skip the two undo steps")
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = Path(settings.VAR_DIR) / "bench_imports.sqlite3"
        path.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(path)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        agencies_seed(agency_model=Agency)
        org = Organization.objects.create(name="Bench Legal", slug="bench-legal")
        user = get_user_model().objects.create_user("bench", email="bench@example.org", password="x")
        Membership.objects.create(user=user, organization=org, role=Role.STAFF)
        today = timezone.localdate()
        print(f"database: {connection.vendor}; {args.n:,} rows; load average {os.getloadavg()[0]:.2f}")
        with override_settings(IMPORTS_MAX_ROWS=max(args.n, 100_000)):
            first = sheet(args.n, today)
            batch = step(
                "upload",
                lambda: services.batch_upload_bytes(user=user, organization=org, name="bench.csv", content=first),
            )
            batch = step("preview (create)", lambda: services.batch_preview(user=user, batch=batch))
            print(f"{'':>22}  {batch.preview['counts']}")
            batch = step("confirm (create)", lambda: services.batch_confirm(user=user, batch=batch))
            second = sheet(args.n, today, subject="ISAP contract records")
            again = services.batch_upload_bytes(user=user, organization=org, name="bench2.csv", content=second)
            again = step("preview (update)", lambda: services.batch_preview(user=user, batch=again))
            print(f"{'':>22}  {again.preview['counts']}")
            again = step("confirm (update)", lambda: services.batch_confirm(user=user, batch=again))
            if args.no_undo:
                return
            step("undo (update)", lambda: services.batch_undo(user=user, batch=again))
            # The first batch's requests were edited by the second (their versions moved), so undo of a create is
            # measured on a third sheet of new requests.
            third = sheet(args.n, today, subject="ISAP detention records", prefix="UNDO")
            fresh = services.batch_upload_bytes(user=user, organization=org, name="bench3.csv", content=third)
            fresh = services.batch_confirm(user=user, batch=services.batch_preview(user=user, batch=fresh))
            step("undo (create)", lambda: services.batch_undo(user=user, batch=fresh))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
