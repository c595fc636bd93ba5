"""Review fixes in the lifecycle: interim adverse determinations and their appeals, extending an appeal decision,
an appeal's receipt date, reopening, and backdated events on a closed request. Dates hand-checked on the DHS
calendar (90 working days to appeal, 6 C.F.R. 5.8(a)(1); 20 working days to decide, (a)(6)(A)(ii))."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from deadlines.models import DeadlineStatus
from foia import services
from foia.choices import EventKind as E
from foia.choices import RequestStatus as S
from foia.models import Appeal
from foia.selectors import constructive_exhaustion
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = [(E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20))]


def dl(req):
    return {d.key: d for d in req.deadlines.all()}


@pytest.fixture
def expedited(world, today):
    today(D(2026, 12, 1))
    req = FoiaRequestFactory(organization=world.ours, expedited_requested=True, expedited_justification="urgency")
    record_all(req, world.staff, *RECEIVED, (E.EXPEDITED_DENIED, D(2026, 11, 24)))
    return req


def test_a_denial_of_expedited_processing_opens_the_agencys_appeal_window(expedited):
    window = dl(expedited)["appeal-filing-expedited"]
    # 2026-11-24 + 90 working days (Thanksgiving 11-26, 12-25, 1-1, MLK 1-18, Washington 2-15): 2027-04-06
    assert (window.status, window.due_date, window.rule) == (DeadlineStatus.OPEN, D(2027, 4, 6), "foia-appeal-filing")
    assert "appeal-filing" not in dl(expedited)  # the final response's own window is a separate key


def test_its_appeal_is_recorded_while_the_request_is_in_process(world, expedited):
    appeal = services.appeal_file(request=expedited, user=world.staff, filed_on=D(2026, 11, 30), issues=["expedited"])
    expedited.refresh_from_db()
    assert expedited.status == S.PROCESSING  # still in process: the appeal runs beside it
    assert appeal.determination_event.kind == E.EXPEDITED_DENIED
    deadlines = dl(expedited)
    assert deadlines["appeal-filing-expedited"].status == DeadlineStatus.MET
    assert deadlines["appeal-decision-expedited"].due_date == D(2026, 12, 29)  # 11-30 + 20 wd (12-25)
    assert deadlines["initial-response"].status == DeadlineStatus.OPEN
    # deciding it leaves the request in process
    record(expedited, world.staff, E.APPEAL_DECIDED, D(2026, 12, 1), outcome="granted")
    expedited.refresh_from_db()
    assert expedited.status == S.PROCESSING
    assert dl(expedited)["appeal-decision-expedited"].status == DeadlineStatus.MET
    assert Appeal.objects.get(pk=appeal.pk).outcome == "granted"


def test_a_later_appeal_of_the_final_response_does_not_collide(world, expedited, today):
    services.appeal_file(request=expedited, user=world.staff, filed_on=D(2026, 11, 30))
    today(D(2027, 1, 20))
    record(expedited, world.staff, E.FINAL_RESPONSE, D(2027, 1, 4), outcome="partial")
    deadlines = dl(expedited)
    # the final response makes expedition moot: its pending appeal is superseded
    assert deadlines["appeal-decision-expedited"].status == DeadlineStatus.SUPERSEDED
    assert deadlines["appeal-filing"].status == DeadlineStatus.OPEN
    final = services.appeal_file(request=expedited, user=world.staff, filed_on=D(2027, 1, 11))
    expedited.refresh_from_db()
    assert expedited.status == S.APPEALED
    assert final.number == 2 and final.determination_event.kind == E.FINAL_RESPONSE
    assert dl(expedited)["appeal-decision"].due_date == D(2027, 2, 9)  # 1-11 + 20 wd (MLK 1-18)
    assert "appeal-decision-2" not in dl(expedited)


def test_an_interim_denial_cannot_be_appealed_twice_nor_once_the_final_response_superseded_it(world, expedited):
    services.appeal_file(request=expedited, user=world.staff, filed_on=D(2026, 11, 30))
    with pytest.raises(ValidationError, match="already appealed"):
        services.appeal_file(request=expedited, user=world.staff, filed_on=D(2026, 12, 1), appeal_of="expedited_denied")
    with pytest.raises(ValidationError, match="An appeal needs an adverse determination"):
        services.appeal_file(request=expedited, user=world.staff, filed_on=D(2026, 12, 1))


def test_a_fee_waiver_denial_opens_a_window_that_survives_the_final_response(world, today):
    today(D(2027, 1, 20))
    req = FoiaRequestFactory(organization=world.ours, fee_waiver_requested=True)
    record_all(req, world.staff, *RECEIVED, (E.FEE_WAIVER_DECISION, D(2026, 11, 24), {"outcome": "denied"}))
    assert dl(req)["appeal-filing-fee-waiver"].due_date == D(2027, 4, 6)
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 10), outcome="full_grant")
    req.refresh_from_db()
    assert req.status == S.RESPONDED
    assert dl(req)["appeal-filing-fee-waiver"].status == DeadlineStatus.OPEN
    appeal = services.appeal_file(request=req, user=world.staff, filed_on=D(2026, 12, 14))
    req.refresh_from_db()
    assert req.status == S.RESPONDED  # an appeal of the fee waiver only
    assert appeal.determination_event.kind == E.FEE_WAIVER_DECISION
    assert dl(req)["appeal-decision-fee-waiver"].status == DeadlineStatus.OPEN


def test_a_granted_fee_waiver_is_not_adverse(world, today):
    today(D(2026, 12, 1))
    req = FoiaRequestFactory(organization=world.ours, fee_waiver_requested=True)
    record_all(req, world.staff, *RECEIVED, (E.FEE_WAIVER_DECISION, D(2026, 11, 24), {"outcome": "granted"}))
    assert not [k for k in dl(req) if k.startswith("appeal")]


@pytest.fixture
def appealed(world, today):
    today(D(2027, 1, 20))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(
        req,
        world.staff,
        *RECEIVED,
        (E.FINAL_RESPONSE, D(2026, 12, 1), {"outcome": "partial"}),
        (E.APPEAL_FILED, D(2026, 12, 7)),
    )
    return req


def test_an_unusual_circumstances_extension_extends_the_appeal_decision(world, appealed):
    assert dl(appealed)["appeal-decision"].due_date == D(2027, 1, 6)  # 12-07 + 20 wd (12-25, 1-1)
    today = D(2027, 1, 20)
    assert constructive_exhaustion(request=appealed, deadlines=list(appealed.deadlines.all()), today=D(2027, 1, 7))
    record(appealed, world.staff, E.EXTENDED, D(2026, 12, 21), working_days=10)
    appealed.refresh_from_db()
    assert appealed.status == S.APPEALED
    decision = dl(appealed)["appeal-decision"]
    assert decision.due_date == D(2027, 1, 21)  # +10 wd (MLK 1-18)
    assert decision.options["unusual_circumstances"] == {"noticed_on": "2026-12-21", "working_days": 10}
    deadlines = list(appealed.deadlines.all())
    assert constructive_exhaustion(request=appealed, deadlines=deadlines, today=today) is None  # not early
    assert constructive_exhaustion(request=appealed, deadlines=deadlines, today=D(2027, 1, 22))
    with pytest.raises(ValidationError, match="already extended"):
        record(appealed, world.staff, E.EXTENDED, D(2026, 12, 22), working_days=2)


def test_the_events_api_refuses_an_appeal_received_before_it_was_filed_or_in_the_future(world, today):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, *RECEIVED, (E.FINAL_RESPONSE, D(2026, 12, 1), {"outcome": "denial"}))
    api = APIClient()
    api.force_authenticate(world.staff)
    for received, message in (("2026-01-02", "before it was filed"), ("2027-01-04", "in the future")):
        r = api.post(
            "/api/v1/foia/events/",
            {"request": req.pk, "kind": "appeal_filed", "date": "2026-12-10", "details": {"received_on": received}},
            format="json",
        )
        assert r.status_code == 400 and message in str(r.json()), r.json()
    with pytest.raises(ValidationError, match="before it was filed"):
        services.appeal_file(request=req, user=world.staff, filed_on=D(2026, 12, 10), received_on=D(2026, 12, 9))
    assert not req.appeals.exists() and "appeal-decision" not in dl(req)


def test_reopening_restores_what_the_closure_waived(world, today):
    today(D(2026, 12, 15))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, *RECEIVED, (E.CLOSED, D(2026, 12, 1)))
    assert dl(req)["initial-response"].status == DeadlineStatus.WAIVED
    record(req, world.staff, E.REOPENED, D(2026, 12, 3))
    req.refresh_from_db()
    assert req.status == S.PROCESSING
    initial = dl(req)["initial-response"]
    assert (initial.status, initial.due_date) == (DeadlineStatus.OPEN, D(2026, 12, 21))


def test_reopening_with_an_appeal_pending_restores_its_decision_deadline(world, appealed):
    record_all(appealed, world.staff, (E.CLOSED, D(2026, 12, 10)), (E.REOPENED, D(2026, 12, 14)))
    appealed.refresh_from_db()
    assert appealed.status == S.APPEALED
    deadlines = dl(appealed)
    assert deadlines["appeal-decision"].status == DeadlineStatus.OPEN
    assert deadlines["initial-response"].status == DeadlineStatus.MET  # the determination was made: not restored


def test_a_backdated_event_on_a_closed_request_is_refused(world, today):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, *RECEIVED, (E.CLOSED, D(2026, 12, 10)))
    for on in (D(2026, 12, 9), D(2026, 12, 10)):
        with pytest.raises(ValidationError, match="The request is closed: reopen it first"):
            record(req, world.staff, E.FINAL_RESPONSE, on, outcome="denial")
    assert not [k for k in dl(req) if k.startswith("appeal")]
    record(req, world.staff, E.REOPENED, D(2026, 12, 11))  # the reopening itself is accepted
