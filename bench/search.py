"""Benchmark: 100 searches over 200,000 released document pages, against the raw full-text query on the same table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foia .venv/bin/python bench/search.py [--pages 200000] [--keep]
    .venv/bin/python bench/search.py --pages 20000          # SQLite (FTS5), a file database under var/

Builds a throwaway database (Django's test-database machinery), seeds pages of generated release text (a Zipf-like
vocabulary of FOIA words, so some terms match a few pages and some tens of thousands) under 2,000 requests in two
coalition organisations, then, as a staff member who sees about three quarters of them, runs 100 queries (single
words of every frequency, two words, a phrase, an OR, an exclusion) through the search box's engine (the
access rule, the count, the ranked top 20 and their snippets) and through the bare database query (the same
match, count and ranked top 20, no access rule, no snippets) both in full and with the box's ranking window
(count up to 1,000, rank among the first 1,000 found). Prints p50 / p95 of each and the ratios.
"""

import argparse
import os
import random
import statistics
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
from django.db import connection, transaction  # noqa: E402

from coalition.models import Coalition, Membership, Organization, Role, Sharing  # noqa: E402
from directory.models import Agency  # noqa: E402
from documents.models import Document, DocumentPage, Production  # noqa: E402
from foia.models import FoiaRequest  # noqa: E402
from web.search.engine import search  # noqa: E402
from web.search.query import fts5_match  # noqa: E402

COMMON = ["records", "agency", "request", "release", "page", "information", "program", "participant", "officer", "data"]
RARE_STEMS = [
    "smartlink",
    "geofence",
    "biometric",
    "enrollment",
    "ankle",
    "monitor",
    "facial",
    "trust",
    "stamp",
    "venue",
    "alert",
    "checkin",
    "telephonic",
    "curfew",
    "violation",
    "compliance",
    "caseload",
    "contractor",
    "invoice",
    "pricing",
    "retention",
    "schedule",
    "location",
    "tracking",
    "surveillance",
    "supervisor",
    "field",
    "office",
]
VOCABULARY = COMMON + RARE_STEMS + [f"term{i}" for i in range(4000)]


def _page_text(rng: random.Random) -> str:
    words = []
    for _ in range(120):
        r = rng.random()
        if r < 0.35:
            words.append(rng.choice(COMMON))
        elif r < 0.45:
            words.append(rng.choice(RARE_STEMS))
        else:
            words.append(VOCABULARY[min(len(VOCABULARY) - 1, int(rng.paretovariate(1.1) * 10))])
    return " ".join(words)


