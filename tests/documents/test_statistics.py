"""Released vs withheld and exemptions per page, per production and per request, for what the user may see."""

import datetime as dt

import pytest

from coalition.models import Sharing
from documents import samples, selectors, services
from tests.documents.conftest import upload
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _release(request, user, *, label, withheld, pages, privileged=False):
    production = services.production_create(
        request=request, actor=user, date=dt.date(2026, 11, 20), label=label, pages_processed=10,
        pages_released_full=10 - withheld - 2, pages_released_part=2, pages_withheld=withheld, privileged=privileged,
    )  # fmt: skip
    [document] = services.documents_upload(
        production=production, files=[upload(f"{label}.pdf", samples.text_pdf(pages))], actor=user
    ).documents
    services.document_process(document_id=document.pk)
    return production


def test_a_productions_bars_carry_the_agencys_counts_and_the_pages_per_exemption(world, production):
    release = _release(production.request, world.staff, label="r1", withheld=4, pages=["(b)(6)", "(b)(6) (b)(5)"])
    stats = selectors.production_statistics(user=world.staff, production=release)
    assert [(b.label, b.value, b.width) for b in stats.pages] == [
        ("Released in full", 4, 100.0),
        ("Released in part", 2, 50.0),
        ("Withheld in full", 4, 100.0),
    ]
    assert [(b.label, b.value) for b in stats.exemptions] == [("(b)(5)", 1), ("(b)(6)", 2)]
    assert stats.withheld_share == 40


def test_a_requests_totals_add_its_productions_and_leave_out_what_a_partner_may_not_see(world, production, client):
    request = production.request
    type(request).objects.filter(pk=request.pk).update(sharing=Sharing.COALITION)
    _release(request, world.staff, label="r1", withheld=4, pages=["(b)(6)"])
    _release(request, world.staff, label="Privileged release", withheld=1, pages=["(b)(6)", "(b)(4)"], privileged=True)
    own, totals = selectors.request_release_statistics(user=world.staff, request=request)
    assert totals["pages_withheld"] == 5 and totals["pages_processed"] == 20
    assert [(b.label, b.value) for b in own.exemptions] == [("(b)(4)", 1), ("(b)(6)", 2)]
    partner, totals = selectors.request_release_statistics(user=world.partner_staff, request=request)
    assert totals["pages_withheld"] == 4 and [(b.label, b.value) for b in partner.exemptions] == [("(b)(6)", 1)]
    assert client.login(username=world.partner_staff.username, password=PASSWORD)
    html = client.get(request.get_absolute_url()).content.decode()
    productions_card = html.split('id="productions"')[1]
    assert "Pages citing each exemption" in productions_card and "Privileged release" not in html
    assert "(b)(4)" not in productions_card
