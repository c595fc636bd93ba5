"""The deadline summaries (deadlines.summaries): the request list sorts and filters by a stored next due date, so it
must equal the minimum over the deadlines each reader may see, after every kind of write."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition import access
from coalition.access import restrict_visible
from deadlines import services
from deadlines.models import ClosureScope, Deadline, DeadlineStatus, DeadlineSummary
from deadlines.summaries import summaries_rebuild
from directory.models import Agency
from foia.models import FoiaRequest
from foia.selectors import with_next_due
from tests.coalition.worlds import world_build, world_specs
from tests.deadlines.factories import subject_for
from tests.factories import site_staff

D = dt.date
STATUSES = st.sampled_from([DeadlineStatus.OPEN, DeadlineStatus.OPEN, DeadlineStatus.MET, DeadlineStatus.MISSED])


def expected_next_due(user, request, deadlines):
    request_type = ContentType.objects.get_for_model(FoiaRequest).pk
    dates = [
        d.due_date
        for d in deadlines
        if (d.subject_type_id, d.subject_id) == (request_type, request.pk)  # worlds also give organisations deadlines
        and d.status == DeadlineStatus.OPEN
        and d.due_date is not None
        and access.can_view(user, d)
    ]
    return min(dates, default=None)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world_specs(), data=st.data())
def test_the_stored_next_due_is_the_earliest_open_deadline_each_reader_may_see(spec, data):
    with transaction.atomic():
        world = world_build(spec)
        for deadline in world.deadlines:  # saved one by one: the post_save path, as the services and admin write
            deadline.status = data.draw(STATUSES)
            deadline.due_date = D(2026, 12, 1) + dt.timedelta(days=data.draw(st.integers(0, 60)))
            deadline.save()
        if world.deadlines and data.draw(st.booleans()):
            data.draw(st.sampled_from(world.deadlines)).delete()
        deadlines = list(Deadline.objects.all())
        for user in world.users:
            rows = with_next_due(restrict_visible(FoiaRequest.objects.all(), user), user=user)
            got = {r.pk: r.next_due for r in rows}
            want = {r.pk: expected_next_due(user, r, deadlines) for r in rows}
            assert got == want
        transaction.set_rollback(True)


DECEMBER_1 = D(2026, 12, 1)


def _sync(subject, *, key="decide", trigger=DECEMBER_1):
    return services.deadline_sync(
        actor=site_staff(),
        subject=subject,
        key=key,
        title="Agency decides",
        rule="foia-initial-response",
        trigger=trigger,
        agency=Agency.objects.get(slug="ice"),
    )


def _summary(subject) -> DeadlineSummary:
    return DeadlineSummary.objects.get(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


@pytest.mark.django_db
def test_closing_and_reopening_moves_the_summary():
    subject = subject_for()
    deadline = _sync(subject)
    # 20 working days from Tue 2026-12-01: Dec 2-31 has 21 weekdays less Christmas (Fri 12-25) -> Wed 2026-12-30.
    assert deadline.due_date == D(2026, 12, 30) and _summary(subject).next_due_on == D(2026, 12, 30)
    services.deadline_close(actor=site_staff(), subject=subject, key="decide", status=DeadlineStatus.MET)
    assert _summary(subject).next_due_on is None
    services.deadline_reopen(actor=site_staff(), subject=subject, key="decide")
    assert _summary(subject).next_due_on == D(2026, 12, 30)


@pytest.mark.django_db
def test_a_closure_recompute_in_bulk_moves_the_summary():
    """The closures' recompute writes with one UPDATE (no save signals): it refreshes the subjects itself."""
    subject = subject_for()
    _sync(subject)
    services.closure_add(user=site_staff(), date=D(2026, 12, 14), reason="Snow", scope=ClosureScope.FEDERAL)
    # One more non-working day in the 20: Wed 2026-12-30 -> Thu 2026-12-31.
    assert Deadline.objects.get().due_date == D(2026, 12, 31)
    assert _summary(subject).next_due_on == D(2026, 12, 31)


@pytest.mark.django_db
def test_a_partner_never_gets_a_privileged_deadline_as_the_next_due():
    subject = subject_for()
    _sync(subject, key="early", trigger=D(2026, 11, 2))
    _sync(subject, key="late", trigger=D(2026, 12, 1))
    Deadline.objects.get(key="early").__class__.objects.filter(key="early").update(privileged=True, sharing="coalition")
    Deadline.objects.filter(key="late").update(sharing="coalition")
    summaries_rebuild()
    summary = _summary(subject)
    # Early: 20 working days from Mon 2026-11-02, skipping Veterans Day (11-11) and Thanksgiving (11-26) -> 12-02.
    assert (summary.next_due_on, summary.next_shared_due_on) == (D(2026, 12, 2), D(2026, 12, 30))


@pytest.mark.django_db
def test_a_deadline_write_locks_the_summary_before_the_deadline():
    """The lock order of deadlines.summaries: the subject's summary row, then its deadline (both FOR UPDATE), so two
    writers of one subject's deadlines queue instead of deadlocking."""
    subject = subject_for()
    _sync(subject)
    with CaptureQueriesContext(connection) as ctx:
        services.deadline_close(actor=site_staff(), subject=subject, key="decide", status=DeadlineStatus.MET)
    locking = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.vendor == "sqlite":  # SQLite has no row locks (one writer at a time): nothing to order
        assert locking == []
        return
    tables = [
        "deadlines_deadlinesummary" if "deadlines_deadlinesummary" in sql else "deadlines_deadline" for sql in locking
    ]
    assert tables[:2] == ["deadlines_deadlinesummary", "deadlines_deadline"]


@pytest.mark.django_db
def test_rebuild_recreates_every_summary():
    subject = subject_for()
    _sync(subject)
    DeadlineSummary.objects.all().delete()
    assert summaries_rebuild() == 1
    assert _summary(subject).next_due_on == D(2026, 12, 30)
