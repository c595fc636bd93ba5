"""Stopwords: SQLite's FTS5 mirrors index and search them as PostgreSQL's English configuration does (not at all),
so "BI" (BI Inc., the ISAP contractor) does not find every text with "by" in it on the embedded default."""

import pytest
from django.db import connection

from tests.factories import coalition_world, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies
from web.search.engine import search
from web.search.stopwords import PLACEHOLDER, STOPWORDS, fold

pytestmark = pytest.mark.django_db


def test_fold_replaces_each_stopword_by_one_token_and_keeps_every_other_character():
    x = PLACEHOLDER
    assert fold("Reviewed by BI Inc., wasn't it?") == f"Reviewed {x} BI Inc., wasn'{x} {x}?"  # t is one, wasn not
    assert fold("BI_SmartLINK") == "BI_SmartLINK" and fold("") == "" and fold(None) is None
    j = "\u01c0"  # an address or a host is one token, as PostgreSQL's parser reads it, then one placeholder per word
    assert (
        fold("mail alerts@bi.com, see ice.dhs.gov.") == f"mail alerts{j}bi{j}com {x} {x}, see ice{j}dhs{j}gov {x} {x}."
    )


@pytest.mark.postgres
def test_the_list_is_postgresqls_english_stopwords():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE to_tsvector('english', w) <> ''", [sorted(STOPWORDS)]
        )
        assert cursor.fetchall() == []  # each is dropped by PostgreSQL
        probe = ["by", "the", "was", "has", "bi", "agency", "records", "ice", "smartlink", "about", "again"]
        cursor.execute("SELECT w FROM unnest(%s::text[]) AS w WHERE to_tsvector('english', w) = ''", [probe])
        assert {w for (w,) in cursor.fetchall()} == {w for w in probe if w in STOPWORDS}


def test_bi_is_not_by_and_phrases_keep_their_stopwords_places():
    ensure_agencies()
    world = coalition_world()
    user = member(world.ours, "staff")
    by = FoiaRequestFactory(organization=world.ours, subject="Alerts reviewed by the field office")
    bi = FoiaRequestFactory(organization=world.ours, subject="BI Incorporated invoices")
    found = lambda text: {h.obj.pk for h in search(user=user, text=text).hits}  # noqa: E731
    assert found("BI") == {bi.pk}
    assert found("alerts -BI") == {by.pk}
    assert found('"reviewed by the field"') == {by.pk}  # a phrase across stopwords
    assert found('"reviewed field"') == set()  # ...which still hold their places
    assert found("by the") == set() and search(user=user, text="by").total == 0
    mail = FoiaRequestFactory(organization=world.ours, subject="Alerts mailed from alerts@bi.com daily")
    assert found("BI") == {bi.pk} and found("alerts@bi.com") == {mail.pk}  # an address is one word, as on PostgreSQL
    assert found('"mailed from alerts@bi.com daily"') == {mail.pk}  # and the words after it keep their places
    by.subject = "Alerts seen by BI"
    by.save()  # the update trigger indexes the folded text too
    assert found("BI") == {bi.pk, by.pk}
