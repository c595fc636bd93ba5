"""The search box (web.search): syntax, stemming, ranking, snippets, filters, and above all that nothing a person
may not see is returned, counted or quoted, on PostgreSQL full-text search and on SQLite FTS5 alike."""

import datetime as dt

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition import access
from coalition.models import Role, Sharing
from directory.models import Court
from foia.models import Communication, FoiaRequest
from litigation.services import case_create
from tests.coalition.worlds import world_build, world_specs
from tests.factories import coalition_world, member
from tests.foia.factories import FoiaRequestFactory, agency, ensure_agencies
from web.search.engine import search
from web.search.query import fts5_match

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("GPS", '"gps"'),
        ('"Trust Stamp" OR SmartLINK -BI', '(("trust stamp" OR "smartlink")) NOT "bi"'),
        ("-gps exclusions", '("exclusions") NOT "gps"'),
        ("-gps", ""),
        ('NEAR(x b) * ^col:y "unterminated', '"near x" AND "b" AND "col y" AND "unterminated"'),  # words only
        ("by the", ""),  # stopwords only: nothing asked, as on PostgreSQL
        ('"the match by the trust" -the', '"match xstopwordx xstopwordx trust"'),  # in a phrase: their places
    ],
)
def test_the_box_syntax_becomes_a_safe_fts5_expression(text, expected):
    assert fts5_match(text) == expected


@pytest.fixture
def people():
    ensure_agencies()
    world = coalition_world()
    return world, member(world.ours, Role.STAFF), member(world.partner, Role.STAFF), member(world.outsider, Role.STAFF)


def _kinds(results):
    return [(h.kind, h.title) for h in results.hits]


def test_words_are_stemmed_phrases_kept_and_exclusions_honoured(people):
    world, ours, _, _ = people
    FoiaRequestFactory(organization=world.ours, subject="Check-in alert records", request_text="SmartLINK alerts")
    FoiaRequestFactory(organization=world.ours, subject="BI Inc. contract", request_text="Pricing of the options")
    assert _kinds(search(user=ours, text="alerting")) == [("request", "Check-in alert records")]  # stemmed
    assert _kinds(search(user=ours, text='"pricing of the options"')) == [("request", "BI Inc. contract")]
    assert search(user=ours, text='"options pricing"').total == 0  # a phrase is in order
    assert search(user=ours, text="alert OR pricing").total == 2
    assert _kinds(search(user=ours, text="alert OR pricing -smartlink")) == [("request", "BI Inc. contract")]


def test_a_title_match_ranks_above_a_body_match_and_snippets_mark_the_words(people):
    world, ours, _, _ = people
    FoiaRequestFactory(organization=world.ours, subject="Budget records", request_text="Mentions geofencing once.")
    FoiaRequestFactory(organization=world.ours, subject="Geofencing records", request_text="All geofencing zones.")
    results = search(user=ours, text="geofencing")
    assert [h.title for h in results.hits] == ["Geofencing records", "Budget records"]
    assert "<mark>geofencing</mark>" in results.hits[1].snippet.lower()


def test_stored_markup_is_escaped_in_snippets(people):
    world, ours, _, _ = people
    FoiaRequestFactory(organization=world.ours, subject="Tracker", request_text='<script>alert("x")</script> ankle')
    snippet = search(user=ours, text="ankle").hits[0].snippet
    # SQLite quotes the tag escaped; PostgreSQL's ts_headline drops it: never markup either way.
    assert "<script>" not in snippet and "<mark>ankle</mark>" in snippet
    assert "&lt;script&gt;" in snippet or connection.vendor == "postgresql"


def test_nothing_unseen_is_returned_counted_or_quoted(people):
    world, ours, partner, outsider = people
    mine = FoiaRequestFactory(organization=world.ours, subject="Ankle monitor data")
    FoiaRequestFactory(organization=world.ours, subject="Ankle monitor contracts", sharing=Sharing.COALITION)
    court = Court.objects.get(slug="cand")
    for n, (caption, privileged) in enumerate([("Ankle Monitor Coalition v. ICE", False), ("Ankle strategy", True)]):
        case_create(
            actor=ours, organization=world.ours, caption=caption, court=court, docket_number=f"3:26-cv-0123{n}",
            sharing=Sharing.COALITION, privileged=privileged,
        )  # fmt: skip
    Communication.objects.create(request=mine, direction="from_agency", date=D(2026, 11, 2), subject="Ankle letter")
    assert search(user=ours, text="ankle").counts == {"request": 2, "letter": 1, "case": 2, "page": 0}
    seen = search(user=partner, text="ankle")  # shared ones only; the privileged case never
    assert sorted(h.title for h in seen.hits) == ["Ankle Monitor Coalition v. ICE", "Ankle monitor contracts"]
    assert seen.total == 2 and "strategy" not in str([h.snippet for h in seen.hits])
    assert search(user=outsider, text="ankle").total == 0


