"""Court-ordered production schedules: the period deadlines through the engine, productions counted against them
(documents' rows), the case page's expected vs actual pages, refusals naming the field, and what each role sees.
Dates are frozen at 2026-12-01 (tests/litigation/conftest.py) and counted by hand."""

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coalition.models import Role
from deadlines.models import Deadline, DeadlineStatus
from documents import services as documents
from documents.models import Production
from litigation import services, services_docket, services_schedule
from litigation.models import ProductionSchedule
from tests.factories import member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def ordered(lit):
    """Our case enforces the request; ECF No. 20 (2026-11-06) orders 500 pages a month from 2026-11-30, 3000 in all."""
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=20, filed_on=D(2026, 11, 6), kind="order",
        description="ORDER: defendants shall process 500 pages a month",
    )  # fmt: skip
    schedule = services_schedule.production_schedule_create(
        actor=lit.attorney, case=lit.case, order=order, pages_per_period=500, first_due=D(2026, 11, 30),
        total_pages=3000, title="ICE production",
    )  # fmt: skip
    lit.order, lit.schedule = order, schedule
    return lit


def period_deadlines(schedule) -> list[Deadline]:
    return list(
        Deadline.objects.filter(subject_id=schedule.case_id, key__startswith=schedule.key_prefix).order_by("due_date")
    )


def produce(lit, day, processed, **counts) -> Production:
    return documents.production_create(
        request=lit.request, actor=lit.staff, date=day, pages_processed=processed, schedule=lit.schedule, **counts
    )


def test_each_period_is_a_court_ordered_deadline_citing_the_order(ordered):
    deadlines = period_deadlines(ordered.schedule)
    # 3000 / 500 = 6 periods from 2026-11-30: the same day each month (February: its last day).
    assert [d.due_date for d in deadlines] == [
        D(2026, 11, 30), D(2026, 12, 30), D(2027, 1, 30), D(2027, 2, 28), D(2027, 3, 30), D(2027, 4, 30),
    ]  # fmt: skip
    first = deadlines[0]
    assert first.forum == "court" and first.status == DeadlineStatus.OPEN
    assert first.title == "ICE production no. 1: 500 pages processed in all"
    assert first.citation == "Order, ECF No. 20 (entered 2026-11-06)"
    assert deadlines[-1].title == "ICE production no. 6: 3000 pages processed in all"


def test_an_open_ended_schedule_has_deadlines_a_year_ahead(lit):
    schedule = services_schedule.production_schedule_create(
        actor=lit.staff, case=lit.case, pages_per_period=300, first_due=D(2026, 12, 15), period="days", every_days=30
    )
    assert schedule.open_ended
    dues = [d.due_date for d in period_deadlines(schedule)]
    # every 30 days from 2026-12-15 up to 2027-12-01 (today + 365): 12 periods, the last 2027-11-10.
    assert len(dues) == 12 and dues[0] == D(2026, 12, 15) and dues[-1] == D(2027, 11, 10)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pages_per_period": 0}, "pages_per_period"),
        ({"ends_on": D(2026, 11, 1)}, "ends_on"),
        ({"period": "days"}, "every_days"),
        ({"total_pages": 0}, "total_pages"),
        ({"first_due": D(2026, 10, 1)}, "first_due"),  # before the order was entered
    ],
)
def test_bad_terms_are_refused_naming_the_field_and_nothing_is_saved(lit, fields, field):
    order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=20, filed_on=D(2026, 11, 6), kind="order", description="ORDER"
    )
    before = Deadline.objects.count()
    terms = {"pages_per_period": 500, "first_due": D(2026, 11, 30), "order": order, **fields}
    with pytest.raises(ValidationError) as refused:
        services_schedule.production_schedule_create(actor=lit.staff, case=lit.case, **terms)
    assert field in refused.value.message_dict
    assert not ProductionSchedule.objects.exists() and Deadline.objects.count() == before


