"""/api/v1/litigation/cases/: the pages' access rules, filters, ETags / If-Match, service and request links."""

import datetime as dt

import pytest

from foia.choices import EventKind as E
from litigation import services
from litigation.models import Case
from tests.foia.factories import FoiaRequestFactory, record
from tests.foia.test_visibility_fixes import api_as

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/litigation/cases"


def captions(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["caption"] for row in response.json()["results"])


def test_lists_hold_what_the_caller_may_see_with_the_pages_filters(lit):
    assert captions(api_as(lit.staff).get(f"{BASE}/")) == ["Mijente v. DHS", "Partner v. USCIS", "Private v. CBP"]
    assert captions(api_as(lit.partner_staff).get(f"{BASE}/")) == [
        "Mijente v. DHS",
        "Partner v. USCIS",
        "Strategy v. OIG",
    ]
    assert captions(api_as(lit.outsider_staff).get(f"{BASE}/")) == ["Outsider v. DOJ"]
    assert captions(api_as(lit.staff).get(f"{BASE}/?court=cand&agency=dhs&judge=corley")) == ["Mijente v. DHS"]
    refused = api_as(lit.staff).get(f"{BASE}/?organization={lit.world.outsider.slug}")
    missing = api_as(lit.staff).get(f"{BASE}/?organization=no-such-organisation")
    assert refused.status_code == missing.status_code == 400
    assert refused.json() == {
        k: [m.replace("no-such-organisation", lit.world.outsider.slug) for m in v] for k, v in missing.json().items()
    }


def test_detail_nests_parties_and_counsel_and_lists_only_visible_request_ids(lit):
    services.counsel_add(actor=lit.staff, case=lit.case, name="Ana Advocate", role="lead")
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    hidden = FoiaRequestFactory(organization=lit.world.ours, subject="Ours, not shared")
    record(hidden, lit.staff, E.SUBMITTED, D(2026, 10, 1))
    services.case_request_link(actor=lit.staff, case=lit.case, request=hidden)
    response = api_as(lit.staff).get(f"{BASE}/{lit.case.pk}/")
    body = response.json()
    assert response["ETag"] == f'"{lit.case.pk}.{Case.objects.get(pk=lit.case.pk).version}"'
    assert (
        body["court"] == "cand"
        and body["docket_number"] == "3:22-cv-01234"
        and body["organization"] == lit.world.ours.slug
    )
    assert [(p["side"], p["agency"]) for p in body["parties"]] == [("defendant", "ice")]
    assert [(c["name"], c["role"]) for c in body["counsel"]] == [("Ana Advocate", "lead")]
    assert sorted(body["requests"]) == sorted([lit.request.pk, hidden.pk])
    partner = api_as(lit.partner_staff).get(f"{BASE}/{lit.case.pk}/").json()
    assert partner["requests"] == [lit.request.pk]  # our unshared request stays hidden from the partner


def test_another_organisations_case_answers_like_a_missing_one(lit):
    missing = Case.objects.order_by("-pk").first().pk + 100
    for user, case in (
        (lit.outsider_staff, lit.case),
        (lit.staff, lit.partner_privileged),
        (lit.partner_staff, lit.private),
    ):
        client = api_as(user)
        for method, path, body in (
            ("get", "", None), ("patch", "", {"judge": "X"}), ("put", "", {"caption": "X"}),
            ("post", "link/", {"request": lit.request.pk}), ("post", "unlink/", {"request": lit.request.pk}),
        ):  # fmt: skip
            theirs = getattr(client, method)(f"{BASE}/{case.pk}/{path}", body, format="json")
            nothing = getattr(client, method)(f"{BASE}/{missing}/{path}", body, format="json")
            assert theirs.status_code == nothing.status_code == 404, (method, path)
            assert theirs.json() == nothing.json()


