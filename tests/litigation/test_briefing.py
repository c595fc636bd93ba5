"""Open America stays and cross-motions for summary judgment briefing (litigation.services_briefing): the services
with hand-checked dates, the pages and the API, and their access rules. Today is frozen at 2026-12-01 (conftest)."""

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from deadlines.models import Deadline, DeadlineStatus
from litigation import services, services_briefing, services_docket
from litigation.models import Case, CaseStatus, Stay
from tests.litigation.conftest import court

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/litigation"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


ORDER_DAY = D(2026, 11, 20)


def order(lit, case=None, *, number=20, filed_on=ORDER_DAY, kind="order", actor=None):
    return services_docket.docket_entry_add(
        actor=actor or lit.attorney, case=case or lit.case, number=number, filed_on=filed_on, kind=kind,
        description="ORDER granting the agency's motion for an Open America stay",
    )  # fmt: skip


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- Open America stays -------------------------------------------------------------------------------------------


def test_a_stay_with_an_end_stays_the_case_and_orders_a_status_report_at_its_end(lit, frozen):
    granted = order(lit)
    stay = services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=granted, until=D(2027, 2, 19))
    assert (stay.granted_on, stay.until, stay.status_before) == (D(2026, 11, 20), D(2027, 2, 19), "filed")
    assert "Open America" in stay.basis and "552(a)(6)(C)(i)" in stay.basis
    assert fresh(lit.case).status == CaseStatus.STAYED
    end = Deadline.objects.get(key=stay.end_key)
    # The court-ordered path: due the day the order set (Fri 2027-02-19), a court deadline citing the order.
    assert (end.due_date, end.forum, end.kind, end.status) == (D(2027, 2, 19), "court", "manual", "open")
    assert end.citation == "Order, ECF No. 20 (entered 2026-11-20)"
    # Lifted early: the case goes back to "filed" and the report at the stay's end is superseded.
    lifted = services_briefing.stay_lift(actor=lit.attorney, stay=stay, lifted_on=D(2026, 11, 30))
    assert lifted.lifted_on == D(2026, 11, 30) and not lifted.in_force
    assert fresh(lit.case).status == CaseStatus.FILED
    end.refresh_from_db()
    assert end.status == DeadlineStatus.SUPERSEDED and "lifted on 2026-11-30" in end.closed_reason


def test_an_open_ended_stay_has_no_end_deadline_and_bad_stays_are_refused_naming_the_field(lit, frozen):
    granted = order(lit)
    before = Deadline.objects.count()
    with pytest.raises(ValidationError) as refused:
        services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=granted, until=D(2026, 11, 19))
    assert refused.value.message_dict["until"] == ["The stay ends (2026-11-19) before it starts (2026-11-20)."]
    motion = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=21, filed_on=D(2026, 11, 20), kind="motion", description="M"
    )
    before = Deadline.objects.count()
    with pytest.raises(ValidationError) as refused:
        services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=motion)
    assert "not an order" in refused.value.message_dict["order"][0]
    with pytest.raises(ValidationError) as refused:
        services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=granted, granted_on=D(2026, 11, 19))
    assert "before the order was entered" in refused.value.message_dict["granted_on"][0]
    assert (Stay.objects.count(), Deadline.objects.count(), fresh(lit.case).status) == (0, before, "filed")

    stay = services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=granted)
    assert stay.open_ended and not Deadline.objects.filter(key=stay.end_key).exists()
    with pytest.raises(ValidationError) as refused:  # one stay in force at a time
        services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=granted)
    assert "already stayed" in refused.value.message_dict["order"][0]
    with pytest.raises(ValidationError) as refused:
        services_briefing.stay_lift(actor=lit.attorney, stay=stay, lifted_on=D(2026, 11, 19))
    assert "before the stay was granted" in refused.value.message_dict["lifted_on"][0]
    assert fresh(lit.case).status == CaseStatus.STAYED
    with pytest.raises(PermissionDenied):  # our viewer sees the case but does not change it
        services_briefing.stay_lift(actor=lit.viewer, stay=stay)


def test_the_case_page_records_shows_and_lifts_a_stay(client, lit, frozen):
    granted = order(lit)
    client.force_login(lit.staff)
    url = reverse("litigation:stay-add", args=[lit.case.pk])
    response = client.post(url, {"order": granted.pk, "until": "2026-11-01"})
    assert response.status_code == 200 and "before it starts" in unescape(response.content.decode())
    assert not Stay.objects.exists()
    response = client.post(url, {"order": granted.pk, "until": "2027-02-19"})
    assert response.status_code == 302
    text = unescape(client.get(lit.case.get_absolute_url()).content.decode())
    assert "Stay granted" in text and 'until <span class="date">2027-02-19</span>' in text and "Open America" in text
    assert "Status report or motion to lift at the end of the stay" in text and "Stayed" in text
    stay = Stay.objects.get()
    response = client.post(
        reverse("litigation:stay-lift", args=[lit.case.pk, stay.pk]), {"lifted_on": "2026-12-01", "version": 1}
    )
    assert response.status_code == 302 and fresh(lit.case).status == "filed"
    assert "lifted" in client.get(lit.case.get_absolute_url()).content.decode()
    # Another organisation's case answers like a missing one; a partner who sees it cannot record a stay.
    client.force_login(lit.outsider_staff)
    assert client.get(url).status_code == 404
    client.force_login(lit.partner_staff)
    assert client.get(url).status_code == 403


