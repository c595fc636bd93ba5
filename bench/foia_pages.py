"""Benchmark: render the request list, the dashboard and a request page over 20,000 requests with 200,000 events.

    .venv/bin/python bench/foia_pages.py                      # SQLite (a throwaway file database under var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foia .venv/bin/python bench/foia_pages.py

It builds a throwaway database (Django's test-database machinery: `test_<name>` on PostgreSQL, destroyed at the end;
a file under var/ on SQLite), seeds N requests (default 20,000) in two coalition organisations with ten lifecycle
events each (bulk_create), a tracking number, two tags and an agency letter each, and their deadlines derived by the
real lifecycle replay and rule catalogue. Then, logged in as a staff member who sees about 15,000 of them, it renders
each page R times through Django's test client and prints the p50 / p95 render time and the SQL query count.
"""

import argparse
import datetime as dt
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
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from coalition.models import Coalition, Membership, Organization, Role, Sharing  # noqa: E402
from deadlines.models import Deadline  # noqa: E402
from deadlines.rules import deadline_compute  # noqa: E402
from deadlines.summaries import summaries_rebuild  # noqa: E402
from directory.models import Agency  # noqa: E402
from foia.choices import Direction, TrackingKind  # noqa: E402
from foia.choices import EventKind as E  # noqa: E402
from foia.lifecycle import Fact, replay  # noqa: E402
from foia.models import Communication, FoiaRequest, RequestEvent, Tag, TrackingNumber  # noqa: E402
from foia.services.deadline_effects import closing_status  # noqa: E402

EVENTS_PER_REQUEST = 10
# Ten events each (day offsets from submission): four shapes of a request's life.
TEMPLATES = [
    [  # still processing, after a toll and an extension
        (E.SUBMITTED, 0, {}),
        (E.RECEIVED, 2, {}),
        (E.ACKNOWLEDGED, 5, {}),
        (E.TOLLED, 8, {"toll_reason": "information"}),
        (E.RESUMED, 15, {}),
        (E.EXTENDED, 20, {"working_days": 10}),
        (E.FEE_ESTIMATE, 22, {"amount": 120}),
        (E.FEE_PAYMENT, 25, {"amount": 120}),
        (E.INTERIM_RELEASE, 30, {"pages_released": 50}),
        (E.INTERIM_RELEASE, 40, {"pages_released": 75}),
    ],
    [  # partial release: appeal window open
        (E.SUBMITTED, 0, {}),
        (E.RECEIVED, 1, {}),
        (E.ACKNOWLEDGED, 4, {}),
        (E.EXTENDED, 18, {"working_days": 10}),
        (E.FEE_ESTIMATE, 19, {"amount": 40}),
        (E.FEE_PAYMENT, 21, {"amount": 40}),
        (E.INTERIM_RELEASE, 25, {"pages_released": 10}),
        (E.REFERRAL, 27, {}),
        (E.INTERIM_RELEASE, 35, {"pages_released": 12}),
        (E.FINAL_RESPONSE, 45, {"outcome": "partial", "exemptions": "(b)(6), (b)(7)(C)"}),
    ],
    [  # appealed
        (E.SUBMITTED, 0, {}),
        (E.RECEIVED, 3, {}),
        (E.ACKNOWLEDGED, 6, {}),
        (E.FEE_WAIVER_DECISION, 8, {"outcome": "granted"}),
        (E.INTERIM_RELEASE, 20, {"pages_released": 5}),
        (E.INTERIM_RELEASE, 30, {"pages_released": 5}),
        (E.REFERRAL, 31, {}),
        (E.FINAL_RESPONSE, 40, {"outcome": "denial", "exemptions": "(b)(5)"}),
        (E.FEE_PAYMENT, 41, {"amount": 10}),
        (E.APPEAL_FILED, 60, {}),
    ],
    [  # closed after a full grant
        (E.SUBMITTED, 0, {}),
        (E.RECEIVED, 2, {}),
        (E.ACKNOWLEDGED, 3, {}),
        (E.FEE_ESTIMATE, 5, {"amount": 15}),
        (E.TOLLED, 5, {"toll_reason": "fees"}),
        (E.RESUMED, 9, {}),
        (E.FEE_PAYMENT, 9, {"amount": 15}),
        (E.INTERIM_RELEASE, 15, {"pages_released": 30}),
        (E.FINAL_RESPONSE, 25, {"outcome": "full_grant"}),
        (E.CLOSED, 30, {}),
    ],
]
FACT_FIELDS = ("outcome", "toll_reason", "working_days")
TOPICS = ["SmartLINK check-ins", "GPS monitors", "BI Inc. contracts"]