def test_viewers_and_partners_cannot_add_a_schedule(lit):
    for user in (lit.viewer, lit.partner_staff):
        with pytest.raises(PermissionDenied):
            services_schedule.production_schedule_create(
                actor=user, case=lit.case, pages_per_period=5, first_due=D(2026, 12, 1)
            )


def test_counted_productions_meet_periods_and_a_change_reopens_them(ordered):
    production = produce(ordered, D(2026, 11, 25), 520, pages_released_full=400, pages_withheld=120)
    first, second = period_deadlines(ordered.schedule)[:2]
    assert first.status == DeadlineStatus.MET and second.status == DeadlineStatus.OPEN
    documents.production_update(production=production, actor=ordered.staff, pages_processed=450, pages_withheld=50)
    first.refresh_from_db()
    assert first.status == DeadlineStatus.OPEN  # 450 < 500 by 2026-11-30
    documents.production_update(production=production, actor=ordered.staff, schedule=None)
    assert Production.objects.get(pk=production.pk).schedule is None


def test_a_production_must_be_of_a_request_the_schedules_case_enforces_and_count_its_pages(ordered):
    from tests.foia.factories import FoiaRequestFactory

    other = FoiaRequestFactory(organization=ordered.world.ours)
    with pytest.raises(ValidationError) as refused:
        documents.production_create(
            request=other, actor=ordered.staff, date=D(2026, 11, 25), pages_processed=5, schedule=ordered.schedule
        )
    assert "schedule" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        documents.production_create(
            request=ordered.request, actor=ordered.staff, date=D(2026, 11, 25), schedule=ordered.schedule
        )
    assert "pages_processed" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:  # more released than processed
        produce(ordered, D(2026, 11, 25), 100, pages_released_full=90, pages_withheld=20)
    assert "pages_processed" in refused.value.message_dict
    assert not Production.objects.exists()
    assert period_deadlines(ordered.schedule)[0].status == DeadlineStatus.OPEN
    # A viewer of our organisation may not count one; nor may a partner who edits their own request.
    with pytest.raises(PermissionDenied):
        documents.production_create(
            request=ordered.request, actor=ordered.viewer, date=D(2026, 11, 25), pages_processed=5,
            schedule=ordered.schedule,
        )  # fmt: skip
    partner_request = FoiaRequestFactory(organization=ordered.world.partner)
    with pytest.raises(ValidationError) as refused:
        documents.production_create(
            request=partner_request, actor=ordered.partner_staff, date=D(2026, 11, 25), pages_processed=5,
            schedule=ordered.schedule,
        )  # fmt: skip
    assert "schedule" in refused.value.message_dict


def page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_case_page_shows_expected_against_actual_the_shortfall_and_the_projection(client, ordered):
    produce(ordered, D(2026, 11, 25), 300, pages_released_full=200, pages_released_part=50, pages_withheld=50)
    text = page(client, ordered.staff, ordered.case)
    assert 'id="production-schedules"' in text and "ICE production: 500 pages a month" in text
    # On 2026-12-01 period 1 (2026-11-30) is due: 500 expected, 300 processed.
    assert "<dd data-expected>500</dd>" in text and "<dd data-actual>300</dd>" in text
    assert "<dd data-shortfall>200</dd>" in text and "Behind schedule by 200 pages" in text
    # From 2026-10-30 (a month before the first due date) to 2026-12-01: 32 days; 300 / 32 a day leaves 2700 pages
    # for ceil(2700 * 32 / 300) = 288 days: 2027-09-15, 138 days after the 6th period (2027-04-30).
    assert "2027-09-15" in text and "138 days after the order's last due date" in text
    assert "<polyline" in text and "Pages by period" in text
    assert 'id="add-production-schedule"' in text and "End schedule" in text


def test_no_production_means_no_projection(client, ordered):
    text = page(client, ordered.staff, ordered.case)
    assert "no projection: nothing processed yet" in text and "Behind schedule by 500 pages" in text


