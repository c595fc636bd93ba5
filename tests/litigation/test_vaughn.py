"""The Vaughn index: its due date a court-ordered deadline, entries refused naming the field (nothing saved), counts
by exemption on the case page, our challenge notes privileged like any case note, the API, fixed query counts."""

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Role
from litigation import services_docket, services_schedule
from litigation.models import VaughnEntry
from tests.factories import member
from tests.litigation.test_docket_api import BASE, api

pytestmark = pytest.mark.django_db
D = dt.date


def add(lit, number, exemptions=("b6",), **fields):
    return services_schedule.vaughn_entry_add(
        actor=lit.staff, case=lit.case, number=number, description=f"Record {number}", exemptions=list(exemptions),
        **fields,
    )  # fmt: skip


def test_the_due_date_is_a_court_ordered_deadline_citing_the_order(lit):
    order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=9, filed_on=D(2026, 11, 10), kind="minute_order", description="MO"
    )
    deadline = services_schedule.vaughn_index_due(actor=lit.staff, case=lit.case, order=order, due_date=D(2027, 1, 8))
    assert (deadline.forum, deadline.due_date, deadline.citation) == (
        "court", D(2027, 1, 8), "Order, ECF No. 9 (entered 2026-11-10)",
    )  # fmt: skip
    moved = services_schedule.vaughn_index_due(actor=lit.staff, case=lit.case, order=order, due_date=D(2027, 1, 15))
    assert moved.pk == deadline.pk and moved.due_date == D(2027, 1, 15)
    with pytest.raises(ValidationError) as refused:
        services_schedule.vaughn_index_due(actor=lit.staff, case=lit.case, order=order, due_date=D(2026, 11, 1))
    assert "due_date" in refused.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"exemptions": []}, "exemptions"),
        ({"exemptions": ["b10"]}, "exemptions"),
        ({"description": "  "}, "description"),
        ({"number": 1}, "number"),  # reused
    ],
)
def test_bad_entries_are_refused_naming_the_field_and_nothing_is_saved(lit, fields, field):
    add(lit, 1)
    terms = {"number": 2, "description": "Email", "exemptions": ["b6"], **fields}
    with pytest.raises(ValidationError) as refused:
        services_schedule.vaughn_entry_add(actor=lit.staff, case=lit.case, **terms)
    assert field in refused.value.message_dict
    assert VaughnEntry.objects.count() == 1


def test_the_case_page_counts_entries_by_exemption_and_challenge(client, lit):
    add(lit, 1, ("b6", "b7C"), pages=18, challenge_status="challenged")
    add(lit, 2, ("b7E",), pages=9, challenge_status="challenged")
    add(lit, 3, ("b7C", "b6", "b7E"), pages=1, challenge_status="accepted")
    client.force_login(lit.viewer)
    text = unescape(client.get(lit.case.get_absolute_url()).content.decode())
    assert 'id="vaughn"' in text and "Entries claiming each exemption" in text
    # (b)(6): entries 1 and 3; (b)(7)(C): 1 and 3; (b)(7)(E): 2 and 3.
    for label in ("(b)(6)", "(b)(7)(C)", "(b)(7)(E)"):
        assert f'<span class="bar-label">{label}</span>' in text
    assert text.count('<span class="bar-value">2</span>') == 3
    assert "Challenged: 2" in text and "Accepted: 1" in text
    assert "(b)(6), (b)(7)(C), (b)(7)(E)" in text  # entry 3's claims in the statute's order
    assert 'id="add-vaughn-entry"' not in text  # a viewer only reads


def test_a_privileged_challenge_note_reaches_only_attorneys_and_admins(client, lit):
    entry = add(lit, 1, ("b5",))
    services_docket.note_add(
        actor=lit.attorney, case=lit.case, body="Segregability argument: weak", privileged=True, vaughn_entry=entry
    )
    services_docket.note_add(actor=lit.staff, case=lit.case, body="Ask for the attachments", vaughn_entry=entry)
    for role in Role:
        client.force_login(member(lit.world.ours, role))
        text = client.get(lit.case.get_absolute_url()).content.decode()
        assert "Ask for the attachments" in text
        assert ("Segregability argument" in text) is (role in (Role.ADMIN, Role.ATTORNEY)), role
    client.force_login(lit.partner_staff)
    text = client.get(lit.case.get_absolute_url()).content.decode()
    assert "Ask for the attachments" in text and "Segregability argument" not in text
    assert all("Segregability" not in n["body"] for n in api(lit.attorney).get(f"{BASE}/notes/").json()["results"])
    with pytest.raises(ValidationError):
        services_docket.note_add(actor=lit.staff, case=lit.private, body="x", vaughn_entry=entry)


