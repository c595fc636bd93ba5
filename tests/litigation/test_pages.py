"""Case pages: the list (filters with scoped choices, empty states), the detail page, every form, and access."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from litigation import services
from litigation.models import Case
from tests.foia.factories import agency

pytestmark = pytest.mark.django_db
D = dt.date


def listed(client, user, query="") -> list[str]:
    client.force_login(user)
    response = client.get(reverse("litigation:case-list") + query)
    assert response.status_code == 200
    return sorted(unescape(m) for m in re.findall(r'<td><a href="/litigation/\d+/">([^<]+)</a>', response.text))


def test_the_list_shows_own_cases_and_partners_shared_ones_never_privileged(client, lit):
    assert listed(client, lit.staff) == ["Mijente v. DHS", "Partner v. USCIS", "Private v. CBP"]
    assert listed(client, lit.partner_staff) == ["Mijente v. DHS", "Partner v. USCIS", "Strategy v. OIG"]
    assert listed(client, lit.outsider_staff) == ["Outsider v. DOJ"]


def test_the_page_replaces_the_placeholder_and_says_when_nothing_matches(client, lit):
    client.force_login(lit.staff)
    page = client.get("/litigation/").text
    assert "not built yet" not in page and 'href="/litigation/new/"' in page
    page = client.get("/litigation/?q=nothing-like-this").text
    assert "No case matches these filters" in page
    client.force_login(lit.outsider_staff)
    lit.outsider_case.delete()
    assert "No cases yet" in client.get("/litigation/").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?court=cand", ["Mijente v. DHS"]),
        ("?court=dcd", ["Partner v. USCIS"]),
        ("?status=pre_filing", ["Partner v. USCIS", "Private v. CBP"]),
        ("?agency=ice", ["Mijente v. DHS"]),
        ("?agency=dhs", ["Mijente v. DHS"]),  # ICE is a DHS component
        ("?agency=cbp", []),
        ("?judge=corley", ["Mijente v. DHS"]),
        ("?q=3:22-cv", ["Mijente v. DHS"]),
    ],
)
def test_filters(client, lit, query, expected):
    assert listed(client, lit.staff, query) == expected


def test_organisation_filter_offers_only_visible_organisations(client, lit):
    w = lit.world
    assert listed(client, lit.staff, f"?organization={w.partner.slug}") == ["Partner v. USCIS"]
    client.force_login(lit.staff)
    page = client.get(f"/litigation/?organization={w.outsider.slug}").text
    assert "Some filters are not valid" in page and "Outsider v. DOJ" not in page
    assert w.outsider.name not in client.get("/litigation/").text


def test_due_within_counts_open_court_deadlines_the_user_may_see(client, lit):
    # Served on the U.S. Attorney 2026-11-20: answer 30 days later, 2026-12-20 (a Sunday) -> Monday 2026-12-21.
    services.case_service_record(
        actor=lit.staff, case=lit.case, served_us_attorney_on=D(2026, 11, 20), served_attorney_general_on=None,
        served_agency_on=None,
    )  # fmt: skip
    assert listed(client, lit.staff, "?due_within=20") == ["Mijente v. DHS"]  # 12-01 + 20 = 12-21
    assert listed(client, lit.staff, "?due_within=19") == []
    assert listed(client, lit.partner_staff, "?due_within=20") == ["Mijente v. DHS"]
    client.force_login(lit.staff)
    assert "Court deadline within (days)" in client.get("/litigation/?due_within=99999").text


def test_the_detail_page_shows_the_case_its_answer_deadline_and_the_cards(client, lit):
    services.case_service_record(
        actor=lit.staff, case=lit.case, served_us_attorney_on=D(2026, 11, 20),
        served_attorney_general_on=D(2026, 11, 23), served_agency_on=D(2026, 11, 20),
    )  # fmt: skip
    services.counsel_add(actor=lit.staff, case=lit.case, name="Ana Advocate", role="lead", firm="Just Futures Law")
    client.force_login(lit.staff)
    page = unescape(client.get(lit.case.get_absolute_url()).text)
    assert "Mijente v. DHS" in page and "3:22-cv-01234" in page and "Hon. Jacqueline Scott Corley" in page
    assert "The three service dates differ" in page
    answer = lit.case.deadlines.get(key="answer")
    assert answer.due_date == D(2026, 12, 21)
    assert f'href="/deadlines/{answer.pk}/"' in page and "552(a)(4)(C)" in page and "How it was computed" in page
    assert "Ana Advocate" in page and "Just Futures Law" in page and "U.S. Immigration" in page
    for card in ('id="docket"', 'id="court-deadlines"', 'id="notes"', 'id="requests"'):
        assert card in page
    assert f'href="/litigation/{lit.case.pk}/edit/"' in page


def test_partners_read_shared_cases_without_actions_and_others_get_404(client, lit):
    client.force_login(lit.partner_staff)
    page = client.get(lit.case.get_absolute_url()).text
    case_url = lit.case.get_absolute_url()
    assert "Mijente v. DHS" in page and f"{case_url}edit/" not in page and f"{case_url}service/" not in page
    for path in ("edit/", "service/", "parties/new/", "counsel/new/", "requests/link/"):
        assert client.get(f"{lit.case.get_absolute_url()}{path}").status_code == 403
    client.force_login(lit.viewer)
    assert client.get(f"{lit.case.get_absolute_url()}edit/").status_code == 403
    for user, case in (
        (lit.outsider_staff, lit.case),
        (lit.staff, lit.partner_privileged),
        (lit.partner_staff, lit.private),
    ):
        client.force_login(user)
        missing = client.get(f"/litigation/{Case.objects.order_by('-pk').first().pk + 100}/")
        for path in ("", "edit/", "service/", "parties/new/", "counsel/new/", "requests/link/"):
            response = client.get(f"{case.get_absolute_url()}{path}")
            assert response.status_code == missing.status_code == 404, path
        party = case.parties.first()
        for path in ("parties/1/delete/", f"requests/{lit.request.pk}/unlink/"):
            assert client.post(f"{case.get_absolute_url()}{path}").status_code == 404
        assert party is None or Case.objects.get(pk=case.pk).parties.exists()


def test_create_and_edit_a_case_with_a_stale_version_refused(client, lit):
    client.force_login(lit.staff)
    response = client.post(
        "/litigation/new/",
        {"caption": "Just Futures Law v. ICE", "court": "", "docket_number": "", "status": "pre_filing",
         "claim": "foia", "sharing": "organization"},
    )  # fmt: skip
    case = Case.objects.get(caption="Just Futures Law v. ICE")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.organization == lit.world.ours and case.created_by == lit.staff
    form = {"caption": "Just Futures Law v. ICE", "court": lit.case.court.pk, "docket_number": "3:26-cv-00042",
            "status": "filed", "claim": "foia", "sharing": "organization", "filed_on": "2026-11-30",
            "version": case.version}  # fmt: skip
    services.case_update(actor=lit.admin, case=case, judge="Hon. Someone Else")
    response = client.post(f"/litigation/{case.pk}/edit/", form)
    assert response.status_code == 200 and "since you opened" in unescape(response.text)
    case.refresh_from_db()
    assert case.docket_number == ""
    form["version"] = case.version
    assert client.post(f"/litigation/{case.pk}/edit/", form).status_code == 302
    case.refresh_from_db()
    assert (case.docket_number, case.status, case.filed_on) == ("3:26-cv-00042", "filed", D(2026, 11, 30))


def test_bad_input_names_the_field_and_saves_nothing(client, lit):
    client.force_login(lit.staff)
    form = {"caption": "X v. Y", "court": lit.case.court.pk, "docket_number": "2:22-cv-1", "status": "filed",
            "claim": "foia", "sharing": "organization"}  # fmt: skip
    page = unescape(client.post("/litigation/new/", form).text)
    assert "is not a docket number in N.D. Cal." in page and "3:22-cv-01234" in page
    assert not Case.objects.filter(caption="X v. Y").exists()
    form = {"served_us_attorney_on": "2026-10-01", "version": lit.case.version}  # before the complaint (11-04)
    page = unescape(client.post(f"/litigation/{lit.case.pk}/service/", form).text)
    assert "is before the complaint was filed (2026-11-04)" in page
    assert not lit.case.deadlines.exists()
    page = client.post(f"/litigation/{lit.case.pk}/parties/new/", {"side": "plaintiff", "name": ""}).text
    assert "Name the party" in page and lit.case.parties.count() == 1
    response = client.post(f"/litigation/{lit.case.pk}/counsel/new/", {"name": "A", "role": "boss"})
    assert "Select a valid choice" in response.text and not lit.case.counsel.exists()


def test_service_party_counsel_forms_and_removals(client, lit):
    client.force_login(lit.staff)
    url = lit.case.get_absolute_url()
    form = {"served_us_attorney_on": "2026-11-20", "served_attorney_general_on": "2026-11-20",
            "served_agency_on": "2026-11-20", "version": lit.case.version}  # fmt: skip
    assert client.post(f"{url}service/", form).status_code == 302
    assert lit.case.deadlines.get(key="answer").due_date == D(2026, 12, 21)
    assert "The three service dates differ" not in client.get(url).text
    assert client.post(f"{url}parties/new/", {"side": "plaintiff", "name": "Mijente"}).status_code == 302
    assert client.post(f"{url}parties/new/", {"side": "defendant", "agency": agency("dhs").pk}).status_code == 302
    assert (
        client.post(f"{url}counsel/new/", {"name": "B. Counsel", "role": "government", "firm": "USAO"}).status_code
        == 302
    )
    assert lit.case.parties.count() == 3 and lit.case.counsel.count() == 1
    party, counsel = lit.case.parties.get(name="Mijente"), lit.case.counsel.get()
    assert client.post(f"{url}parties/{party.pk}/delete/").status_code == 302
    assert client.post(f"{url}counsel/{counsel.pk}/delete/").status_code == 302
    assert lit.case.parties.count() == 2 and not lit.case.counsel.exists()
    other = lit.private.parties.create(side="plaintiff", name="Not this case")
    assert client.post(f"{url}parties/{other.pk}/delete/").status_code == 404
    assert client.get(f"{url}parties/{party.pk}/delete/").status_code == 405


def test_pages_run_a_fixed_number_of_queries_whatever_the_number_of_cases(client, lit, django_assert_max_num_queries):
    client.force_login(lit.staff)
    client.get("/litigation/")
    for n in range(5):
        services.case_create(actor=lit.staff, organization=lit.world.ours, caption=f"Extra {n} v. DHS")
    with django_assert_max_num_queries(14):
        assert client.get("/litigation/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(lit.case.get_absolute_url()).status_code == 200


def test_rare_filters_fold_away_unless_in_use(client, lit):
    client.force_login(lit.staff)
    assert '<details class="more-filters">' in client.get("/litigation/").text
    assert '<details class="more-filters" open>' in client.get("/litigation/?judge=corley").text
    assert '<details class="more-filters" open>' in client.get("/litigation/?due_within=-1").text