def test_what_each_role_sees_and_may_do(client, ordered):
    produce(ordered, D(2026, 11, 25), 300)
    privileged = documents.production_create(
        request=ordered.request, actor=ordered.staff, date=D(2026, 11, 28), pages_processed=100, privileged=True,
        schedule=ordered.schedule, label="Under protective order",
    )  # fmt: skip
    add = reverse("litigation:production-schedule-add", args=[ordered.case.pk])
    end = reverse("litigation:production-schedule-end", args=[ordered.case.pk, ordered.schedule.pk])
    for role in (Role.ADMIN, Role.ATTORNEY, Role.STAFF):
        text = page(client, member(ordered.world.ours, role), ordered.case)
        assert (
            "<dd data-actual>400</dd>" in text
            and "Under protective order" in text
            and 'id="add-production-schedule"' in text
        )
    viewer_text = page(client, ordered.viewer, ordered.case)
    assert "<dd data-actual>400</dd>" in viewer_text and 'id="add-production-schedule"' not in viewer_text
    assert client.get(add).status_code == 403 and client.post(end).status_code == 403
    partner_text = page(client, ordered.partner_staff, ordered.case)  # the case is shared with the coalition
    assert "ICE production" in partner_text and "Under protective order" not in partner_text
    assert "<dd data-actual>300</dd>" in partner_text and 'id="add-production-schedule"' not in partner_text
    assert client.get(add).status_code == 403 and client.post(end).status_code == 403
    client.force_login(ordered.outsider_staff)
    assert client.get(ordered.case.get_absolute_url()).status_code == 404
    assert client.get(add).status_code == 404 and client.post(end).status_code == 404
    assert privileged.pk


def test_the_form_adds_a_schedule_and_shows_refusals_on_their_field(client, ordered):
    client.force_login(ordered.attorney)
    url = reverse("litigation:production-schedule-add", args=[ordered.case.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "X", "pages_per_period": "100", "period": "monthly", "first_due": "2026-12-15",
                            "ends_on": "2026-12-01"})  # fmt: skip
    assert bad.status_code == 200 and "before the first production is due" in unescape(bad.content.decode())
    assert ordered.case.production_schedules.count() == 1
    zero = client.post(url, {"title": "X", "pages_per_period": "0", "period": "monthly", "first_due": "2026-12-15"})
    assert zero.status_code == 200 and ordered.case.production_schedules.count() == 1
    response = client.post(
        url, {"title": "CBP production", "pages_per_period": "250", "period": "days", "every_days": "14",
              "first_due": "2026-12-15", "order": ordered.order.pk},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#production-schedules")
    added = ordered.case.production_schedules.get(title="CBP production")
    assert added.open_ended and added.every_days == 14 and added.order == ordered.order


def test_ending_a_schedule_supersedes_the_periods_not_yet_due(client, ordered):
    client.force_login(ordered.attorney)
    url = reverse("litigation:production-schedule-end", args=[ordered.case.pk, ordered.schedule.pk])
    assert client.post(url).status_code == 302
    statuses = [d.status for d in period_deadlines(ordered.schedule)]
    assert statuses == [DeadlineStatus.OPEN] + [DeadlineStatus.SUPERSEDED] * 5
    ordered.schedule.refresh_from_db()
    assert ordered.schedule.ended_on == D(2026, 12, 1)


def test_the_production_form_offers_the_schedules_of_cases_enforcing_the_request(client, ordered):
    client.force_login(ordered.staff)
    text = client.get(reverse("documents:production-create") + f"?request={ordered.request.pk}").content.decode()
    assert f'value="{ordered.schedule.pk}"' in text
    response = client.post(
        reverse("documents:production-create") + f"?request={ordered.request.pk}",
        {"request": ordered.request.pk, "date": "2026-11-25", "pages_processed": "600", "pages_released_full": "600",
         "schedule": ordered.schedule.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert period_deadlines(ordered.schedule)[0].status == DeadlineStatus.MET