def test_partners_and_viewers_read_but_do_not_write(lit):
    for user in (lit.partner_staff, lit.viewer):
        client = api_as(user)
        assert client.get(f"{BASE}/{lit.case.pk}/").status_code == 200
        assert client.patch(f"{BASE}/{lit.case.pk}/", {"judge": "X"}, format="json").status_code == 403
        assert client.post(f"{BASE}/{lit.case.pk}/link/", {"request": lit.request.pk}, format="json").status_code == 403
    assert api_as(lit.viewer).post(f"{BASE}/", {"caption": "X v. Y"}, format="json").status_code == 403
    assert Case.objects.get(pk=lit.case.pk).judge == "Hon. Jacqueline Scott Corley"


def test_create_update_with_if_match_and_refusals_naming_the_field(lit):
    client = api_as(lit.staff)
    response = client.post(f"{BASE}/", {"caption": "Just Futures Law v. ICE", "court": "dcd"}, format="json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert (case.organization, case.created_by, case.court.slug) == (lit.world.ours, lit.staff, "dcd")
    bad = client.post(f"{BASE}/", {"caption": "X", "court": "dcd", "docket_number": "3:22-cv-01234"}, format="json")
    assert bad.status_code == 400 and "is not a docket number in D.D.C." in bad.json()["docket_number"][0]
    assert client.post(f"{BASE}/", {"caption": "X", "court": "nowhere"}, format="json").status_code == 400
    etag = client.get(f"{BASE}/{case.pk}/")["ETag"]
    services.case_update(actor=lit.admin, case=case, judge="Hon. Someone")
    stale = client.patch(f"{BASE}/{case.pk}/", {"docket_number": "1:26-cv-00042"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and Case.objects.get(pk=case.pk).docket_number == ""
    etag = client.get(f"{BASE}/{case.pk}/")["ETag"]
    # Service on the U.S. Attorney 2026-11-20: the answer is due 30 days later, Sunday 12-20 -> Monday 2026-12-21.
    fresh = client.patch(
        f"{BASE}/{case.pk}/",
        {"docket_number": "1:26-cv-00042", "filed_on": "2026-11-16", "served_us_attorney_on": "2026-11-20"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert fresh.status_code == 200, fresh.json()
    body = fresh.json()
    assert [(d["key"], d["due"]) for d in body["open_deadlines"]] == [("answer", "2026-12-21")]
    assert body["service_warning"].startswith("Service on the United States is incomplete")
    early = client.patch(f"{BASE}/{case.pk}/", {"served_agency_on": "2026-11-01"}, format="json")
    assert early.status_code == 400 and "before the complaint was filed" in early.json()["served_agency_on"][0]
    # A date no FOIA suit can have (schemathesis sent year 185): refused naming the field, never a server error.
    ancient = client.patch(
        f"{BASE}/{case.pk}/", {"filed_on": None, "served_us_attorney_on": "0185-05-05"}, format="json"
    )
    assert ancient.status_code == 400, ancient.content
    assert "before FOIA took effect (1967-07-04)" in ancient.json()["served_us_attorney_on"][0]
    assert Case.objects.get(pk=case.pk).served_us_attorney_on == dt.date(2026, 11, 20)


def test_link_and_unlink_requests(lit):
    client = api_as(lit.staff)
    url = f"{BASE}/{lit.case.pk}"
    foreign = FoiaRequestFactory(organization=lit.world.outsider)
    refused = client.post(f"{url}/link/", {"request": foreign.pk}, format="json")
    missing = client.post(f"{url}/link/", {"request": foreign.pk + 1000}, format="json")
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["request"][0].replace(str(foreign.pk), "?") == missing.json()["request"][0].replace(
        str(foreign.pk + 1000), "?"
    )
    linked = client.post(f"{url}/link/", {"request": lit.request.pk}, format="json")
    assert linked.json() == {"changed": True, "requests": [lit.request.pk]}
    assert client.post(f"{url}/link/", {"request": lit.request.pk}, format="json").json()["changed"] is False
    lit.request.refresh_from_db()
    assert lit.request.status == "litigation"
    assert client.post(f"{url}/unlink/", {"request": lit.request.pk}, format="json").json() == {
        "changed": True,
        "requests": [],
    }
