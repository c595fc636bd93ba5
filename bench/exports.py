"""Benchmark: export 20,000 requests to CSV and XLSX: time, peak Python memory (tracemalloc) and SQL queries.

    .venv/bin/python bench/exports.py                      # SQLite (a throwaway file database under var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_exp .venv/bin/python bench/exports.py

Seeds the same world as bench/foia_pages.py (N requests with ten events, a tracking number, tags, a letter and
their derived deadlines each, in two coalition organisations; a throwaway `test_<name>` database), then, as a staff
member of the first organisation, runs what a background export job runs: the request list's selector and filters,
the rows, the writer into a temporary file. Each format is measured R times (time: median), once more under
tracemalloc for the peak memory.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import foia_pages  # noqa: E402 (sets up Django and seeds like the page benchmark)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402

from exports.kinds import REQUESTS  # noqa: E402
from exports.selectors import export_rows  # noqa: E402
from exports.writers import csv_write, xlsx_write  # noqa: E402


def export_once(user, fmt: str) -> tuple[int, int, int]:
    """(rows, bytes, queries) of one export of everything the user sees."""
    today = timezone.localdate()
    statements = 0

    def counted_sql(execute, sql, params, many, context):  # CaptureQueriesContext keeps only the last 9,000
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted_sql), tempfile.TemporaryFile() as out:
        rows_qs = export_rows(user=user, kind=REQUESTS, data=QueryDict(), today=today)
        count = 0

        def counted():
            nonlocal count
            for row in REQUESTS.rows(rows_qs, today=today):
                count += 1
                yield row

        (csv_write if fmt == "csv" else xlsx_write)(REQUESTS.header, counted(), out)
        size = out.tell()
    return count, size, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="requests to seed (default 20,000)")
    parser.add_argument("-r", "--repeat", type=int, default=3, help="runs per format (default 3)")
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = Path(settings.VAR_DIR) / "bench_exports.sqlite3"
        path.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(path)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = foia_pages.seed(args.n, timezone.localdate())
        user = get_user_model().objects.get(pk=user.pk)
        print(f"database: {connection.vendor}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for fmt in ("csv", "xlsx"):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                rows, size, queries = export_once(user, fmt)
                times.append(time.perf_counter() - started)
            tracemalloc.start()
            export_once(user, fmt)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"{fmt:>4}: {rows:,} rows, {size / 1e6:.1f} MB, median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}), peak traced memory {peak / 1e6:.1f} MB, {queries} queries"
            )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
