"""Every lifecycle event through the service, with its effect on status, dates and deadlines (time frozen).

Due dates are hand-checked: received Friday 2026-11-20; +20 working days skipping Thanksgiving (11-26) is 2026-12-21.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.models import Sharing
from deadlines.models import DeadlineStatus
from foia import services
from foia.choices import EventKind as E
from foia.choices import RequestStatus as S
from foia.choices import Track
from foia.models import Appeal, FoiaRequest, RequestEvent
from tests.foia.factories import FoiaRequestFactory, agency, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
SUBMITTED, RECEIVED = D(2026, 11, 18), D(2026, 11, 20)


@pytest.fixture
def req(world, today):
    today(D(2026, 11, 30))
    return FoiaRequestFactory(organization=world.ours, assigned_to=world.staff, attorney=world.attorney)


def deadlines(request):
    return {d.key: d for d in request.deadlines.all()}


def received(req, user):
    record_all(req, user, (E.SUBMITTED, SUBMITTED), (E.RECEIVED, RECEIVED))


def test_submission_sets_status_and_date_and_no_deadline_yet(req, world):
    record(req, world.staff, E.SUBMITTED, SUBMITTED)
    req.refresh_from_db()
    assert (req.status, req.submitted_on) == (S.SUBMITTED, SUBMITTED)
    assert deadlines(req) == {}


def test_receipt_opens_the_initial_response_deadline_with_steps_and_citation(req, world):
    received(req, world.staff)
    req.refresh_from_db()
    assert (req.status, req.received_on) == (S.PROCESSING, RECEIVED)
    d = deadlines(req)["initial-response"]
    assert (d.rule, d.trigger_date, d.due_date, d.status) == (
        "foia-initial-response",
        RECEIVED,
        D(2026, 12, 21),
        "open",
    )
    assert d.citation == "5 U.S.C. § 552(a)(6)(A)(i)"
    assert "skipping 2026-11-26 Thanksgiving Day -> 2026-12-21" in d.steps[0]
    assert d.responsible == world.staff and d.agency == agency("ice")
    assert d.organization_id == req.organization_id and d.sharing == req.sharing


def test_acknowledgment_sets_its_date_and_leaves_the_deadline(req, world):
    received(req, world.staff)
    record(req, world.staff, E.ACKNOWLEDGED, D(2026, 11, 24))
    req.refresh_from_db()
    assert req.acknowledged_on == D(2026, 11, 24)
    assert deadlines(req)["initial-response"].due_date == D(2026, 12, 21)


def test_a_toll_pauses_the_clock_and_resuming_moves_the_due_date_by_the_days_it_stood_still(req, world, today):
    received(req, world.staff)
    today(D(2026, 12, 9))
    record(req, world.staff, E.TOLLED, D(2026, 12, 1), toll_reason="fees")
    req.refresh_from_db()
    paused = deadlines(req)["initial-response"]
    assert req.status == S.TOLLED
    assert (paused.due_date, paused.paused_since, paused.days_remaining) == (None, D(2026, 12, 1), 15)
    record(req, world.staff, E.RESUMED, D(2026, 12, 8))
    req.refresh_from_db()
    resumed = deadlines(req)["initial-response"]
    # Stopped 12-01..12-08 (6 working days); 15 left from 12-09, skipping Christmas -> 12-30.
    assert (req.status, resumed.due_date, resumed.paused_since) == (S.PROCESSING, D(2026, 12, 30), None)
    assert resumed.options["tolls"] == [{"start": "2026-12-01", "end": "2026-12-08", "reason": "fees", "kind": "fees"}]


def test_an_unusual_circumstances_extension_adds_working_days_to_the_current_due_date(req, world, today):
    received(req, world.staff)
    today(D(2026, 12, 10))
    record(req, world.staff, E.EXTENDED, D(2026, 12, 10), working_days=10)
    d = deadlines(req)["initial-response"]
    # 12-21 + 10 working days skipping Christmas and New Year's Day -> 2027-01-06.
    assert d.due_date == D(2027, 1, 6)
    assert "5 U.S.C. § 552(a)(6)(B)(i)" in d.citation
    assert [h.due_date for h in d.history.order_by("history_id")] == [D(2026, 12, 21), D(2027, 1, 6)]


def test_expedited_decision_deadline_runs_ten_calendar_days_and_closes_met_on_grant(world, today):
    today(D(2026, 11, 30))
    req = FoiaRequestFactory(organization=world.ours, expedited_requested=True, expedited_justification="Urgent")
    record(req, world.staff, E.SUBMITTED, SUBMITTED)
    assert deadlines(req)["expedited-decision"].due_date == D(2026, 11, 28)
    record(req, world.staff, E.RECEIVED, RECEIVED)
    d = deadlines(req)["expedited-decision"]
    assert (d.trigger_date, d.due_date) == (RECEIVED, D(2026, 11, 30))
    record(req, world.staff, E.EXPEDITED_GRANTED, D(2026, 11, 25))
    req.refresh_from_db()
    assert deadlines(req)["expedited-decision"].status == DeadlineStatus.MET
    assert req.track == Track.EXPEDITED


def test_a_late_expedited_denial_closes_the_deadline_missed(world, today):
    today(D(2026, 12, 4))
    req = FoiaRequestFactory(organization=world.ours, expedited_requested=True, expedited_justification="Urgent")
    received(req, world.staff)
    record(req, world.staff, E.EXPEDITED_DENIED, D(2026, 12, 3))
    assert deadlines(req)["expedited-decision"].status == DeadlineStatus.MISSED


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (E.FEE_ESTIMATE, {"amount": "125.00"}),
        (E.FEE_WAIVER_DECISION, {"outcome": "denied"}),
        (E.FEE_PAYMENT, {"amount": "25.00"}),
        (E.INTERIM_RELEASE, {"pages_released": 120, "pages_withheld": 30, "exemptions": "(b)(6), (b)(7)(C)"}),
        (E.REFERRAL, {"referred_to": "cbp"}),
    ],
)
def test_fee_release_and_referral_events_keep_status_and_deadlines(req, world, kind, fields):
    received(req, world.staff)
    if "referred_to" in fields:
        fields = {**fields, "referred_to": agency(fields["referred_to"])}
    event = record(req, world.staff, kind, D(2026, 11, 27), **fields)
    req.refresh_from_db()
    assert req.status == S.PROCESSING and event.kind == kind
    d = deadlines(req)["initial-response"]
    assert (d.status, d.due_date) == ("open", D(2026, 12, 21))


def test_an_adverse_final_response_closes_the_response_clock_and_opens_the_appeal_window(req, world, today):
    received(req, world.staff)
    today(D(2026, 12, 15))
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="partial", exemptions="(b)(5)")
    req.refresh_from_db()
    d = deadlines(req)
    assert req.status == S.RESPONDED
    assert d["initial-response"].status == DeadlineStatus.MET
    window = d["appeal-filing"]
    # ICE (a DHS component): 90 working days, 6 C.F.R. 5.8(a)(1).
    assert (window.due_date, window.citation, window.status) == (D(2027, 4, 26), "6 C.F.R. § 5.8(a)(1)", "open")
    assert window.responsible == world.attorney


def test_a_late_determination_closes_the_response_deadline_missed(req, world, today):
    received(req, world.staff)
    today(D(2027, 1, 5))
    record(req, world.staff, E.FINAL_RESPONSE, D(2027, 1, 5), outcome="full_grant")
    d = deadlines(req)
    assert d["initial-response"].status == DeadlineStatus.MISSED
    assert "appeal-filing" not in d


def test_filing_and_deciding_an_appeal(req, world, today):
    received(req, world.staff)
    today(D(2027, 1, 4))
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="denial")
    appeal = services.appeal_file(
        request=req, user=world.attorney, filed_on=D(2027, 1, 4), grounds="Adequacy of search", issues=["search"]
    )
    req.refresh_from_db()
    d = deadlines(req)
    assert req.status == S.APPEALED and appeal.number == 1 and appeal.determination_event.outcome == "denial"
    assert d["appeal-filing"].status == DeadlineStatus.MET
    assert (d["appeal-decision"].due_date, d["appeal-decision"].citation) == (
        D(2027, 2, 2),
        "5 U.S.C. § 552(a)(6)(A)(ii)",
    )
    today(D(2027, 2, 1))
    record(req, world.staff, E.APPEAL_DECIDED, D(2027, 2, 1), outcome="partly_granted")
    req.refresh_from_db()
    appeal.refresh_from_db()
    assert req.status == S.APPEAL_DECIDED
    assert (appeal.decided_on, appeal.outcome) == (D(2027, 2, 1), "partly_granted")
    assert deadlines(req)["appeal-decision"].status == DeadlineStatus.MET


def test_an_appeal_received_later_starts_its_clock_at_receipt(req, world, today):
    received(req, world.staff)
    today(D(2027, 1, 8))
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="no_records")
    services.appeal_file(request=req, user=world.staff, filed_on=D(2027, 1, 1), received_on=D(2027, 1, 4))
    assert deadlines(req)["appeal-decision"].trigger_date == D(2027, 1, 4)


def test_a_remand_reopens_processing_and_a_new_determination_opens_round_two(req, world, today):
    received(req, world.staff)
    today(D(2027, 3, 1))
    record_all(
        req,
        world.staff,
        (E.FINAL_RESPONSE, D(2026, 12, 15), {"outcome": "partial"}),
        (E.APPEAL_FILED, D(2027, 1, 4)),
        (E.APPEAL_DECIDED, D(2027, 1, 20), {"outcome": "remanded"}),
    )
    req.refresh_from_db()
    assert req.status == S.PROCESSING
    record(req, world.staff, E.FINAL_RESPONSE, D(2027, 2, 26), outcome="partial")
    d = deadlines(req)
    assert d["appeal-filing-2"].trigger_date == D(2027, 2, 26) and d["appeal-filing-2"].status == "open"
    assert Appeal.objects.get(request=req).outcome == "remanded"


def test_closing_waives_open_deadlines_and_refuses_further_events_until_reopened(req, world, today):
    received(req, world.staff)
    record(req, world.staff, E.CLOSED, D(2026, 11, 30))
    req.refresh_from_db()
    assert (req.status, req.closed_on) == (S.CLOSED, D(2026, 11, 30))
    assert deadlines(req)["initial-response"].status == DeadlineStatus.WAIVED
    with pytest.raises(ValidationError, match="The request is closed: reopen it first"):
        record(req, world.staff, E.ACKNOWLEDGED, D(2026, 11, 30))
    record(req, world.staff, E.REOPENED, D(2026, 11, 30))
    req.refresh_from_db()
    assert (req.status, req.closed_on) == (S.PROCESSING, None)


def test_litigation_after_a_missed_deadline_closes_it_missed(req, world, today):
    received(req, world.staff)
    today(D(2027, 1, 15))
    record(req, world.staff, E.LITIGATION, D(2027, 1, 15))
    req.refresh_from_db()
    assert req.status == S.LITIGATION
    assert deadlines(req)["initial-response"].status == DeadlineStatus.MISSED


def test_deleting_an_event_recomputes_status_and_deadlines(req, world, today):
    received(req, world.staff)
    today(D(2026, 12, 15))
    extension = record(req, world.staff, E.EXTENDED, D(2026, 12, 10), working_days=10)
    final = record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="partial")
    services.request_event_delete(event=final, user=world.staff)
    req.refresh_from_db()
    d = deadlines(req)
    assert req.status == S.PROCESSING
    assert (d["initial-response"].status, d["appeal-filing"].status) == ("open", DeadlineStatus.SUPERSEDED)
    services.request_event_delete(event=extension, user=world.staff)
    assert deadlines(req)["initial-response"].due_date == D(2026, 12, 21)


def test_deleting_an_event_others_depend_on_is_refused(req, world):
    received(req, world.staff)
    submitted = req.events.get(kind=E.SUBMITTED)
    with pytest.raises(ValidationError, match="would leave an impossible timeline"):
        services.request_event_delete(event=submitted, user=world.staff)
    assert req.events.count() == 2


def test_dates_out_of_order_are_refused_and_nothing_changes(req, world):
    record(req, world.staff, E.SUBMITTED, SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        record(req, world.staff, E.RECEIVED, D(2026, 11, 10))
    assert "before “Submitted to the agency” on 2026-11-18" in refused.value.messages[0]
    req.refresh_from_db()
    assert req.status == S.SUBMITTED and req.events.count() == 1 and deadlines(req) == {}


def test_future_events_are_refused(req, world):
    with pytest.raises(ValidationError, match="in the future"):
        record(req, world.staff, E.SUBMITTED, D(2026, 12, 1))


def test_events_before_foia_took_effect_are_refused(req, world):
    with pytest.raises(ValidationError, match="“Submitted to the agency” is dated 1850-01-01, which is before FOIA"):
        record(req, world.staff, E.SUBMITTED, D(1850, 1, 1))
    req.refresh_from_db()
    assert req.submitted_on is None and not req.events.exists()


def test_several_events_are_all_or_nothing(req, world):
    record(req, world.staff, E.SUBMITTED, SUBMITTED)
    with pytest.raises(ValidationError, match="Unusual-circumstances extension"):
        services.request_events_record(
            request=req,
            user=world.staff,
            events=[services.EventInput(E.RECEIVED, RECEIVED), services.EventInput(E.EXTENDED, D(2026, 11, 24))],
        )
    assert list(req.events.values_list("kind", flat=True)) == [E.SUBMITTED]


def test_viewers_and_partners_cannot_record_events(req, world):
    for user in (world.viewer, world.partner_staff):
        with pytest.raises(PermissionDenied):
            record(req, user, E.SUBMITTED, SUBMITTED)
    assert not RequestEvent.objects.exists()


def test_sharing_and_assignee_changes_follow_to_the_deadlines(req, world):
    received(req, world.staff)
    services.foia_request_update(request=req, user=world.admin, sharing=Sharing.COALITION, assigned_to=world.admin)
    d = deadlines(req)["initial-response"]
    assert (d.sharing, d.responsible) == (Sharing.COALITION, world.admin)


def test_changing_the_agency_recomputes_the_appeal_window(req, world, today):
    received(req, world.staff)
    today(D(2026, 12, 15))
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="partial")
    ice_due = deadlines(req)["appeal-filing"].due_date
    other = type(agency())(slug="doj-test", name="Test agency", abbreviation="TEST")
    other.save()  # no agency-specific window: the statutory 90 calendar days
    services.foia_request_update(request=req, user=world.staff, agency=other)
    d = deadlines(req)["appeal-filing"]
    assert ice_due == D(2027, 4, 26) and d.due_date == D(2027, 3, 15)


def test_assignees_must_belong_to_the_organisation(req, world):
    with pytest.raises(ValidationError):
        services.foia_request_update(request=req, user=world.staff, assigned_to=world.partner_staff)


def test_only_empty_drafts_can_be_deleted(req, world):
    record(req, world.staff, E.SUBMITTED, SUBMITTED)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.foia_request_delete(request=req, user=world.staff)
    draft = FoiaRequestFactory(organization=world.ours)
    services.foia_request_delete(request=draft, user=world.staff)
    assert not FoiaRequest.objects.filter(pk=draft.pk).exists()