def seed(n: int, today: dt.date) -> tuple:
    User = get_user_model()
    coalition = Coalition.objects.create(name="Bench coalition", slug="bench")
    ours = Organization.objects.create(name="Bench A", slug="bench-a")
    partner = Organization.objects.create(name="Bench B", slug="bench-b")
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    staff = User.objects.create_user("bench-staff", password="bench-password-1", first_name="Bench")
    other = User.objects.create_user("bench-partner", password="bench-password-1")
    Membership.objects.create(user=staff, organization=ours, role=Role.STAFF)
    Membership.objects.create(user=other, organization=partner, role=Role.STAFF)
    agencies = list(Agency.objects.filter(slug__in=["ice", "cbp", "uscis", "dhs-privacy"]).order_by("slug"))
    tags = {  # tags belong to an organisation
        org.pk: [
            Tag.objects.create(organization=org, name=t, slug=t.lower().replace(" ", "-"))
            for t in ["ISAP", "SmartLINK", "Trust Stamp"]
        ]
        for org in (ours, partner)
    }
    ct = ContentType.objects.get_for_model(FoiaRequest)
    cache: dict = {}
    started = time.perf_counter()
    for chunk_start in range(0, n, 2000):
        chunk = range(chunk_start, min(n, chunk_start + 2000))
        rows, plans = [], []
        for i in chunk:
            mine = i % 2 == 0
            template = TEMPLATES[i % len(TEMPLATES)]
            submitted = today - dt.timedelta(days=70 + (i * 700) // n)
            facts = [
                Fact(kind, submitted + dt.timedelta(days=offset), sequence=s + 1, **_fact_extra(kind, extra))
                for s, (kind, offset, extra) in enumerate(template)
            ]
            state = replay(facts)
            agency = agencies[i % len(agencies)]
            rows.append(
                FoiaRequest(
                    organization=ours if mine else partner,
                    sharing=Sharing.COALITION if (mine or i % 4 == 1) else Sharing.ORGANIZATION,
                    agency=agency,
                    subject=f"ISAP records set {i}: {TOPICS[i % len(TOPICS)]}",
                    request_text=f"All records about the Intensive Supervision Appearance Program, item {i}.",
                    assigned_to=staff if mine else other,
                    drafted_on=submitted,
                    status=state.status,
                    submitted_on=state.submitted_on,
                    received_on=state.received_on,
                    acknowledged_on=state.acknowledged_on,
                    closed_on=state.closed_on,
                )
            )
            plans.append((facts, state, agency))
        with transaction.atomic():
            requests = FoiaRequest.objects.bulk_create(rows)
            FoiaRequest.tags.through.objects.bulk_create(
                [
                    FoiaRequest.tags.through(foiarequest=r, tag=tags[r.organization_id][k])
                    for r in requests
                    for k in (0, r.pk % 2 + 1)
                ]
            )
            events, numbers, letters, deadlines = [], [], [], []
            for request, (facts, state, agency) in zip(requests, plans, strict=True):
                for fact, template in zip(facts, _template_for(facts), strict=True):
                    events.append(_event(request, fact, template, agency))
                numbers.append(
                    TrackingNumber(
                        request=request,
                        kind=TrackingKind.REQUEST,
                        number=f"{request.submitted_on.year}-ICFO-{request.pk:05d}",
                        agency=agency,
                        assigned_on=request.acknowledged_on,
                    )
                )
                letters.append(
                    Communication(
                        request=request,
                        direction=Direction.FROM_AGENCY,
                        channel="email",
                        date=facts[-1].date,
                        kind="other",
                        subject=f"{facts[-1].label} ({request.pk})",
                    )
                )
                for item in state.plan.values():
                    deadlines.append(_deadline(request, item, agency, ct, cache))
            RequestEvent.objects.bulk_create(events, batch_size=5000)
            TrackingNumber.objects.bulk_create(numbers, batch_size=5000)
            Communication.objects.bulk_create(letters, batch_size=5000)
            Deadline.objects.bulk_create(deadlines, batch_size=5000)
            summaries_rebuild()  # bulk_create sends no save signals
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load in production: ANALYZE (the planner's statistics) and VACUUM (the
        # visibility map index-only scans need, and the trigram indexes' GIN pending lists, which until then make
        # the planner price those indexes out).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"seeded {n:,} requests, {RequestEvent.objects.count():,} events, {Deadline.objects.count():,} deadlines "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return staff


def _fact_extra(kind: str, extra: dict) -> dict:
    details = {"details": {"referred_to": "agency"}} if kind == E.REFERRAL else {}
    return {k: v for k, v in extra.items() if k in FACT_FIELDS} | details


def _template_for(facts):
    for template in TEMPLATES:
        if [t[0] for t in template] == [f.kind for f in facts]:
            return template
    raise AssertionError("unknown template")


def _event(request, fact, template, agency) -> RequestEvent:
    _, _, extra = template
    return RequestEvent(
        request=request,
        kind=fact.kind,
        date=fact.date,
        sequence=fact.sequence,
        outcome=fact.outcome,
        toll_reason=fact.toll_reason,
        working_days=fact.working_days,
        amount=extra.get("amount"),
        pages_released=extra.get("pages_released"),
        exemptions=extra.get("exemptions", ""),
        referred_to=agency if fact.kind == E.REFERRAL else None,
    )


def _deadline(request, item, agency, ct, cache) -> Deadline:
    key = (item.rule, item.trigger, repr(item.options), agency.pk)
    if key not in cache:
        cache[key] = deadline_compute(rule=item.rule, trigger=item.trigger, agency=agency, options=item.options or None)
    comp = cache[key]
    return Deadline(
        organization_id=request.organization_id,
        sharing=request.sharing,
        subject_type=ct,
        subject_id=request.pk,
        key=item.key,
        title=item.title,
        rule=item.rule,
        trigger_date=item.trigger,
        options=item.options,
        agency=agency,
        due_date=comp.due,
        paused_since=comp.paused_since,
        days_remaining=comp.days_remaining,
        window_start=comp.window_start,
        citation=comp.citation,
        steps=comp.steps,
        status="open" if item.is_open else closing_status(item, comp.due),
        responsible_id=request.assigned_to_id,
    )


def measure(client: Client, label: str, urls, repeat: int) -> None:
    for url in urls[:3]:
        client.get(url)  # warm up
    times = []
    for i in range(repeat):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(urls[0])
    if os.environ.get("BENCH_SLOW"):
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"  {label:<34} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   {len(queries):>3} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="requests to seed (default 20,000; 10 events each)")
    parser.add_argument("-r", "--repeat", type=int, default=40, help="renders per page (default 40)")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    args = parser.parse_args()
    vendor = connection.vendor
    old_name = connection.settings_dict["NAME"]
    if vendor == "sqlite":  # a real file, like production SQLite, not the in-memory test default
        path = Path(settings.VAR_DIR) / "bench_foia.sqlite3"
        if not args.keep:
            path.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(path)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DEBUG = False
    try:
        today = timezone.localdate()
        user = get_user_model().objects.filter(username="bench-staff").first() or seed(args.n, today)
        client = Client()
        client.force_login(user)
        visible = list(
            FoiaRequest.objects.filter(organization__slug="bench-a").values_list("pk", flat=True)[: args.repeat * 5]
        )
        random.seed(1)
        details = [f"/requests/{pk}/" for pk in random.sample(visible, min(len(visible), args.repeat))]
        print(f"database: {vendor}; {FoiaRequest.objects.count():,} requests, {RequestEvent.objects.count():,} events")
        measure(client, "request list (page 1 of ~15,000)", ["/requests/"], args.repeat)
        measure(client, "list, sorted by next deadline", ["/requests/?sort=due"], args.repeat)
        measure(client, "list, text search + overdue filter", ["/requests/?q=GPS&overdue=true"], args.repeat)
        measure(client, "dashboard", ["/"], args.repeat)
        measure(client, "request detail (random requests)", details, args.repeat)
        measure(client, "API list (50 per page)", ["/api/v1/foia/requests/"], args.repeat)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