def test_filters_narrow_and_a_filter_another_kind_cannot_answer_leaves_it_out(people):
    world, ours, _, _ = people
    ice = FoiaRequestFactory(organization=world.ours, subject="Enrollment statistics", agency=agency("ice"))
    FoiaRequestFactory(organization=world.ours, subject="Enrollment by field office", agency=agency("cbp"))
    Communication.objects.create(request=ice, direction="from_agency", date=D(2026, 11, 2), subject="Enrollment reply")
    assert search(user=ours, text="enrollment", filters={"agency": agency("ice")}).total == 2
    assert search(user=ours, text="enrollment", filters={"request": ice}).counts == {
        "request": 1, "letter": 1, "case": 0, "page": 0
    }  # fmt: skip
    by_date = search(user=ours, text="enrollment", filters={"date_from": D(2026, 11, 1)}, kinds=["letter"])
    assert _kinds(by_date) == [("letter", "Enrollment reply")]
    assert "request" not in search(user=ours, text="enrollment", filters={"exemption": "b6"}).counts


def test_the_page_and_the_api(client, people):
    world, ours, _, _ = people
    FoiaRequestFactory(organization=world.ours, subject="SmartLINK retention schedule")
    client.force_login(ours)
    page = client.get("/search/", {"q": "retention"})
    assert page.status_code == 200 and "SmartLINK <mark>retention</mark>" in page.content.decode()
    api = client.get("/api/v1/search/", {"q": "retention"})
    assert api.status_code == 200 and api.json()["total"] == 1
    assert api.json()["results"][0]["kind"] == "request"
    assert client.get("/api/v1/search/", {"q": "x", "date_from": "2026-13-40"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x" * 201}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "date_to": ""}).status_code == 400  # the page's form may send it
    assert client.get("/search/", {"q": "retention", "date_to": ""}).status_code == 200
    for hostile in ['"', "NEAR(", "a:b", "*", "'; DROP TABLE", "-", "OR", "\x00"]:
        assert client.get("/api/v1/search/", {"q": hostile}).status_code in (200, 400), hostile
        assert client.get("/search/", {"q": hostile}).status_code in (200, 400), hostile


def test_another_organisations_request_as_a_filter_is_refused_like_a_missing_one(client, people):
    world, ours, _, _ = people
    theirs = FoiaRequestFactory(organization=world.outsider, subject="x")
    client.force_login(ours)
    other = client.get("/api/v1/search/", {"q": "x", "request": theirs.pk})
    missing = client.get("/api/v1/search/", {"q": "x", "request": 999_999})
    assert other.status_code == missing.status_code == 400 and other.json() == missing.json()


def test_every_searched_table_is_indexed_after_all_migrations():
    """PostgreSQL: each searched table has its generated `search_tsv` with a GIN index. SQLite: each FTS5 mirror
    has its three triggers (Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers: a
    later migration of a searched table must recreate them, and this fails until it does)."""
    from web.search.sources import SOURCES

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%%search_tsv%%'")
            indexed = {table for table, definition in cursor.fetchall() if "USING gin" in definition}
            assert indexed == {s.model._meta.db_table for s in SOURCES}
            return
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    for source in SOURCES:
        assert {f"{source.fts_table}_{s}" for s in ("ai", "ad", "au")} <= triggers, source.fts_table


def test_the_migration_indexes_exactly_what_the_sources_search():
    import importlib

    from web.search.sources import SOURCES

    migration = importlib.import_module("web.migrations.0001_search_indexes")
    indexed = {(app, model, fts, columns) for app, model, fts, columns in migration.INDEXED}
    assert indexed == {(s.model._meta.app_label, s.model._meta.model_name, s.fts_table, s.columns) for s in SOURCES}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world_specs(), data=st.data())
def test_search_returns_exactly_what_the_access_rules_let_each_person_see(spec, data):
    with transaction.atomic():
        built = world_build(spec)
        for request in built.requests:  # some requests and letters mention the word, some do not
            if data.draw(st.booleans()):
                FoiaRequest.objects.filter(pk=request.pk).update(subject=f"{request.subject} surveillance")
        for child in built.children:
            if isinstance(child, Communication) and data.draw(st.booleans()):
                Communication.objects.filter(pk=child.pk).update(subject="Surveillance letter")
        requests = list(FoiaRequest.objects.all())
        letters = list(Communication.objects.select_related("request"))
        for user in built.users:
            results = search(user=user, text="surveillance")
            found = {(h.kind, h.obj.pk) for h in results.hits}
            expected = {("request", r.pk) for r in requests if "surveillance" in r.subject and access.can_view(user, r)}
            expected |= {
                ("letter", c.pk) for c in letters if c.subject == "Surveillance letter" and access.can_view(user, c)
            }  # noqa: E501
            assert found == expected
            assert results.counts.get("request", 0) == sum(1 for k, _ in expected if k == "request")
            assert results.total == len(expected)
        transaction.set_rollback(True)


def test_released_pages_are_found_with_their_page_number_and_exemptions(client, people):
    from documents.models import Document, DocumentPage, Production

    world, ours, partner, _ = people
    shared = FoiaRequestFactory(organization=world.ours, subject="Trust Stamp", sharing=Sharing.COALITION)
    production = Production.objects.create(request=shared, date=D(2026, 11, 20))
    document = Document.objects.create(
        production=production, original_name="alerts.pdf", title="Check-in alert emails", sha256="1" * 64, size=1
    )
    DocumentPage.objects.create(document=document, number=1, text="Cover page of the release")
    DocumentPage.objects.create(
        document=document,
        number=7,
        text="Facial match failed for participant (b)(6) (b)(7)(C)",
        exemptions=["b6", "b7C"],
    )
    private = Document.objects.create(
        production=Production.objects.create(request=FoiaRequestFactory(organization=world.ours), date=D(2026, 11, 2)),
        original_name="x.pdf", sha256="2" * 64, size=1,
    )  # fmt: skip
    DocumentPage.objects.create(document=private, number=1, text="Facial match internal notes")
    hits = search(user=partner, text="facial match").hits
    assert [(h.kind, h.url, h.place[:6]) for h in hits] == [("page", f"/documents/{document.pk}/#page-7", "Page 7")]
    assert search(user=ours, text="facial match").counts["page"] == 2
    assert search(user=ours, text="facial", filters={"exemption": "b7C"}).counts == {"page": 1}
    assert search(user=ours, text="facial", filters={"exemption": "b7"}).total == 0  # (b)(7) is not (b)(7)(C)
    client.force_login(partner)
    assert client.get("/api/v1/search/", {"q": "facial", "kind": "page"}).json()["results"][0]["page"] == 7


def test_beyond_the_ranking_window_counts_are_a_floor_and_ranked_among_what_the_person_may_see(
    client, people, monkeypatch
):
    from web.search import engine

    monkeypatch.setattr(engine, "RANK_WINDOW", 3)
    world, ours, partner, _ = people
    # Requests the partner may not see first (lowest ids): the window is taken after the access rule.
    for n in range(4):
        FoiaRequestFactory(organization=world.ours, subject=f"Curfew alerts {n}", sharing=Sharing.ORGANIZATION)
    shared = [FoiaRequestFactory(organization=world.ours, subject=f"Curfew log {n}", sharing=Sharing.COALITION)
              for n in range(5)]  # fmt: skip
    results = search(user=partner, text="curfew")
    assert results.counts["request"] == 3 and results.capped == {"request"} and results.more
    assert {h.obj.pk for h in results.hits} <= {r.pk for r in shared} and len(results.hits) == 3
    assert not search(user=partner, text="curfew log 4").more  # narrower: exact again
    client.force_login(partner)
    page = client.get("/search/", {"q": "curfew"}).content.decode()
    assert "3+ results" in page and "Requests 3+" in page and "among the first 3 found" in page
    body = client.get("/api/v1/search/", {"q": "curfew"}).json()
    assert (body["total"], body["more"], body["capped"], body["counts"]["request"]) == (3, True, ["request"], 3)


def test_the_ranking_window_holds_the_first_matches_not_the_first_rows_the_person_may_see(people, monkeypatch):
    """The window is the first matches the person may see, not their first rows. (Its subquery once named the outer
    table's tsvector, so it held the first visible rows, matching or not, and ran once per outer row: 37 s for one
    search of 200,000 pages.)"""
    from web.search import engine

    monkeypatch.setattr(engine, "RANK_WINDOW", 3)
    world, _, partner, _ = people
    for n in range(4):  # the lowest ids the partner may see, none matching
        FoiaRequestFactory(organization=world.ours, subject=f"Ankle monitor {n}", sharing=Sharing.COALITION)
    curfews = {FoiaRequestFactory(organization=world.ours, subject=f"Curfew log {n}", sharing=Sharing.COALITION).pk
               for n in range(5)}  # fmt: skip
    results = search(user=partner, text="curfew", kinds=["request"])
    assert results.capped == {"request"} and results.counts == {"request": 3}
    assert len(results.hits) == 3 and {h.obj.pk for h in results.hits} <= curfews