def test_stays_in_the_api_with_the_same_access_rules(lit, frozen):
    granted = order(lit)
    client = api(lit.attorney)
    bad = client.post(
        f"{BASE}/stays/", {"case": lit.case.pk, "order": granted.pk, "until": "2026-11-01"}, format="json"
    )
    assert bad.status_code == 400 and "before it starts" in str(bad.json()["until"])
    created = client.post(
        f"{BASE}/stays/", {"case": lit.case.pk, "order": granted.pk, "until": "2027-02-19"}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["granted_on"], body["until"], body["in_force"], body["status_before"]) == (
        "2026-11-20", "2027-02-19", True, "filed",
    )  # fmt: skip
    assert Deadline.objects.get(pk=body["end_deadline"]).due_date == D(2027, 2, 19)
    assert api(lit.attorney).get(f"{BASE}/cases/{lit.case.pk}/").json()["status"] == "stayed"
    stay_url = f"{BASE}/stays/{body['id']}/"
    # The partner sees the shared case's stay but may not lift it; an outsider gets a 404.
    assert api(lit.partner_staff).get(stay_url).status_code == 200
    assert api(lit.partner_staff).post(f"{stay_url}lift/", {}, format="json").status_code == 403
    assert api(lit.outsider_staff).get(stay_url).status_code == 404
    assert api(lit.outsider_staff).post(f"{stay_url}lift/", {}, format="json").status_code == 404
    # Its history page follows the case's access too.
    from django.test import Client

    history = f"/history/litigation/stay/{body['id']}/"
    for user, status in ((lit.staff, 200), (lit.partner_staff, 200), (lit.outsider_staff, 404)):
        browser = Client()
        browser.force_login(user)
        assert browser.get(history).status_code == status
    # A stay on the partner's privileged case is never seen by us.
    partner_order = order(lit, lit.partner_privileged, number=1, filed_on=D(2026, 11, 2), actor=lit.partner_staff)
    hidden = services_briefing.stay_grant(actor=lit.partner_staff, case=lit.partner_privileged, order=partner_order)
    assert api(lit.staff).get(f"{BASE}/stays/{hidden.pk}/").status_code == 404
    assert {s["id"] for s in api(lit.staff).get(f"{BASE}/stays/").json()["results"]} == {body["id"]}
    lifted = client.post(f"{stay_url}lift/", {"lifted_on": "2026-12-01"}, format="json")
    assert lifted.status_code == 200 and lifted.json()["lifted_on"] == "2026-12-01"
    assert fresh(lit.case).status == "filed"


# --- cross-motions for summary judgment -------------------------------------------------------------------------

DATES = {
    "defendant_motion": D(2026, 11, 20),
    "plaintiff_cross_motion": D(2026, 12, 18),
    "defendant_reply": D(2027, 1, 15),
    "plaintiff_reply": D(2027, 2, 5),
}


@pytest.fixture
def ddc(lit):
    """An answered D.D.C. case of ours with the scheduling minute order of 2026-10-30 (ECF No. 8)."""
    case = services.case_create(
        actor=lit.staff, organization=lit.world.ours, caption="Mijente v. CBP", court=court("dcd"),
        docket_number="1:26-cv-02291", filed_on=D(2026, 10, 1), status="answered",
    )  # fmt: skip
    return case, order(lit, case, number=8, filed_on=D(2026, 10, 30), kind="minute_order")


def test_briefing_dates_become_court_ordered_deadlines_citing_the_order(lit, ddc):
    case, minute = ddc
    deadlines = services_briefing.cross_motion_briefing_set(actor=lit.attorney, case=case, order=minute, **DATES)
    assert [(d.title, d.due_date) for d in deadlines] == [
        ("Defendant's motion for summary judgment", D(2026, 11, 20)),
        ("Plaintiff's cross-motion for summary judgment and opposition", D(2026, 12, 18)),
        ("Defendant's opposition to the cross-motion and reply", D(2027, 1, 15)),
        ("Plaintiff's reply in support of the cross-motion", D(2027, 2, 5)),
    ]
    assert {(d.forum, d.kind, d.citation) for d in deadlines} == {
        ("court", "manual", "Order, ECF No. 8 (entered 2026-10-30)")
    }
    assert all(d.key.startswith(minute.key_prefix) for d in deadlines)  # beside the order on the docket
    assert fresh(case).status == CaseStatus.BRIEFING
    # Entered again from the same order (an amended schedule): the dates move, nothing is duplicated.
    again = services_briefing.cross_motion_briefing_set(
        actor=lit.attorney, case=case, order=minute, **{**DATES, "plaintiff_reply": D(2027, 2, 12)}
    )
    assert [d.pk for d in again] == [d.pk for d in deadlines] and again[3].due_date == D(2027, 2, 12)


