"""The duplicate check: the coalition's similar requests to the same agency, and only those the user may see."""

import pytest
from django.db import connection

from coalition.models import Sharing
from foia.selectors import duplicate_candidates
from tests.foia.factories import FoiaRequestFactory, agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(world):
    return {
        "shared": FoiaRequestFactory(
            organization=world.partner,
            sharing=Sharing.COALITION,
            subject="Trust Stamp facial recognition contracts for ISAP check-ins",
            request_text="Contracts and task orders with Trust Stamp for SmartLINK facial recognition check-ins.",
        ),
        "private": FoiaRequestFactory(
            organization=world.partner, subject="Trust Stamp facial recognition contracts for ISAP"
        ),
        "other_agency": FoiaRequestFactory(
            organization=world.ours, agency=agency("cbp"), subject="Trust Stamp facial recognition contracts"
        ),
        "unrelated": FoiaRequestFactory(organization=world.ours, subject="Detention standards inspection reports"),
        "outsider": FoiaRequestFactory(
            organization=world.outsider, sharing=Sharing.COALITION, subject="Trust Stamp facial recognition contracts"
        ),
    }


def found(user, subject, text=""):
    return [d.request.subject for d in duplicate_candidates(user=user, agency=agency(), subject=subject, text=text)]


def test_similar_subjects_to_the_same_agency_among_visible_requests(world, existing):
    assert found(world.staff, "Facial recognition contracts with Trust Stamp (ISAP)") == [existing["shared"].subject]


def test_similar_text_alone_is_enough(world, existing):
    text = "All contracts and task orders with Trust Stamp for SmartLINK facial recognition check-ins since 2019."
    assert found(world.staff, "BI Inc. subcontractor records", text) == [existing["shared"].subject]


def test_nothing_similar(world, existing):
    assert found(world.staff, "Body-worn camera policies") == []
    assert found(world.staff, "") == []


def test_scores_rank_the_closest_first(world, existing):
    FoiaRequestFactory(organization=world.ours, subject="Trust Stamp contracts: facial recognition")
    results = duplicate_candidates(
        user=world.staff, agency=agency(), subject="Trust Stamp facial recognition contracts for ISAP check-ins"
    )
    assert [r.request.subject for r in results] == [
        existing["shared"].subject,
        "Trust Stamp contracts: facial recognition",
    ]
    assert results[0].score > results[1].score > 0


@pytest.mark.postgres
def test_postgres_uses_trigram_similarity(world, existing):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
    # A typo still matches by trigrams (word overlap would miss "Trustsamp" and "recogntion").
    assert found(world.staff, "Trustsamp facial recogntion contracts ISAP") == [existing["shared"].subject]


@pytest.mark.parametrize("agency", ["ice", "²", "-1", "99999999999999999999", ""])
def test_the_duplicate_check_with_an_agency_that_is_not_an_id_checks_nothing(client, world, agency):
    client.force_login(world.staff)
    response = client.get("/requests/duplicates/", {"agency": agency, "subject": "ISAP"})
    assert response.status_code == 200 and response.context["checked"] is False
