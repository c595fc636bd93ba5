"""Deadline services: sync, manual, close, sharing, and closures recomputing in bulk with history and one signal."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Organization, Role, Sharing
from deadlines import services
from deadlines.models import Closure, ClosureScope, Deadline, DeadlineKind, DeadlineStatus
from deadlines.rules import InvalidOptions, UnknownRule, deadline_compute
from deadlines.signals import deadlines_changed
from directory.models import Agency, Court
from tests.deadlines.factories import subject_for
from tests.factories import CoalitionFactory, OrganizationFactory, UserFactory, editor, member, site_staff

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = D(2026, 11, 20)


@pytest.fixture
def signals(django_capture_on_commit_callbacks):
    received = []

    def handler(sender, deadline_ids, **kwargs):
        received.append(list(deadline_ids))

    deadlines_changed.connect(handler)
    yield received
    deadlines_changed.disconnect(handler)


def sync(subject, key="initial-response", trigger=RECEIVED, **kwargs):
    kwargs.setdefault("rule", "foia-initial-response")
    return services.deadline_sync(
        actor=editor(subject), subject=subject, key=key, title="Initial response", trigger=trigger, **kwargs
    )


def test_sync_creates_copies_owner_and_records_history(django_capture_on_commit_callbacks, signals):
    subject = subject_for(sharing=Sharing.COALITION)
    with django_capture_on_commit_callbacks(execute=True):
        deadline = sync(subject, agency=Agency.objects.get(slug="ice"))
    assert deadline.due_date == D(2026, 12, 21)
    assert deadline.organization_id == subject.organization_id and deadline.sharing == Sharing.COALITION
    assert deadline.kind == DeadlineKind.DERIVED and deadline.status == DeadlineStatus.OPEN
    assert deadline.citation == "5 U.S.C. § 552(a)(6)(A)(i)" and deadline.window_start == D(2026, 11, 20)
    assert deadline.subject == subject
    assert [h.history_change_reason for h in deadline.history.all()] == ["computed: foia-initial-response"]
    assert signals == [[deadline.pk]]


def test_sync_follows_access_parent():
    owner = subject_for(sharing=Sharing.COALITION)

    class Child:
        """A child object (e.g. a tracking number) whose access follows its parent."""

        _meta = Organization._meta
        pk = 987
        access_parent = "parent"
        parent = owner

    deadline = sync(Child())
    assert deadline.organization_id == owner.organization_id and deadline.sharing == Sharing.COALITION


def test_resync_recomputes_in_place_keeping_history(django_capture_on_commit_callbacks, signals):
    subject = subject_for()
    first = sync(subject)
    with django_capture_on_commit_callbacks(execute=True):
        second = sync(subject, options={"tolls": [{"start": "2026-12-01", "end": "2026-12-10", "reason": "fees"}]})
    assert second.pk == first.pk and second.due_date == D(2027, 1, 4)
    assert Deadline.objects.filter(key="initial-response").count() == 1
    dues = [h.due_date for h in second.history.order_by("history_id")]
    assert dues == [D(2026, 12, 21), D(2027, 1, 4)]
    assert signals == [[second.pk]]
    with django_capture_on_commit_callbacks(execute=True):
        sync(subject, options={"tolls": [{"start": "2026-12-01", "end": "2026-12-10", "reason": "fees"}]})
    assert signals == [[second.pk]]  # nothing changed: no new history, no signal
    assert second.history.count() == 2


def test_open_toll_pauses_then_answer_resumes():
    subject = subject_for()
    paused = sync(subject, options={"tolls": [{"start": "2026-12-01", "end": None, "reason": "awaiting info"}]})
    assert paused.due_date is None and paused.is_paused
    assert paused.paused_since == D(2026, 12, 1) and paused.days_remaining == 15
    resumed = sync(subject, options={"tolls": [{"start": "2026-12-01", "end": "2026-12-03", "reason": "answered"}]})
    assert resumed.due_date == D(2026, 12, 24) and resumed.paused_since is None


def test_sync_errors_write_nothing():
    subject = subject_for()
    with pytest.raises(UnknownRule):
        sync(subject, rule="nope")
    with pytest.raises(InvalidOptions):
        sync(subject, options={"unusual_circumstances": {"noticed_on": "2026-12-01", "working_days": 12}})
    assert not Deadline.objects.filter(key="initial-response").exists()


def test_sync_refuses_a_deadline_past_the_holiday_data_and_writes_nothing():
    subject = subject_for()
    kept = sync(subject, trigger=D(2100, 12, 1))
    assert kept.due_date == D(2100, 12, 30)  # the last covered working days still compute
    with pytest.raises(InvalidOptions, match="outside the holiday calendar"):
        sync(subject, trigger=D(2100, 12, 2))  # its 20th working day would be 2101-01-03
    kept.refresh_from_db()
    assert (kept.trigger_date, kept.due_date) == (D(2100, 12, 1), D(2100, 12, 30))


def test_missed_deadline_reopens_when_recomputed_into_the_future(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 28, 12, tzinfo=dt.UTC))
    subject = subject_for()
    sync(subject)
    missed = services.deadline_close(
        actor=editor(subject), subject=subject, key="initial-response", status=DeadlineStatus.MISSED
    )
    assert missed.status == DeadlineStatus.MISSED and missed.closed_at is not None
    reopened = sync(subject, options={"unusual_circumstances": {"noticed_on": "2026-12-15", "working_days": 10}})
    assert reopened.status == DeadlineStatus.OPEN and reopened.closed_at is None


def test_close_and_reopen(django_capture_on_commit_callbacks, signals):
    subject = subject_for()
    deadline = sync(subject)
    with pytest.raises(ValueError, match="status must be one of"):
        services.deadline_close(actor=editor(subject), subject=subject, key="initial-response", status="open")
    assert (
        services.deadline_close(actor=editor(subject), subject=subject, key="nope", status=DeadlineStatus.MET) is None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_close(
            actor=editor(subject), subject=subject, key="initial-response", status=DeadlineStatus.MET
        )
        services.deadline_reopen(actor=editor(subject), subject=subject, key="initial-response")
    assert signals == [[deadline.pk], [deadline.pk]]
    reasons = list(deadline.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["closed: met", "reopened"]


def test_manual_deadline_replaces_and_then_survives_sync():
    subject = subject_for()
    sync(subject, key="vaughn", rule="ddc-opposition", trigger=D(2026, 6, 19), court=Court.objects.get(slug="dcd"))
    manual = services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="vaughn",
        title="Vaughn index",
        due_date=D(2026, 9, 1),
        citation="Minute Order of 2026-06-30",
        note="ordered at the status conference",
    )
    assert manual.kind == DeadlineKind.MANUAL and manual.rule == "" and manual.due_date == D(2026, 9, 1)
    assert manual.steps == ["2026-09-01 set by hand: ordered at the status conference"]
    again = sync(subject, key="vaughn", rule="ddc-opposition", trigger=D(2026, 6, 19))
    assert again.kind == DeadlineKind.MANUAL and again.due_date == D(2026, 9, 1)  # the court order governs


def test_sync_sharing_follows_the_subject():
    subject = subject_for()
    deadline = sync(subject)
    subject.sharing = Sharing.COALITION
    assert services.deadlines_sync_sharing(actor=editor(subject), subject=subject) == 1
    deadline.refresh_from_db()
    assert deadline.sharing == Sharing.COALITION
    assert services.deadlines_sync_sharing(actor=editor(subject), subject=subject) == 0


def test_assign_and_keep_assignee_on_resync():
    subject = subject_for()
    user = UserFactory()
    deadline = sync(subject, responsible=user)
    assert deadline.responsible == user
    assert sync(subject).responsible == user
    assert services.deadline_assign(actor=editor(deadline), deadline=deadline, responsible=None).responsible is None


# --- closures -------------------------------------------------------------------------------------------------------


def test_closure_add_and_remove_move_deadlines_with_history_and_one_signal(django_capture_on_commit_callbacks, signals):
    ice = Agency.objects.get(slug="ice")
    subjects = [subject_for() for _ in range(3)]
    moved = [sync(s, agency=ice) for s in subjects[:2]]
    untouched = sync(subjects[2], trigger=D(2027, 1, 4))
    admin = site_staff()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.closure_add(date=D(2026, 12, 18), reason="Snow emergency", user=admin)
    assert sorted(result.changed_ids) == sorted(d.pk for d in moved)
    assert signals == [sorted(d.pk for d in moved)]
    for deadline in moved:
        deadline.refresh_from_db()
        assert deadline.due_date == D(2026, 12, 22)
        assert "2026-12-18 Snow emergency" in deadline.steps[0]
        latest = deadline.history.order_by("-history_id").first()
        assert latest.history_change_reason == "closure added: 2026-12-18: Snow emergency"
        assert latest.history_user_id == admin.pk and latest.due_date == D(2026, 12, 22)
        assert latest.history_type == "~"
    untouched.refresh_from_db()
    assert untouched.history.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.closure_remove(closure=result.closure, user=admin)
    for deadline in moved:
        deadline.refresh_from_db()
        assert deadline.due_date == D(2026, 12, 21)
        assert deadline.history.first().history_change_reason.startswith("closure removed")
    assert len(signals) == 2


def test_closure_scope_limits_what_moves():
    ice, cbp = Agency.objects.get(slug="ice"), Agency.objects.get(slug="cbp")
    dcd = Court.objects.get(slug="dcd")
    at_ice, at_cbp = sync(subject_for(), agency=ice), sync(subject_for(), agency=cbp)
    in_court = sync(subject_for(), key="answer", rule="foia-complaint-answer", court=dcd)
    assert in_court.due_date == D(2026, 12, 21)
    result = services.closure_add(
        user=site_staff(), date=D(2026, 12, 21), reason="ICE closed", scope=ClosureScope.AGENCY, agency=ice
    )
    assert result.changed_ids == [at_ice.pk]
    result = services.closure_add(
        user=site_staff(), date=D(2026, 12, 21), reason="D.D.C. closed", scope=ClosureScope.COURT, court=dcd
    )
    assert result.changed_ids == [in_court.pk]
    result = services.closure_add(
        user=site_staff(),
        date=D(2026, 12, 21),
        reason="DHS closed",
        scope=ClosureScope.AGENCY,
        agency=Agency.objects.get(slug="dhs"),
    )
    assert result.changed_ids == [at_cbp.pk]  # ICE already moved past 12-21; CBP is a DHS component


@pytest.mark.parametrize("status", [DeadlineStatus.MET, DeadlineStatus.WAIVED, DeadlineStatus.SUPERSEDED])
def test_closures_never_move_manual_or_finished_deadlines(status):
    subject = subject_for()
    manual = services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="jsr",
        title="Joint status report",
        due_date=D(2026, 12, 21),
        citation="Order",
    )
    finished = sync(subject_for())
    services.deadline_close(
        actor=editor(finished.subject), subject=finished.subject, key="initial-response", status=status
    )
    result = services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="Closed")
    assert result.changed_ids == []
    manual.refresh_from_db()
    finished.refresh_from_db()
    assert manual.due_date == D(2026, 12, 21)
    assert finished.due_date == D(2026, 12, 21) and finished.status == status


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.datetime(2026, 12, 22, 15, tzinfo=dt.UTC), DeadlineStatus.OPEN),  # moved to 12-22: due today, not missed
        (dt.datetime(2026, 12, 28, 15, tzinfo=dt.UTC), DeadlineStatus.MISSED),  # still past: stays missed
    ],
)
def test_a_closure_recomputes_missed_deadlines_and_reopens_those_no_longer_past(time_machine, today, status):
    time_machine.move_to(today)
    missed = sync(subject_for())
    services.deadline_close(
        actor=editor(missed.subject), subject=missed.subject, key="initial-response", status=DeadlineStatus.MISSED
    )
    # Declared afterwards, e.g. a snow closure on the last day: the agency had one more working day.
    result = services.closure_add(user=site_staff(), date=D(2026, 12, 21), reason="Snow emergency")
    assert result.changed_ids == [missed.pk]
    missed.refresh_from_db()
    assert missed.due_date == D(2026, 12, 22) and "2026-12-21 Snow emergency" in missed.steps[0]
    assert missed.status == status
    assert (missed.closed_at is None) == (status == DeadlineStatus.OPEN)
    latest = missed.history.order_by("-history_id").first()
    assert latest.status == status and latest.history_change_reason.startswith("closure added")


@pytest.mark.parametrize(
    "status", [DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.WAIVED, DeadlineStatus.SUPERSEDED]
)
def test_reopening_recomputes_closures_added_while_closed(
    status, time_machine, django_capture_on_commit_callbacks, signals
):
    time_machine.move_to(dt.datetime(2027, 1, 15, 15, tzinfo=dt.UTC))  # long past the due date
    subject = subject_for()
    deadline = sync(subject)
    assert deadline.due_date == D(2026, 12, 21)
    services.deadline_close(
        actor=editor(subject), subject=subject, key="initial-response", status=status
    )  # e.g. ticked by mistake
    services.closure_add(user=site_staff(), date=D(2026, 12, 1), reason="Federal closure")
    services.closure_add(user=site_staff(), date=D(2026, 12, 2), reason="Federal closure", scope=ClosureScope.EXECUTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.deadline_reopen(actor=editor(subject), subject=subject, key="initial-response")
    assert reopened.status == DeadlineStatus.OPEN and reopened.closed_at is None
    assert reopened.due_date == D(2026, 12, 23)
    assert "2026-12-01 Federal closure, 2026-12-02 Federal closure" in reopened.steps[0]
    reopened.refresh_from_db()
    assert reopened.due_date == D(2026, 12, 23)
    reasons = list(reopened.history.order_by("-history_id").values_list("history_change_reason", flat=True)[:3])
    if status == DeadlineStatus.MISSED:  # the closures recomputed it already (still missed: 12-23 is past)
        assert reasons == [
            "reopened",
            "closure added: 2026-12-02: Federal closure",
            "closure added: 2026-12-01: Federal closure",
        ]
    else:
        assert reasons[0] == "reopened and recomputed"
    assert signals[-1] == [deadline.pk]


def test_reopening_from_the_page_recomputes_too():
    deadline = sync(subject_for())
    services.deadline_set_status(actor=editor(deadline), deadline=deadline, status=DeadlineStatus.MET)
    services.closure_add(user=site_staff(), date=D(2026, 12, 1), reason="Closed")
    reopened = services.deadline_set_status(actor=editor(deadline), deadline=deadline, status=DeadlineStatus.OPEN)
    assert reopened.due_date == D(2026, 12, 22)


def test_reopening_a_deadline_whose_stored_options_are_now_refused_changes_nothing():
    subject = subject_for()
    deadline = sync(subject)
    services.deadline_close(actor=editor(subject), subject=subject, key="initial-response", status=DeadlineStatus.MET)
    Deadline.objects.filter(pk=deadline.pk).update(options={"tolls": [{"start": "2026-12-01", "kind": "other"}]})
    with pytest.raises(InvalidOptions, match="is not a toll kind"):
        services.deadline_reopen(actor=editor(subject), subject=subject, key="initial-response")
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET


def test_reopening_a_manual_deadline_keeps_its_date():
    subject = subject_for()
    services.deadline_set_manual(
        actor=editor(subject), subject=subject, key="jsr", title="JSR", due_date=D(2026, 12, 21), citation="Order"
    )
    services.deadline_close(actor=editor(subject), subject=subject, key="jsr", status=DeadlineStatus.MET)
    services.closure_add(user=site_staff(), date=D(2026, 12, 21), reason="Closed")
    assert services.deadline_reopen(actor=editor(subject), subject=subject, key="jsr").due_date == D(2026, 12, 21)


def test_executive_closures_recompute_agency_rules_with_or_without_an_agency_and_never_court_rules():
    ice = Agency.objects.get(slug="ice")
    at_ice, no_agency = sync(subject_for(), agency=ice), sync(subject_for())
    fee = sync(subject_for(), key="fee", rule="fee-motion", trigger=D(2027, 3, 1))
    fee_dcd = sync(
        subject_for(), key="fee", rule="fee-motion", trigger=D(2027, 3, 1), court=Court.objects.get(slug="dcd")
    )
    assert fee.due_date == fee_dcd.due_date == D(2027, 3, 15)
    result = services.closure_add(
        user=site_staff(), date=D(2027, 3, 15), reason="EO closure", scope=ClosureScope.EXECUTIVE
    )
    assert result.changed_ids == []  # neither FOIA deadline's window reaches 2027-03-15; the court ones are not moved
    result = services.closure_add(
        user=site_staff(), date=D(2026, 12, 18), reason="EO closure", scope=ClosureScope.EXECUTIVE
    )
    assert sorted(result.changed_ids) == sorted([at_ice.pk, no_agency.pk])
    for deadline in (fee, fee_dcd):
        deadline.refresh_from_db()
        assert deadline.due_date == D(2027, 3, 15)
        assert deadline.due_date == deadline_compute(rule="fee-motion", trigger=D(2027, 3, 1), court=deadline.court).due


# --- keep or reset on a re-sync -----------------------------------------------------------------------------------


def test_resync_without_privileged_keeps_it_and_partners_never_see_it(client):
    coalition = CoalitionFactory()
    ours, partner = OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    subject = subject_for(ours, Sharing.COALITION)
    deadline = sync(subject, key="opp", rule="ddc-opposition", trigger=D(2026, 12, 1), privileged=True)
    again = sync(subject, key="opp", rule="ddc-opposition", trigger=D(2026, 12, 2))  # privileged= not repeated
    assert again.pk == deadline.pk and again.privileged and again.due_date == D(2026, 12, 16)
    client.force_login(member(partner, Role.ADMIN))
    assert client.get(f"/api/v1/deadlines/{deadline.pk}/").status_code == 404
    assert sync(subject, key="opp", rule="ddc-opposition", trigger=D(2026, 12, 2), privileged=False).privileged is False
    assert sync(subject_for(), key="new").privileged is False  # created without it: not privileged


def test_manual_deadlines_keep_privileged_unless_told():
    subject = subject_for()
    sync(subject, key="vaughn", rule="ddc-opposition", trigger=D(2026, 6, 19), privileged=True)
    manual = services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="vaughn",
        title="Vaughn index",
        due_date=D(2026, 9, 1),
        citation="Minute Order",
    )
    assert manual.privileged
    manual = services.deadline_update_manual(
        actor=editor(manual), deadline=manual, title="Vaughn", due_date=D(2026, 9, 2), citation="MO"
    )
    assert manual.privileged and manual.due_date == D(2026, 9, 2)
    manual = services.deadline_update_manual(
        actor=editor(manual), deadline=manual, title="Vaughn", due_date=D(2026, 9, 2), citation="MO", privileged=False
    )
    assert manual.privileged is False


def test_closure_update_recomputes_old_and_new_dates():
    deadline = sync(subject_for())
    result = services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="Closed")
    services.closure_update(user=site_staff(), closure=result.closure, date=D(2027, 2, 1))
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 12, 21)


def test_closure_on_a_paused_deadline_changes_the_days_left():
    deadline = sync(subject_for(), options={"tolls": [{"start": "2026-12-01", "end": None}]})
    assert deadline.days_remaining == 15
    # A closure before the clock stopped means one working day fewer had elapsed: 16 are left.
    services.closure_add(user=site_staff(), date=D(2026, 11, 30), reason="Closed")
    deadline.refresh_from_db()
    assert deadline.days_remaining == 16 and deadline.due_date is None


def test_invalid_closure_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="x", scope=ClosureScope.AGENCY)
    assert not Closure.objects.filter(date=D(2026, 12, 18)).exists()


def _closure_queries(count: int, day: dt.date) -> int:
    ice = Agency.objects.get(slug="ice")
    for _ in range(count):
        sync(subject_for(), agency=ice)
    staff = site_staff()
    with CaptureQueriesContext(connection) as ctx:
        result = services.closure_add(user=staff, date=day, reason="Closed")
    assert len(result.changed_ids) == count
    Deadline.objects.filter(kind=DeadlineKind.DERIVED).delete()
    return len(ctx.captured_queries)


def test_closure_recompute_query_count_does_not_grow_with_rows():
    few, many = _closure_queries(3, D(2026, 12, 18)), _closure_queries(80, D(2026, 12, 17))
    assert (
        few == many <= 18
    )  # 16 (PostgreSQL), and the subjects' summaries: their ids, one upsert (deadlines.summaries)