def test_the_forms_add_and_edit_an_entry_showing_refusals(client, lit):
    client.force_login(lit.staff)
    url = reverse("litigation:vaughn-add", args=[lit.case.pk])
    assert client.get(url).status_code == 200
    none = client.post(url, {"number": "1", "description": "Email", "challenge_status": "not_reviewed"})
    assert none.status_code == 200 and "Choose at least one exemption" in unescape(none.content.decode())
    assert not VaughnEntry.objects.exists()
    done = client.post(
        url, {"number": "1", "description": "Email", "exemptions": ["b6", "b7C"], "pages": "4",
              "challenge_status": "not_reviewed"},
    )  # fmt: skip
    assert done.status_code == 302 and done["Location"].endswith("#vaughn")
    entry = VaughnEntry.objects.get()
    edit = reverse("litigation:vaughn-edit", args=[lit.case.pk, entry.pk])
    saved = client.post(
        edit, {"description": "Email", "exemptions": ["b6"], "challenge_status": "withdrawn", "version": entry.version}
    )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.exemptions == ["b6"] and entry.challenge_status == "withdrawn"
    stale = client.post(edit, {"description": "X", "exemptions": ["b6"], "challenge_status": "accepted", "version": 1})
    assert stale.status_code == 200 and VaughnEntry.objects.get().description == "Email"
    client.force_login(lit.viewer)
    assert client.get(url).status_code == 403
    client.force_login(lit.outsider_staff)
    assert client.get(url).status_code == 404 and client.get(edit).status_code == 404


def test_the_api_keeps_the_access_rules_and_names_the_refused_field(lit):
    entry = add(lit, 1, ("b7E",))
    other = services_schedule.vaughn_entry_add(
        actor=lit.staff, case=lit.private, number=1, description="Private", exemptions=["b5"]
    )
    assert [e["id"] for e in api(lit.partner_staff).get(f"{BASE}/vaughn-entries/").json()["results"]] == [entry.pk]
    assert api(lit.partner_staff).get(f"{BASE}/vaughn-entries/{other.pk}/").status_code == 404
    assert api(lit.outsider_staff).get(f"{BASE}/vaughn-entries/{entry.pk}/").status_code == 404
    client = api(lit.staff)
    body = {"case": lit.case.pk, "number": 2, "description": "Memo", "exemptions": []}
    response = client.post(f"{BASE}/vaughn-entries/", body, format="json")
    assert response.status_code == 400 and "exemptions" in response.json()
    response = client.post(f"{BASE}/vaughn-entries/", {**body, "number": 1, "exemptions": ["b5"]}, format="json")
    assert response.status_code == 400 and "number" in response.json()
    created = client.post(f"{BASE}/vaughn-entries/", {**body, "exemptions": ["b5", "b6"]}, format="json")
    assert created.status_code == 201 and created.json()["exemption_labels"] == ["(b)(5)", "(b)(6)"]
    url = f"{BASE}/vaughn-entries/{entry.pk}/"
    etag = client.get(url)["ETag"]
    assert (
        client.patch(url, {"challenge_status": "challenged"}, format="json", HTTP_IF_MATCH='"1.999"').status_code == 412
    )
    assert client.patch(url, {"challenge_status": "challenged"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert api(lit.partner_staff).patch(url, {"pages": 3}, format="json").status_code == 403


def test_the_case_page_reads_the_index_in_a_fixed_number_of_queries(client, lit):
    def count() -> int:
        client.force_login(lit.staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(lit.case.get_absolute_url()).status_code == 200
        return len(queries)

    add(lit, 1)
    few = count()
    for n in range(2, 12):
        entry = add(lit, n, ("b6", "b7C") if n % 2 else ("b7E",))
        services_docket.note_add(actor=lit.attorney, case=lit.case, body=f"n{n}", privileged=n % 2, vaughn_entry=entry)
    assert count() == few