def test_a_motion_meeting_a_briefing_date_derives_no_local_rule_deadlines(lit, ddc):
    case, minute = ddc
    first, *_ = services_briefing.cross_motion_briefing_set(actor=lit.attorney, case=case, order=minute, **DATES)
    motion = services_docket.docket_entry_add(
        actor=lit.attorney, case=case, number=9, filed_on=D(2026, 11, 20), kind="motion",
        description="Defendant's MOTION for Summary Judgment", satisfies=[first],
    )  # fmt: skip
    first.refresh_from_db()
    assert first.status == DeadlineStatus.FILED
    assert not Deadline.objects.filter(key__startswith=motion.key_prefix).exists()
    # A motion docketed without it derives LCvR 7(b)'s 14 days (Fri 2026-11-20 + 14 = Fri 12-04) until it is
    # marked as meeting the order's date; then its local-rule deadlines are superseded.
    other = services_docket.docket_entry_add(
        actor=lit.attorney, case=case, number=10, filed_on=D(2026, 11, 20), kind="motion", description="MOTION"
    )
    derived = Deadline.objects.get(key=f"{other.key_prefix}opposition")
    assert (derived.rule, derived.due_date) == ("ddc-opposition", D(2026, 12, 4))
    cross = Deadline.objects.get(key=minute.briefing_key("plaintiff-cross-motion"))
    services_docket.court_deadline_mark_filed(actor=lit.attorney, deadline=cross, entry=other)
    assert set(Deadline.objects.filter(key__startswith=other.key_prefix).values_list("status", flat=True)) == {
        DeadlineStatus.SUPERSEDED
    }


def test_briefing_dates_out_of_order_are_refused_naming_the_field(lit, ddc):
    case, minute = ddc
    before = Deadline.objects.count()
    cases = [
        ({"plaintiff_reply": D(2027, 1, 15)}, "plaintiff_reply", "must be due after the defendant's opposition"),
        ({"plaintiff_cross_motion": D(2026, 11, 20)}, "plaintiff_cross_motion", "must be due after the defendant's"),
        ({"defendant_motion": D(2026, 10, 29)}, "defendant_motion", "after the order was entered (2026-10-30)"),
        ({"defendant_reply": None}, "defendant_reply", "Give the date the order set"),
    ]
    for change, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            services_briefing.cross_motion_briefing_set(
                actor=lit.attorney, case=case, order=minute, **{**DATES, **change}
            )
        assert list(refused.value.message_dict) == [field] and message in refused.value.message_dict[field][0]
    answer = services_docket.docket_entry_add(
        actor=lit.attorney, case=case, number=11, filed_on=D(2026, 11, 2), kind="answer", description="ANSWER"
    )
    with pytest.raises(ValidationError) as refused:
        services_briefing.cross_motion_briefing_set(actor=lit.attorney, case=case, order=answer, **DATES)
    assert "not an order" in refused.value.message_dict["order"][0]
    assert Deadline.objects.count() == before and fresh(case).status == "answered"


def test_the_briefing_form_and_api_with_their_access_rules(client, lit, ddc):
    case, minute = ddc
    form = {"order": minute.pk, **{k: v.isoformat() for k, v in DATES.items()}}
    client.force_login(lit.staff)
    url = reverse("litigation:cross-motions", args=[case.pk])
    response = client.post(url, {**form, "defendant_reply": "2026-12-01"})
    assert response.status_code == 200
    assert "must be due after the plaintiff's cross-motion" in unescape(response.content.decode())
    assert client.post(url, form).status_code == 302
    text = unescape(client.get(case.get_absolute_url()).content.decode())
    assert "Plaintiff's reply in support of the cross-motion" in text and "2027-02-05" in text
    client.force_login(lit.outsider_staff)
    assert client.get(url).status_code == 404

    endpoint = f"{BASE}/docket-entries/{minute.pk}/cross-motion-briefing/"
    body = {k: v.isoformat() for k, v in DATES.items()}
    bad = api(lit.attorney).post(endpoint, {**body, "plaintiff_reply": "2027-01-01"}, format="json")
    assert bad.status_code == 400 and "plaintiff_reply" in bad.json()
    done = api(lit.attorney).post(endpoint, {**body, "plaintiff_reply": "2027-02-19"}, format="json")
    assert done.status_code == 200, done.json()
    assert Deadline.objects.get(pk=done.json()["deadlines"][3]).due_date == D(2027, 2, 19)
    assert api(lit.outsider_staff).post(endpoint, body, format="json").status_code == 404
    assert api(lit.viewer).post(endpoint, body, format="json").status_code == 403
