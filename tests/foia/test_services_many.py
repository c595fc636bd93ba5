"""Creating and updating many requests at once (the spreadsheet import's path) leaves exactly what the one-at-a-time
services leave: the same derived fields, events, tracking numbers and deadlines (rule, trigger, due date, status,
citation, steps), the same summaries; history rows for each; and a number of statements that does not grow."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versioning import StaleVersion
from deadlines.models import Deadline, DeadlineSummary
from deadlines.signals import deadlines_changed
from foia import services
from foia.choices import EventKind, FinalOutcome, TollReason
from foia.models import FoiaRequest, RequestEvent, TrackingNumber
from tests.foia.factories import agency, ensure_agencies

pytestmark = pytest.mark.django_db

E = services.EventInput


def shapes(today: dt.date) -> list[tuple[dict, list, str]]:
    """Requests in different states, dated relative to `today` so the test holds on any date: (fields, events,
    tracking number)."""
    d = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    return [
        ({"subject": "Draft"}, [], ""),
        ({"subject": "Submitted"}, [E(EventKind.SUBMITTED, d(3))], "ICE-1"),
        ({"subject": "In process"}, [E(EventKind.SUBMITTED, d(60)), E(EventKind.RECEIVED, d(58))], "ICE-2"),
        (
            {"subject": "Tolled and extended"},
            [
                E(EventKind.SUBMITTED, d(40)),
                E(EventKind.RECEIVED, d(40)),
                E(EventKind.TOLLED, d(35), toll_reason=TollReason.INFORMATION),
                E(EventKind.RESUMED, d(30)),
                E(EventKind.EXTENDED, d(25), working_days=10),
            ],
            "ICE-3",
        ),
        (
            {"subject": "Partly granted"},
            [
                E(EventKind.SUBMITTED, d(200)),
                E(EventKind.RECEIVED, d(199)),
                E(EventKind.FINAL_RESPONSE, d(150), outcome=FinalOutcome.PARTIAL),
            ],
            "ICE-4",
        ),
        (
            {"subject": "Answered in time"},
            [
                E(EventKind.SUBMITTED, d(30)),
                E(EventKind.RECEIVED, d(30)),
                E(EventKind.FINAL_RESPONSE, d(16), outcome=FinalOutcome.NO_RECORDS),
            ],
            "ICE-5",
        ),
        (
            {"subject": "Fee waiver, granted late", "fee_waiver_requested": True},
            [
                E(EventKind.SUBMITTED, d(120)),
                E(EventKind.RECEIVED, d(120)),
                E(EventKind.FINAL_RESPONSE, d(20), outcome=FinalOutcome.FULL_GRANT),
            ],
            "",
        ),
    ]


def fields_of(org_fields: dict, assignee) -> dict:
    base = {
        "agency": agency("ice"),
        "request_text": "All records about the ISAP contract.",
        "assigned_to": assignee,
        "drafted_on": dt.date(2020, 1, 1),
        "fee_waiver_requested": False,
        "fee_waiver_justification": "",
    }
    base.update(org_fields)
    if base["fee_waiver_requested"]:
        base["fee_waiver_justification"] = "We publish what we learn for the public."
    return base


def one_at_a_time(user, org, rows):
    made = []
    for fields, events, number in rows:
        request = services.foia_request_create(user=user, organization=org, **fields)
        if events:
            services.request_events_record(request=request, user=user, events=events)
        if number:
            services.tracking_number_add(
                request=request, user=user, number=number, agency=request.agency, assigned_on=events[0].date
            )
        made.append(FoiaRequest.objects.get(pk=request.pk))
    return made


DERIVED = ("subject", "status", "submitted_on", "received_on", "acknowledged_on", "closed_on", "assigned_to_id")
DEADLINE = ("key", "kind", "title", "rule", "trigger_date", "options", "due_date", "paused_since", "days_remaining")
DEADLINE_MORE = ("window_start", "citation", "steps", "status", "responsible_id", "sharing", "privileged", "forum")


def picture(request: FoiaRequest) -> dict:
    deadlines = Deadline.objects.filter(subject_type__model="foiarequest", subject_id=request.pk).order_by("key")
    summary = DeadlineSummary.objects.filter(subject_type__model="foiarequest", subject_id=request.pk).first()
    return {
        "fields": {name: getattr(request, name) for name in DERIVED},
        "events": list(request.events.order_by("sequence").values_list("kind", "date", "sequence", "outcome")),
        "numbers": list(request.tracking_numbers.values_list("number", "agency_id", "assigned_on")),
        "deadlines": [tuple(getattr(d, n) for n in DEADLINE + DEADLINE_MORE) for d in deadlines],
        "next_due": (summary.next_due_on, summary.next_shared_due_on) if summary else (None, None),
    }


def test_many_leave_what_one_at_a_time_leaves(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))  # a Friday: the running deadlines count across Thanksgiving
    rows = [(fields_of(f, world.staff), events, number) for f, events, number in shapes(day)]
    expected = [picture(r) for r in one_at_a_time(world.staff, world.ours, rows)]
    made = services.foia_requests_create_many(
        user=world.staff,
        organization=world.ours,
        items=[services.NewRequest(fields=f, events=e, tracking_number=n) for f, e, n in rows],
    )
    got = [picture(FoiaRequest.objects.get(pk=r.pk)) for r in made]
    assert got == expected
    assert [p["numbers"] for p in got] == [[(n, agency("ice").pk, e[0].date)] if n else [] for _, e, n in rows]
    statuses = {d.status for d in Deadline.objects.filter(organization=world.ours)}
    assert {"open", "met", "missed"} <= statuses  # the shapes cover deadlines still running, answered, answered late


def test_history_has_a_created_row_for_each_record(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    rows = [(fields_of(f, None), e, n) for f, e, n in shapes(day)]
    made = services.foia_requests_create_many(
        user=world.staff, organization=world.ours, items=[services.NewRequest(f, e, n) for f, e, n in rows]
    )
    pks = [r.pk for r in made]
    assert FoiaRequest.history.filter(id__in=pks, history_type="+", history_user=world.staff).count() == len(rows)
    assert RequestEvent.history.filter(request_id__in=pks, history_type="+").count() == sum(len(e) for _, e, _ in rows)
    assert TrackingNumber.history.filter(request_id__in=pks).count() == sum(1 for *_, n in rows if n)
    deadlines = Deadline.objects.filter(subject_id__in=pks, subject_type__model="foiarequest")
    assert deadlines.exists()
    assert Deadline.history.filter(id__in=deadlines.values("pk"), history_type="+").count() == deadlines.count()
    # Each history row holds what its table holds, said as the one-at-a-time path says it.
    tracked = [f.attname for f in Deadline.history.model.tracked_fields]
    for deadline in deadlines:
        row = Deadline.history.get(id=deadline.pk)
        assert {n: getattr(row, n) for n in tracked} == {n: getattr(deadline, n) for n in tracked}
        assert (row.history_user, row.history_change_reason) == (world.staff, f"computed: {deadline.rule}")
    for request in FoiaRequest.objects.filter(pk__in=pks):
        row = request.history.get()
        assert row.subject == request.subject and row.status == request.status and row.history_change_reason == ""


def test_reminders_hear_of_every_deadline_once_on_commit(world, today, django_capture_on_commit_callbacks):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    heard = []

    def handler(sender, deadline_ids, **kwargs):
        heard.append(sorted(deadline_ids))

    deadlines_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            made = services.foia_requests_create_many(
                user=world.staff,
                organization=world.ours,
                items=[services.NewRequest(fields_of(f, None), e, n) for f, e, n in shapes(day)],
            )
    finally:
        deadlines_changed.disconnect(handler)
    ids = sorted(Deadline.objects.filter(subject_id__in=[r.pk for r in made]).values_list("pk", flat=True))
    assert heard == [ids]


def _statements(user, org, n: int, day: dt.date, prefix: str) -> int:
    rows = (shapes(day) * n)[:n]
    items = [
        services.NewRequest(fields_of(f, user), e, f"{prefix}-{i}" if n_ else "") for i, (f, e, n_) in enumerate(rows)
    ]
    with CaptureQueriesContext(connection) as queries:
        services.foia_requests_create_many(user=user, organization=org, items=items)
    return len(queries)


@pytest.mark.postgres  # SQLite's 999-parameter limit splits every bulk INSERT into batches of a few dozen rows
def test_statements_do_not_grow_with_the_requests(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    _statements(world.staff, world.ours, 1, day, "W")  # warms the per-request caches (memberships, content types)
    few, many = _statements(world.staff, world.ours, 7, day, "A"), _statements(world.staff, world.ours, 70, day, "B")
    assert many == few
    assert FoiaRequest.objects.filter(organization=world.ours).count() == 78


def test_a_refused_item_is_named_and_nothing_is_written(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    good = services.NewRequest(fields_of({"subject": "Fine"}, None), [E(EventKind.SUBMITTED, day)], "OK-1")
    # Received before it was submitted: the lifecycle refuses it.
    bad = services.NewRequest(
        fields_of({"subject": "Out of order"}, None),
        [E(EventKind.RECEIVED, day - dt.timedelta(days=5)), E(EventKind.SUBMITTED, day)],
    )
    future = services.NewRequest(
        fields_of({"subject": "Tomorrow"}, None), [E(EventKind.SUBMITTED, day + dt.timedelta(1))]
    )
    for position, items in ((1, [good, bad]), (2, [good, good, future])):
        with pytest.raises(services.RowRefused) as refused:
            services.foia_requests_create_many(user=world.staff, organization=world.ours, items=items)
        assert refused.value.index == position
        assert refused.value.messages[0]
    assert not FoiaRequest.objects.exists()
    assert not RequestEvent.objects.exists()
    assert not FoiaRequest.history.exists()


def test_people_must_be_members_and_the_role_must_edit(world, today):
    ensure_agencies()
    today(dt.date(2026, 11, 20))
    outsider = services.NewRequest(fields_of({"subject": "X"}, world.partner_staff), [])
    with pytest.raises(services.RowRefused, match="assigned_to: choose a member"):
        services.foia_requests_create_many(user=world.staff, organization=world.ours, items=[outsider])
    for user, org in ((world.viewer, world.ours), (world.staff, world.partner)):
        with pytest.raises(PermissionDenied):
            services.foia_requests_create_many(
                user=user, organization=org, items=[services.NewRequest(fields_of({"subject": "Y"}, None), [])]
            )
    assert not FoiaRequest.objects.exists()


def test_update_many_writes_plain_fields_with_history_and_refuses_stale_versions(world, today):
    ensure_agencies()
    today(dt.date(2026, 11, 20))
    a, b = services.foia_requests_create_many(
        user=world.staff,
        organization=world.ours,
        items=[services.NewRequest(fields_of({"subject": s}, None), []) for s in ("A", "B")],
    )
    stale = services.RequestChange(request=b, version=b.version - 1 if b.version else 99, fields={"subject": "B2"})
    with pytest.raises(services.RowRefused) as refused:
        services.foia_requests_update_many(
            user=world.staff,
            changes=[services.RequestChange(request=a, version=a.version, fields={"subject": "A2"}), stale],
        )
    assert refused.value.index == 1
    assert isinstance(refused.value, ValidationError)
    assert set(FoiaRequest.objects.values_list("subject", flat=True)) == {"A", "B"}

    updated = services.foia_requests_update_many(
        user=world.staff,
        changes=[
            services.RequestChange(
                request=a,
                version=a.version,
                fields={
                    "subject": "A2",
                    "fee_waiver_requested": True,
                    "fee_waiver_justification": "We publish what we learn.",
                },
            ),
            services.RequestChange(request=b, version=b.version, fields={"assigned_to": world.attorney}),
        ],
    )
    a2, b2 = (FoiaRequest.objects.get(pk=r.pk) for r in updated)
    assert (a2.subject, a2.version, a2.fee_waiver_requested) == ("A2", a.version + 1, True)
    assert a2.fee_waiver_justification == "We publish what we learn." and a2.history.first().fee_waiver_requested
    # A new assignee replans the deadlines through foia_request_update, which saves twice (the edit, the refresh);
    # the version returned is the one stored, so the import's undo compares against the right one.
    assert b2.assigned_to == world.attorney
    assert b2.version == updated[1].version > b.version
    assert a2.history.first().subject == "A2" and a2.history.first().history_user == world.staff
    # The one-at-a-time service sees the new version: a write at the old one is stale.
    with pytest.raises(StaleVersion):
        services.foia_request_update(request=a2, user=world.staff, version=a.version, subject="A3")


def _imported(world, day, prefix, n):
    rows = (shapes(day) * n)[:n]
    return services.foia_requests_create_many(
        user=world.staff,
        organization=world.ours,
        items=[
            services.NewRequest(fields_of(f, None), e, f"{prefix}-{i}" if k else "") for i, (f, e, k) in enumerate(rows)
        ],
    )


def test_discard_many_removes_everything_with_one_history_row_each(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    kept = _imported(world, day, "K", 3)
    made = _imported(world, day, "D", 7)
    pks = [r.pk for r in made]
    deadline_pks = list(
        Deadline.objects.filter(subject_type__model="foiarequest", subject_id__in=pks).values_list("pk", flat=True)
    )
    event_pks = list(RequestEvent.objects.filter(request__in=pks).values_list("pk", flat=True))
    assert deadline_pks and event_pks
    kept_summaries = DeadlineSummary.objects.filter(subject_id__in=[r.pk for r in kept]).count()
    services.foia_requests_discard_many(requests=made, user=world.staff)
    assert not FoiaRequest.objects.filter(pk__in=pks).exists()
    assert not RequestEvent.objects.filter(pk__in=event_pks).exists()
    assert not TrackingNumber.objects.filter(request_id__in=pks).exists()
    assert not Deadline.objects.filter(pk__in=deadline_pks).exists()
    assert not DeadlineSummary.objects.filter(subject_type__model="foiarequest", subject_id__in=pks).exists()
    for model, ids in ((FoiaRequest, pks), (RequestEvent, event_pks), (Deadline, deadline_pks)):
        gone = model.history.filter(id__in=ids, history_type="-")
        assert gone.count() == len(ids)  # exactly one each: none written twice by the delete signal
        assert set(gone.values_list("history_user", flat=True)) == {world.staff.pk}
    last = FoiaRequest.history.filter(id=pks[0], history_type="-").get()
    assert last.subject == made[0].subject and last.status == made[0].status
    # The other requests keep what they had.
    assert FoiaRequest.objects.filter(pk__in=[r.pk for r in kept]).count() == 3
    assert DeadlineSummary.objects.filter(subject_id__in=[r.pk for r in kept]).count() == kept_summaries


def test_a_single_delete_still_writes_its_own_history_row(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    [request] = _imported(world, day, "S", 1)
    services.foia_request_discard(request=request, user=world.staff)
    assert FoiaRequest.history.filter(id=request.pk, history_type="-").count() == 1


def test_discard_many_refuses_a_viewer_and_deletes_nothing(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    made = _imported(world, day, "V", 2)
    with pytest.raises(PermissionDenied):
        services.foia_requests_discard_many(requests=made, user=world.viewer)
    assert FoiaRequest.objects.filter(pk__in=[r.pk for r in made]).count() == 2


@pytest.mark.postgres
def test_discard_many_statements_grow_only_by_the_collectors_batches_of_a_hundred(world, today):
    ensure_agencies()
    day = today(dt.date(2026, 11, 20))
    counts, rows = [], []
    for prefix, n in (("W", 1), ("A", 7), ("B", 70)):
        made = _imported(world, day, prefix, n)
        pks = [r.pk for r in made]
        rows.append(
            len(pks)
            + RequestEvent.objects.filter(request__in=pks).count()
            + Deadline.objects.filter(subject_type__model="foiarequest", subject_id__in=pks).count()
        )
        with CaptureQueriesContext(connection) as queries:
            services.foia_requests_discard_many(requests=made, user=world.staff)
        counts.append(len(queries))
    # Django's collector deletes 100 ids per statement: nothing else grows, and nothing per row.
    assert counts[1] <= counts[2] <= counts[1] + rows[2] // 100
