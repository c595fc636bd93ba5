"""Migration 0007: each request's free-text docket reference becomes a linked case (court parsed, number checked),
owned and shared like the request; unrecognisable references stay on the request; idempotent; reversible."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from directory.models import Court
from directory.seeds import courts_seed
from foia.models import FoiaRequest
from litigation.models import Case
from tests.factories import OrganizationFactory
from tests.foia.factories import FoiaRequestFactory, ensure_agencies

BEFORE = [("litigation", "0006_docket_schedules_notes")]
AFTER = [("litigation", "0007_docket_references_to_cases")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before(transactional_db):
    ensure_agencies()
    courts_seed(court_model=Court)
    _migrate(BEFORE)
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_references_become_linked_cases_and_the_rest_is_kept(before, capsys):
    idp, sac = OrganizationFactory(name="Immigrant Defense Project"), OrganizationFactory(name="SAC")
    refs = {
        "dcd": "1:26-cv-01234 (D.D.C.)",
        "cand": "Mijente v. DHS, 3:22-cv-05678 (N.D. Cal.)",
        "again": "1:26-cv-01234 (DDC)",  # the same suit written another way: one case
        "sac": "1:26-cv-01234 (D.D.C.)",  # another organisation's suit with that number: its own case
        "court-only": "complaint drafted for (S.D.N.Y.)",
        "wrong-office": "2:22-cv-01234 (N.D. Cal.)",  # N.D. Cal. offices are 1, 3, 4, 5
        "nothing": "we will sue in the spring",
    }
    made = {
        key: FoiaRequestFactory(
            organization=sac if key == "sac" else idp,
            docket_reference=text,
            sharing="coalition" if key == "cand" else "organization",
        )
        for key, text in refs.items()
    }
    _migrate(AFTER)
    output = capsys.readouterr().out
    for key in made:
        made[key].refresh_from_db()
    dcd = Case.objects.get(organization=idp, court__slug="dcd", docket_number="1:26-cv-01234")
    assert set(dcd.requests.all()) == {made["dcd"], made["again"]}
    assert (dcd.source_reference, dcd.sharing, dcd.status) == (refs["dcd"], "organization", "filed")
    assert dcd.caption == f"Immigrant Defense Project v. {made['dcd'].agency.abbreviation}"
    cand = Case.objects.get(court__slug="cand")
    assert (cand.docket_number, cand.sharing, list(cand.requests.all())) == (
        "3:22-cv-05678",
        "coalition",
        [made["cand"]],
    )
    assert Case.objects.get(organization=sac).requests.get() == made["sac"]
    nysd = Case.objects.get(court__slug="nysd")
    assert (nysd.docket_number, nysd.status, nysd.requests.get()) == ("", "pre_filing", made["court-only"])
    for key in ("dcd", "cand", "again", "sac", "court-only"):
        assert made[key].docket_reference == ""
    assert made["wrong-office"].docket_reference == refs["wrong-office"] and not made["wrong-office"].cases.exists()
    assert made["nothing"].docket_reference == refs["nothing"] and not made["nothing"].cases.exists()
    assert f"request #{made['nothing'].pk}" in output and f"request #{made['wrong-office'].pk}" in output
    assert Case.objects.count() == 4

    _migrate(BEFORE)  # reversible: the texts come back, the cases go
    assert not Case.objects.exists()
    restored = {made[k].pk: t for k, t in {**refs, "again": refs["dcd"]}.items()}  # the case's text, as first typed
    assert dict(FoiaRequest.objects.values_list("pk", "docket_reference")) == restored
    _migrate(AFTER)
    _migrate(AFTER)  # again: nothing left to do
    assert Case.objects.count() == 4
