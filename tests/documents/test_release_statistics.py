"""Released vs withheld and exemptions per page across productions: per agency, request and case, on the case page,
the dashboard and /api/v1/documents/statistics/, aggregated in the database (queries constant in the number of
productions), and never counting a privileged production for someone who may not see it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Sharing
from documents import selectors, services
from documents.models import Document, DocumentPage
from litigation import services as litigation_services
from tests.foia.factories import FoiaRequestFactory, agency

pytestmark = pytest.mark.django_db
API = "/api/v1/documents/statistics/"


def _release(request, user, *, processed, full, part, withheld, pages, privileged=False, label=""):
    production = services.production_create(
        request=request, actor=user, date=dt.date(2026, 11, 20), label=label, pages_processed=processed,
        pages_released_full=full, pages_released_part=part, pages_withheld=withheld, privileged=privileged,
    )  # fmt: skip
    document = Document.objects.create(
        production=production, original_name=f"{label}.pdf", sha256=f"{production.pk:064d}", size=1, kind="pdf",
        status="done", page_count=len(pages),
    )  # fmt: skip
    DocumentPage.objects.bulk_create(
        DocumentPage(document=document, number=n, text=" ".join(codes), exemptions=codes)
        for n, codes in enumerate(pages, 1)
    )
    return production


@pytest.fixture
def releases(world):
    ice_request = FoiaRequestFactory(organization=world.ours, agency=agency("ice"), sharing=Sharing.COALITION)
    cbp_request = FoiaRequestFactory(organization=world.ours, agency=agency("cbp"), sharing=Sharing.COALITION)
    staff = world.staff
    _release(
        ice_request, staff, processed=10, full=4, part=2, withheld=4, pages=[["b6"], ["b6", "b7C"], []], label="I1"
    )
    _release(ice_request, staff, processed=5, full=0, part=0, withheld=5, pages=[["b4"]], privileged=True, label="Priv")
    _release(cbp_request, staff, processed=8, full=6, part=1, withheld=1, pages=[["b5"], ["b6"]], label="C1")
    outsider_request = FoiaRequestFactory(organization=world.outsider, agency=agency("ice"))
    _release(outsider_request, world.outsider_staff, processed=100, full=0, part=0, withheld=100, pages=[["b1"]])
    case = litigation_services.case_create(
        actor=staff, organization=world.ours, caption="Mijente v. DHS", sharing=Sharing.COALITION
    )
    for request in (ice_request, cbp_request):
        litigation_services.case_request_link(actor=staff, case=case, request=request)
    return type("Releases", (), {"ice": ice_request, "cbp": cbp_request, "case": case, "outsider": outsider_request})


def _uses(figures):
    return [(use.code, use.pages, round(use.per_page, 3)) for use in figures.exemptions]


def test_an_attorney_counts_every_release_of_the_organisation_and_a_partner_never_the_privileged_one(world, releases):
    mine = selectors.release_figures(
        user=world.attorney, productions=selectors.productions_counted(user=world.attorney)
    )
    assert (mine.productions, mine.pages_processed, mine.pages_withheld, mine.pages_extracted) == (3, 23, 10, 6)
    assert mine.withheld_share == 43
    assert _uses(mine) == [("b6", 3, 0.5), ("b4", 1, 0.167), ("b5", 1, 0.167), ("b7C", 1, 0.167)]
    partner_user = world.partner_staff
    theirs = selectors.release_figures(user=partner_user, productions=selectors.productions_counted(user=partner_user))
    assert (theirs.productions, theirs.pages_processed, theirs.pages_withheld, theirs.pages_extracted) == (2, 18, 5, 5)
    assert _uses(theirs) == [("b6", 3, 0.6), ("b5", 1, 0.2), ("b7C", 1, 0.2)]


def test_per_agency_the_one_withholding_most_comes_first_with_its_most_cited_exemptions(world, releases):
    rows = selectors.release_figures_by_agency(
        user=world.attorney, productions=selectors.productions_counted(user=world.attorney)
    )
    assert [(r.agency.slug, r.figures.productions, r.figures.pages_withheld) for r in rows] == [
        ("ice", 2, 9),
        ("cbp", 1, 1),
    ]
    assert _uses(rows[0].figures) == [("b6", 2, 0.5), ("b4", 1, 0.25), ("b7C", 1, 0.25)]
    assert _uses(rows[1].figures) == [("b5", 1, 0.5), ("b6", 1, 0.5)]
    outsider = selectors.release_figures_by_agency(
        user=world.outsider_staff, productions=selectors.productions_counted(user=world.outsider_staff)
    )
    assert [(r.agency.slug, r.figures.pages_withheld, _uses(r.figures)) for r in outsider] == [
        ("ice", 100, [("b1", 1, 1.0)])
    ]


def test_a_case_counts_the_productions_of_the_requests_it_enforces(world, releases):
    figures = selectors.release_figures(
        user=world.attorney, productions=selectors.productions_counted(user=world.attorney, case=releases.case)
    )
    assert (figures.productions, figures.pages_withheld) == (3, 10)
    only_cbp = selectors.productions_counted(user=world.attorney, agency=agency("cbp"))
    assert selectors.release_figures(user=world.attorney, productions=only_cbp).pages_processed == 8


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        productions = selectors.productions_counted(user=user)
        selectors.release_figures(user=user, productions=productions)
        selectors.release_figures_by_agency(user=user, productions=productions)
    return len(captured)


def test_the_queries_do_not_grow_with_the_number_of_productions(world, releases):
    _queries(world.attorney)  # the user's memberships are looked up once, then cached on them
    before = _queries(world.attorney)
    for n in range(6):
        _release(releases.cbp, world.staff, processed=3, full=3, part=0, withheld=0, pages=[["b6"]], label=f"x{n}")
    assert _queries(world.attorney) == before <= 5


def test_the_case_page_shows_the_figures_the_viewer_may_see(client, world, releases):
    url = releases.case.get_absolute_url()
    client.force_login(world.attorney)
    card = client.get(url).content.decode().split('id="release-statistics"')[1]
    assert "3 releases for the requests this case enforces: 23 pages processed, 10 withheld in full (43%)" in card
    assert "(b)(4)" in card and "Pages citing each exemption" in card
    client.force_login(world.partner_staff)
    card = client.get(url).content.decode().split('id="release-statistics"')[1]
    assert "2 releases for the requests this case enforces: 18 pages processed, 5 withheld in full (28%)" in card
    assert "(b)(4)" not in card


def test_the_dashboard_shows_released_records_by_agency_for_what_the_viewer_may_see(client, world, releases):
    client.force_login(world.attorney)
    section = client.get(reverse("dashboard")).content.decode().split('id="released-records"')[1].split("</section>")[0]
    assert (
        "3 releases you can see: 23 pages processed, 10 released in full, 3 in part, 10 withheld in full (43%)"
        in section
    )
    assert "(b)(4)" in section and "ICE" in section and "CBP" in section
    client.force_login(world.partner_staff)
    section = client.get(reverse("dashboard")).content.decode().split('id="released-records"')[1].split("</section>")[0]
    assert "2 releases you can see: 18 pages processed" in section and "(b)(4)" not in section
    client.force_login(world.outsider_staff)
    section = client.get(reverse("dashboard")).content.decode().split('id="released-records"')[1].split("</section>")[0]
    assert "1 release you can see: 100 pages processed" in section and "CBP" not in section


def test_the_api_gives_the_same_figures_filtered_and_never_the_privileged_release_to_a_partner(client, world, releases):
    client.force_login(world.attorney)
    body = client.get(API, {"case": releases.case.pk}).json()
    assert {k: body[k] for k in ("productions", "pages_processed", "pages_withheld", "withheld_share")} == {
        "productions": 3, "pages_processed": 23, "pages_withheld": 10, "withheld_share": 43,
    }  # fmt: skip
    assert body["exemptions"][0] == {"code": "b6", "label": "(b)(6)", "pages": 3, "per_page": 0.5}
    assert [(a["agency"], a["pages_withheld"]) for a in body["agencies"]] == [("ice", 9), ("cbp", 1)]
    assert client.get(API, {"agency": "cbp"}).json()["pages_processed"] == 8
    assert client.get(API, {"request": releases.ice.pk}).json()["productions"] == 2
    client.force_login(world.partner_staff)
    body = client.get(API, {"request": releases.ice.pk}).json()
    assert body["productions"] == 1 and "b4" not in [use["code"] for use in body["exemptions"]]


@pytest.mark.parametrize("name", ["request", "case"])
def test_naming_an_invisible_request_or_case_answers_like_a_missing_one(client, world, releases, name):
    client.force_login(world.outsider_staff)
    mine = {"request": releases.ice.pk, "case": releases.case.pk}[name]
    invisible = client.get(API, {name: mine})
    missing = client.get(API, {name: 999_999})
    assert invisible.status_code == missing.status_code == 400
    assert invisible.json() == missing.json()
    assert client.get(API, {"agency": "no-such-agency"}).status_code == 400
    assert client.get(API, {"agency": ""}).status_code == 400


def test_the_dashboard_totals_summed_from_the_agency_rows_equal_the_direct_aggregate(world, releases):
    for user in (world.attorney, world.partner_staff, world.outsider_staff):
        totals, rows = selectors.dashboard_release_figures(user=user)
        direct = selectors.release_figures(user=user, productions=selectors.productions_counted(user=user))
        assert totals == direct and len(rows) == len({row.agency.pk for row in rows})
    with CaptureQueriesContext(connection) as captured:
        selectors.dashboard_release_figures(user=world.viewer)  # memberships looked up, then three aggregates
    first = len(captured)
    with CaptureQueriesContext(connection) as captured:
        assert selectors.dashboard_release_figures(user=world.viewer)[0].productions == 3
    assert len(captured) <= first and len(captured) <= 3