def seed(pages: int) -> object:
    rng = random.Random(7)
    ice = Agency.objects.get(slug="ice")
    coalition = Coalition.objects.create(name="Bench", slug="bench")
    a, b = Organization.objects.create(name="A", slug="bench-a"), Organization.objects.create(name="B", slug="bench-b")
    a.coalitions.add(coalition)
    b.coalitions.add(coalition)
    user = get_user_model().objects.create(username="bench-search")
    Membership.objects.create(user=user, organization=a, role=Role.STAFF)
    n_requests = 2000
    with transaction.atomic():
        requests = FoiaRequest.objects.bulk_create(
            FoiaRequest(
                organization=a if i % 2 else b,
                sharing=Sharing.COALITION if i % 4 else Sharing.ORGANIZATION,
                agency=ice,
                subject=f"Release {i}",
                request_text="...",
            )
            for i in range(n_requests)
        )
        productions = Production.objects.bulk_create(Production(request=r, date="2026-11-02") for r in requests)
        per_document, documents = 50, []
        for i in range(max(1, pages // per_document)):
            documents.append(
                Document(
                    production=productions[i % n_requests],
                    original_name=f"{i}.pdf",
                    sha256=f"{i:064d}",
                    size=1,
                    page_count=per_document,
                    status="done",
                )  # fmt: skip
            )
        documents = Document.objects.bulk_create(documents, batch_size=5000)
        batch = []
        for i in range(pages):
            batch.append(DocumentPage(document=documents[i // per_document], number=i % per_document + 1,
                                      text=_page_text(rng)))  # fmt: skip
            if len(batch) == 10_000:
                DocumentPage.objects.bulk_create(batch)
                batch = []
        DocumentPage.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return user


def queries(rng: random.Random) -> list[str]:
    out = []
    for i in range(100):
        shape = i % 5
        if shape == 0:
            out.append(rng.choice(COMMON))
        elif shape == 1:
            out.append(rng.choice(RARE_STEMS))
        elif shape == 2:
            out.append(f"{rng.choice(RARE_STEMS)} {rng.choice(RARE_STEMS)}")
        elif shape == 3:
            out.append(f'"{rng.choice(COMMON)} {rng.choice(RARE_STEMS)}" OR {rng.choice(RARE_STEMS)}')
        else:
            out.append(f"{rng.choice(RARE_STEMS)} -{rng.choice(COMMON)}")
    return out


def raw(text: str) -> None:
    """The bare database query: the same match, its count and the ranked top 20 (no access rule, no snippets)."""
    from web.search.query import postgres_query

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery  # noqa: F401

            query = postgres_query(text)
            compiler = DocumentPage.objects.none().query.get_compiler(connection=connection)
            sql, params = query.as_sql(compiler, connection)
            cursor.execute(f"SELECT count(*) FROM documents_documentpage WHERE search_tsv @@ ({sql})", params)
            cursor.fetchall()
            cursor.execute(
                f"SELECT id, ts_rank(search_tsv, ({sql})) AS r FROM documents_documentpage"
                f" WHERE search_tsv @@ ({sql}) ORDER BY r DESC, id LIMIT 20",
                [*params, *params],
            )
        else:
            match = fts5_match(text)
            cursor.execute("SELECT count(*) FROM search_page WHERE search_page MATCH %s", [match])
            cursor.fetchall()
            cursor.execute(
                "SELECT rowid, -bm25(search_page) AS r FROM search_page WHERE search_page MATCH %s"
                " ORDER BY r DESC, rowid LIMIT 20",
                [match],
            )
        cursor.fetchall()


def raw_windowed(text: str) -> None:
    """The bare database query with the search box's ranking window (web.search.engine.RANK_WINDOW): count up to
    the window, rank among the first matches found in it. The like-for-like baseline once a term is common."""
    from web.search.engine import RANK_WINDOW
    from web.search.query import postgres_query

    if connection.vendor != "postgresql":  # SQLite: the full query is the baseline (bm25 over FTS5 is cheap)
        raw(text)
        return
    query = postgres_query(text)
    compiler = DocumentPage.objects.none().query.get_compiler(connection=connection)
    sql, params = query.as_sql(compiler, connection)
    window = f"SELECT id, search_tsv FROM documents_documentpage WHERE search_tsv @@ ({sql}) LIMIT {RANK_WINDOW + 1}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({window}) w", params)
        cursor.fetchall()
        cursor.execute(
            f"SELECT id, ts_rank(search_tsv, ({sql})) AS r FROM ({window}) w ORDER BY r DESC, id LIMIT 20",
            [*params, *params],
        )
        cursor.fetchall()


def timed(function, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def p(times, q) -> float:
    return times[min(len(times) - 1, round(q * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = Path(settings.VAR_DIR) / "bench_search.sqlite3"
        if not args.keep:
            path.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(path)
    else:
        connection.settings_dict["TEST"]["NAME"] = "test_bench_search"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        started = time.perf_counter()
        user = get_user_model().objects.filter(username="bench-search").first() or seed(args.pages)
        print(f"database: {connection.vendor}; {DocumentPage.objects.count():,} pages"
              f" (ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        texts = queries(random.Random(3))
        for text in texts[:5]:  # warm caches
            search(user=user, text=text, kinds=["page"])
            raw(text)
        ours_pages = timed(lambda t: search(user=user, text=t, kinds=["page"]), texts)
        everything = timed(lambda t: search(user=user, text=t), texts)
        bare = timed(raw, texts)
        windowed = timed(raw_windowed, texts)
        for label, times in [("search box, pages", ours_pages), ("search box, all kinds", everything),
                             ("raw query (count + top 20)", bare),
                             ("raw query, same window", windowed)]:  # fmt: skip
            print(f"  {label:<28} p50 {statistics.median(times):7.1f} ms   p95 {p(times, 0.95):7.1f} ms")
        for label, base in [("raw", bare), ("raw, same window", windowed)]:
            print(f"  ratio (pages / {label:<17}) p50 {statistics.median(ours_pages) / statistics.median(base):.2f}x"
                  f"   p95 {p(ours_pages, .95) / p(base, .95):.2f}x")  # fmt: skip
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
