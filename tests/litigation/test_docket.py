"""Docket entries and what they trigger (through the deadline engine only), court-ordered deadlines, marking a court
deadline filed, and joint-status-report schedules; every date hand-checked in the comment beside it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coalition.models import Role, Sharing
from deadlines.models import Deadline, DeadlineForum, DeadlineKind, DeadlineStatus
from deadlines.services import deadline_set_status
from directory.models import Court
from litigation import selectors_docket as docket_selectors
from litigation import services, services_docket
from litigation.models import Case, DocketEntry, EntryKind, StatusReportSchedule
from tests.factories import member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("America/New_York")), tick=False):
        yield


def make_case(user, org, slug="cand", number="3:26-cv-01234", **fields) -> Case:
    court = Court.objects.get(slug=slug)
    number = "1:26-cv-01234" if slug == "dcd" and number == "3:26-cv-01234" else number
    return services.case_create(
        actor=user,
        organization=org,
        caption="Community Justice Exchange v. DHS",
        court=court,
        docket_number=number,
        filed_on=D(2026, 8, 3),
        **fields,
    )


def add(user, case, number, filed_on, kind, description="Entry", **kwargs) -> DocketEntry:
    return services_docket.docket_entry_add(
        actor=user, case=case, number=number, filed_on=filed_on, kind=kind, description=description, **kwargs
    )


def deadlines(case) -> dict[str, Deadline]:
    return {
        d.key: d for d in Deadline.objects.filter(subject_type__model="case", subject_id=case.pk).exclude(key="answer")
    }


@pytest.fixture
def user(world):
    return member(world.ours, Role.ATTORNEY)


def test_an_ndcal_motion_creates_the_opposition_and_reply_of_civil_lr_7_3(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 12, D(2026, 11, 9), EntryKind.MOTION, "MOTION to Dismiss", filer="Defendant DHS")
    made = deadlines(case)
    opposition, reply = made[f"entry-{motion.pk}-opposition"], made[f"entry-{motion.pk}-reply"]
    # 7-3(a): filed Mon 2026-11-09 + 14 days = Mon 2026-11-23 (a court day).
    assert (opposition.rule, opposition.due_date) == ("ndcal-opposition", D(2026, 11, 23))
    # 7-3(c): the opposition was due Mon 11-23 + 7 days = Mon 2026-11-30.
    assert (reply.rule, reply.trigger_date, reply.due_date) == ("ndcal-reply", D(2026, 11, 23), D(2026, 11, 30))
    assert opposition.forum == reply.forum == DeadlineForum.COURT
    assert opposition.court.slug == "cand" and "Civil L.R. 7-3(a)" in opposition.citation
    assert "ECF No. 12 (Defendant DHS)" in opposition.title
    step = "2026-11-09 motion filed; +14 days, counting every day (FRCP 6(a)(1)(A)-(B)) -> 2026-11-23"
    assert opposition.steps[0] == step


def test_a_motion_whose_opposition_lands_on_a_california_holiday(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 5, D(2026, 11, 13), EntryKind.MOTION, "MOTION for Summary Judgment")
    made = deadlines(case)
    # Fri 2026-11-13 + 14 = Fri 11-27, the day after Thanksgiving (a California holiday) -> Sat, Sun -> Mon 11-30.
    opposition = made[f"entry-{motion.pk}-opposition"]
    assert opposition.due_date == D(2026, 11, 30)
    assert "California Day After Thanksgiving" in " ".join(opposition.steps)
    assert "FRCP 6(a)(6)(C)" in opposition.citation
    # The reply runs from the day the opposition was DUE (after the roll): Mon 11-30 + 7 = Mon 2026-12-07.
    assert made[f"entry-{motion.pk}-reply"].due_date == D(2026, 12, 7)


def test_ddc_mail_service_adds_three_days_after_the_roll_forward(world, user):
    case = make_case(user, world.ours, slug="dcd")
    motion = add(user, case, 7, D(2026, 11, 21), EntryKind.MOTION, "MOTION to Dismiss", service="mail")
    opposition = deadlines(case)[f"entry-{motion.pk}-opposition"]
    # LCvR 7(b): served Sat 2026-11-21 + 14 = Sat 12-05 -> Mon 12-07 (roll first); + 3 (FRCP 6(d)) = Thu 2026-12-10.
    # (Adding 17 days at once would give Tue 12-08: wrong.)
    assert opposition.due_date == D(2026, 12, 10)
    assert opposition.service == "mail" and "FRCP 6(d)" in opposition.citation


def test_a_ddc_reply_runs_from_the_opposition_due_date_until_the_opposition_is_docketed(world, user):
    case = make_case(user, world.ours, slug="dcd")
    motion = add(user, case, 7, D(2026, 11, 10), EntryKind.MOTION, "MOTION to Dismiss")
    reply_key = f"entry-{motion.pk}-reply"
    # LCvR 7(b): Tue 2026-11-10 + 14 = Tue 11-24; LCvR 7(d), provisionally from it: + 7 = Tue 2026-12-01.
    assert deadlines(case)[reply_key].due_date == D(2026, 12, 1)
    assert "until it is docketed" in deadlines(case)[reply_key].title
    add(user, case, 9, D(2026, 11, 23), EntryKind.OPPOSITION, "Opposition", responds_to=motion)
    # The opposition was served (ECF) Mon 2026-11-23: + 7 = Mon 2026-11-30.
    reply = deadlines(case)[reply_key]
    assert (reply.trigger_date, reply.due_date) == (D(2026, 11, 23), D(2026, 11, 30))
    assert "opposition ECF No. 9" in reply.title


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        # S.D.N.Y. 6.1(b): served Tue 2026-11-10 + 14 = Tue 11-24; reply from it + 7 = Tue 12-01.
        ("nysd", {"opposition": D(2026, 11, 24), "reply": D(2026, 12, 1)}),
        # D. Mass. 7.1(b)(2): + 14 = Tue 11-24; no reply (it needs leave, LR 7.1(b)(3)).
        ("mad", {"opposition": D(2026, 11, 24)}),
        # W.D. Wash. LCR 7(d)(3): filed Tue 11-10 + 15 = Wed 11-25; the noting date + 21 = Tue 12-01.
        ("wawd", {"opposition": D(2026, 11, 25), "reply": D(2026, 12, 1)}),
        # N.D. Ill.: briefing schedules come from orders; nothing is derived.
        ("ilnd", {}),
    ],
)
def test_each_court_derives_its_own_briefing_deadlines(world, user, slug, expected):
    case = make_case(user, world.ours, slug=slug, number="2:26-cv-01234" if slug == "wawd" else "1:26-cv-01234")
    motion = add(user, case, 3, D(2026, 11, 10), EntryKind.MOTION, "MOTION")
    made = {k.removeprefix(f"entry-{motion.pk}-"): d.due_date for k, d in deadlines(case).items()}
    assert made == expected


def test_a_judgment_creates_the_fee_motion_and_the_notice_of_appeal(world, user):
    case = make_case(user, world.ours)
    judgment = add(user, case, 40, D(2026, 11, 17), EntryKind.JUDGMENT, "JUDGMENT")
    made = deadlines(case)
    fee, appeal = made[f"entry-{judgment.pk}-fee-motion"], made[f"entry-{judgment.pk}-notice-of-appeal-us"]
    # FRCP 54(d)(2)(B)(i): entered Tue 2026-11-17 + 14 = Tue 2026-12-01.
    assert fee.due_date == D(2026, 12, 1) and "54(d)(2)(B)" in fee.citation
    # FRAP 4(a)(1)(B): + 60 = Sat 2027-01-16 -> Sun -> Mon 01-18 (Martin Luther King Jr. Day) -> Tue 2027-01-19.
    assert appeal.due_date == D(2027, 1, 19) and "FRAP 4(a)(1)(B)" in appeal.citation


def test_other_kinds_trigger_nothing(world, user):
    case = make_case(user, world.ours)
    for number, kind in enumerate([EntryKind.ANSWER, EntryKind.STIPULATION, EntryKind.ORDER, EntryKind.OTHER], 1):
        add(user, case, number, D(2026, 11, 2), kind)
    assert deadlines(case) == {}


def test_a_reused_entry_number_is_refused_naming_the_field_and_nothing_is_saved(world, user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = make_case(user, world.ours)
    add(user, case, 12, D(2026, 11, 9), EntryKind.ANSWER, "ANSWER")
    pdf = SimpleUploadedFile("motion.pdf", b"%PDF-1.4 motion", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        add(user, case, 12, D(2026, 11, 10), EntryKind.MOTION, "MOTION to Dismiss", document=pdf)
    assert refused.value.message_dict == {
        "number": ["ECF No. 12 is already on this case's docket; each number is used once."]
    }
    assert DocketEntry.objects.filter(case=case).count() == 1
    assert deadlines(case) == {}
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the document was not stored
    # Another case may use the same number.
    other = make_case(user, world.ours, number="3:26-cv-09999")
    assert add(user, other, 12, D(2026, 11, 10), EntryKind.MOTION, "MOTION").number == 12


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"number": 0}, "number", "whole number from 1"),
        ({"filed_on": D(2026, 12, 2)}, "filed_on", "cannot be in the future"),
        ({"filed_on": D(2026, 7, 1)}, "filed_on", "before the complaint was filed (2026-08-03)"),
        ({"description": "   "}, "description", "Give the docket text"),
        ({"kind": "memo"}, "kind", "Choose what was filed"),
        ({"service": "pigeon"}, "service", "electronic or mail"),
    ],
)
def test_bad_entries_are_refused_naming_the_field(world, user, fields, field, message):
    case = make_case(user, world.ours)
    values = {"number": 1, "filed_on": D(2026, 11, 2), "kind": EntryKind.MOTION, "description": "MOTION", **fields}
    with pytest.raises(ValidationError) as refused:
        services_docket.docket_entry_add(actor=user, case=case, **values)
    assert message in refused.value.message_dict[field][0]
    assert not DocketEntry.objects.exists() and deadlines(case) == {}


def test_a_bad_document_is_refused_naming_the_field(world, user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = make_case(user, world.ours)
    html = SimpleUploadedFile("order.html", b"<script>alert(1)</script>", content_type="text/html")
    with pytest.raises(ValidationError) as refused:
        add(user, case, 1, D(2026, 11, 2), EntryKind.ORDER, "ORDER", document=html)
    assert ".html not allowed" in refused.value.message_dict["document"][0]


def test_a_response_must_answer_a_motion_of_the_same_case(world, user):
    case, other = make_case(user, world.ours), make_case(user, world.ours, number="3:26-cv-09999")
    answer = add(user, case, 1, D(2026, 11, 2), EntryKind.ANSWER)
    foreign_motion = add(user, other, 1, D(2026, 11, 2), EntryKind.MOTION)
    for target, message in [(answer, "is not a motion"), (foreign_motion, "on this case's docket")]:
        with pytest.raises(ValidationError) as refused:
            add(user, case, 2, D(2026, 11, 3), EntryKind.OPPOSITION, responds_to=target)
        assert message in refused.value.message_dict["responds_to"][0]


def test_only_editors_of_the_case_docket(world, user):
    case = make_case(user, world.ours, sharing=Sharing.COALITION)
    for outsider in (member(world.ours, Role.VIEWER), member(world.partner, Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            add(outsider, case, 1, D(2026, 11, 2), EntryKind.MOTION)
    assert not DocketEntry.objects.exists()


# --- marking filed, corrections ---------------------------------------------------------------------------------


def test_marking_a_court_deadline_filed_with_its_entry_stays_as_the_person_set_it(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 12, D(2026, 11, 9), EntryKind.MOTION, "MOTION to Dismiss")
    opposition = deadlines(case)[f"entry-{motion.pk}-opposition"]
    filing = add(user, case, 15, D(2026, 11, 20), EntryKind.OPPOSITION, "OPPOSITION", responds_to=motion)
    marked = services_docket.court_deadline_mark_filed(actor=user, deadline=opposition, entry=filing)
    assert (marked.status, marked.closed_manually, marked.closed_by) == (DeadlineStatus.FILED, True, user)
    assert marked.closed_reason == "Filed: ECF No. 15 (2026-11-20), OPPOSITION"
    assert list(filing.satisfies.all()) == [marked]
    # Correcting the motion's date recomputes the dates (a record) but never reopens what the person marked filed.
    services_docket.docket_entry_update(actor=user, entry=motion, filed_on=D(2026, 11, 10))
    after = deadlines(case)[f"entry-{motion.pk}-opposition"]
    assert after.status == DeadlineStatus.FILED and after.due_date == D(2026, 11, 24)  # Tue 11-10 + 14 = Tue 11-24
    # Only a person reopening it hands the status back.
    deadline_set_status(actor=user, deadline=after, status=DeadlineStatus.OPEN)
    assert deadlines(case)[f"entry-{motion.pk}-opposition"].status == DeadlineStatus.OPEN


def test_docketing_a_filing_can_mark_the_deadlines_it_met(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 12, D(2026, 11, 9), EntryKind.MOTION)
    opposition = deadlines(case)[f"entry-{motion.pk}-opposition"]
    filing = add(user, case, 13, D(2026, 11, 20), EntryKind.OPPOSITION, responds_to=motion, satisfies=[opposition])
    assert deadlines(case)[opposition.key].status == DeadlineStatus.FILED
    assert list(filing.satisfies.all()) == [opposition]


def test_only_the_cases_court_deadlines_can_be_marked(world, user):
    case, other = make_case(user, world.ours), make_case(user, world.ours, number="3:26-cv-09999")
    motion = add(user, other, 1, D(2026, 11, 9), EntryKind.MOTION)
    foreign = deadlines(other)[f"entry-{motion.pk}-opposition"]
    with pytest.raises(ValidationError) as refused:
        add(user, case, 1, D(2026, 11, 20), EntryKind.OPPOSITION, satisfies=[foreign])
    assert refused.value.message_dict == {"satisfies": ["Choose deadlines of this case."]}
    assert not DocketEntry.objects.filter(case=case).exists()


def test_changing_a_motion_into_an_answer_supersedes_what_it_triggered(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 12, D(2026, 11, 9), EntryKind.MOTION)
    services_docket.docket_entry_update(actor=user, entry=motion, kind=EntryKind.ANSWER)
    assert {d.status for d in deadlines(case).values()} == {DeadlineStatus.SUPERSEDED}


def test_removing_an_entry_supersedes_its_open_deadlines(world, user):
    case = make_case(user, world.ours)
    motion = add(user, case, 12, D(2026, 11, 9), EntryKind.MOTION)
    services_docket.docket_entry_remove(actor=user, entry=motion)
    assert not DocketEntry.objects.exists()
    assert {d.status for d in deadlines(case).values()} == {DeadlineStatus.SUPERSEDED}


# --- court-ordered deadlines --------------------------------------------------------------------------------------


def test_a_court_ordered_deadline_cites_its_order(world, user):
    case = make_case(user, world.ours)
    order = add(user, case, 20, D(2026, 11, 20), EntryKind.ORDER, "ORDER setting production schedule")
    deadline = services_docket.court_deadline_order(
        actor=user, case=case, order=order, title="Defendants' first production", due_date=D(2027, 1, 15)
    )
    assert (deadline.kind, deadline.forum, deadline.due_date) == (DeadlineKind.MANUAL, "court", D(2027, 1, 15))
    assert deadline.citation == "Order, ECF No. 20 (entered 2026-11-20)"
    assert deadline.key.startswith(order.key_prefix) and deadline.note == "ORDER setting production schedule"
    row = next(r for r in docket_selectors.case_docket(user=user, case=case).rows if r.entry == order)
    assert row.deadlines == [deadline]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"title": " "}, "title", "Say what is due"),
        ({"due_date": D(2026, 11, 19)}, "due_date", "before the order was entered (2026-11-20)"),
        ({"order": "motion"}, "order", "is not an order"),
    ],
)
def test_bad_court_ordered_deadlines_are_refused(world, user, kwargs, field, message):
    case = make_case(user, world.ours)
    order = add(user, case, 20, D(2026, 11, 20), EntryKind.MINUTE_ORDER, "MINUTE ORDER")
    motion = add(user, case, 21, D(2026, 11, 20), EntryKind.MOTION, "MOTION")
    values = {"title": "Production", "due_date": D(2027, 1, 15), "order": order, **kwargs}
    if values["order"] == "motion":
        values["order"] = motion
    with pytest.raises(ValidationError) as refused:
        services_docket.court_deadline_order(actor=user, case=case, **values)
    assert message in refused.value.message_dict[field][0]


# --- joint status report schedules --------------------------------------------------------------------------------


def test_a_jsr_schedule_creates_the_next_report_each_time_one_is_filed(world, user):
    case = make_case(user, world.ours)
    order = add(user, case, 30, D(2026, 9, 1), EntryKind.ORDER, "ORDER: JSR every 60 days")
    schedule = services_docket.schedule_create(
        actor=user, case=case, every_days=60, starts_on=D(2026, 9, 1), order=order
    )
    assert schedule.open_ended
    first = deadlines(case)[schedule.deadline_key(1)]
    # Tue 2026-09-01 + 60 = Sat 2026-10-31 -> Sun -> Mon 2026-11-02 (FRCP 6(a)(1)(C)).
    assert (first.rule, first.due_date) == ("court-order-period", D(2026, 11, 2))
    assert "order ECF No. 30" in first.title
    report = add(user, case, 31, D(2026, 11, 2), EntryKind.JSR, "JOINT STATUS REPORT", schedule=schedule)
    made = deadlines(case)
    assert made[schedule.deadline_key(1)].status == DeadlineStatus.FILED
    assert list(report.satisfies.all()) == [made[schedule.deadline_key(1)]]
    # Report 2 counts from the first period's end, not from the rolled date: Sat 10-31 + 60 = Wed 2026-12-30.
    assert made[schedule.deadline_key(2)].due_date == D(2026, 12, 30)
    add(user, case, 32, D(2026, 11, 30), EntryKind.JSR, "JOINT STATUS REPORT", schedule=schedule)
    # Report 3: Wed 12-30 + 60 = Sun 2027-02-28 -> Mon 2027-03-01.
    assert deadlines(case)[schedule.deadline_key(3)].due_date == D(2027, 3, 1)
    rows = docket_selectors.case_docket(user=user, case=case).schedules
    assert [(r.schedule, r.next_deadline.key) for r in rows] == [(schedule, schedule.deadline_key(3))]


def test_a_schedule_with_an_end_stops_and_a_cancelled_one_supersedes_its_next_report(world, user):
    case = make_case(user, world.ours)
    ending = services_docket.schedule_create(
        actor=user, case=case, every_days=60, starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31)
    )
    assert not ending.open_ended
    add(user, case, 31, D(2026, 11, 2), EntryKind.JSR, schedule=ending)
    add(user, case, 32, D(2026, 11, 30), EntryKind.JSR, schedule=ending)
    # Report 3 would fall on 2027-02-28, after the schedule's end (2026-12-31): none is created.
    assert ending.deadline_key(3) not in deadlines(case)
    cancelled = services_docket.schedule_create(actor=user, case=case, every_days=30, starts_on=D(2026, 11, 20))
    cancelled = services_docket.schedule_cancel(actor=user, schedule=cancelled)
    assert cancelled.cancelled_on == D(2026, 12, 1)
    assert deadlines(case)[cancelled.deadline_key(1)].status == DeadlineStatus.SUPERSEDED
    with pytest.raises(ValidationError) as refused:
        add(user, case, 33, D(2026, 12, 1), EntryKind.JSR, schedule=cancelled)
    assert refused.value.message_dict == {"schedule": ["That schedule was cancelled."]}


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"every_days": 0}, "every_days", "1 to 3660"),
        ({"ends_on": D(2026, 8, 1)}, "ends_on", "before it starts"),
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_saved(world, user, kwargs, field, message):
    case = make_case(user, world.ours)
    values = {"every_days": 60, "starts_on": D(2026, 9, 1), **kwargs}
    with pytest.raises(ValidationError) as refused:
        services_docket.schedule_create(actor=user, case=case, **values)
    assert message in refused.value.message_dict[field][0]
    assert not StatusReportSchedule.objects.exists() and deadlines(case) == {}


def test_only_a_jsr_is_filed_under_a_schedule(world, user):
    case = make_case(user, world.ours)
    schedule = services_docket.schedule_create(actor=user, case=case, every_days=60, starts_on=D(2026, 9, 1))
    with pytest.raises(ValidationError) as refused:
        add(user, case, 1, D(2026, 11, 2), EntryKind.MOTION, schedule=schedule)
    assert "Only a joint status report" in refused.value.message_dict["schedule"][0]


def test_case_docket_reads_in_a_fixed_number_of_queries(world, user, django_assert_max_num_queries):
    case = make_case(user, world.ours)
    services_docket.schedule_create(actor=user, case=case, every_days=60, starts_on=D(2026, 9, 1))

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        fresh = member(world.ours, Role.STAFF)
        with CaptureQueriesContext(connection) as queries:
            docket = docket_selectors.case_docket(user=fresh, case=case)
            for row in docket.rows:
                list(row.entry.satisfies.all())
        return len(queries)

    add(user, case, 1, D(2026, 11, 2), EntryKind.MOTION)
    few = count()
    for n in range(2, 12):
        add(user, case, n, D(2026, 11, 2), EntryKind.MOTION if n % 2 else EntryKind.JUDGMENT)
    assert count() == few


def test_a_court_ordered_deadline_without_its_order_says_so_and_takes_a_member_as_responsible(world, user):
    case = make_case(user, world.ours)
    outsider = member(world.outsider, Role.STAFF)
    with pytest.raises(ValidationError) as refused:
        services_docket.court_deadline_order(
            actor=user, case=case, order=None, title="Production", due_date=D(2027, 1, 15), responsible=outsider
        )
    assert refused.value.message_dict["responsible"] == ["Choose a member of the case's organisation."]
    deadline = services_docket.court_deadline_order(
        actor=user, case=case, order=None, title="Production", due_date=D(2027, 1, 15), responsible=user
    )
    assert (deadline.citation, deadline.responsible, deadline.forum) == (
        "Court order (docket entry not recorded)",
        user,
        "court",
    )
