"""The case page's Docket, Court deadlines and Notes cards and their forms: what each role sees, refusals shown on the
field, documents downloaded only through the access check, and privileged notes on every page path."""

import datetime as dt
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Role
from deadlines.models import Deadline, DeadlineStatus
from litigation import services_docket
from litigation.models import DocketEntry, EntryKind
from tests.factories import member

pytestmark = pytest.mark.django_db
D = dt.date


def page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_adding_a_motion_from_the_form_shows_it_and_its_deadlines_on_the_case_page(client, lit):
    client.force_login(lit.attorney)
    url = reverse("litigation:docket-add", args=[lit.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "12",
            "filed_on": "2026-11-09",
            "kind": "motion",
            "description": "MOTION to Dismiss",
            "filer": "Defendant DHS",
            "service": "electronic",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{lit.case.get_absolute_url()}#docket"
    text = page(client, lit.staff, lit.case)
    assert 'id="ecf-12"' in text and "MOTION to Dismiss" in text
    # N.D. Cal. 7-3(a): Mon 2026-11-09 + 14 = Mon 2026-11-23; 7-3(c): + 7 = Mon 2026-11-30.
    assert "Opposition to the motion, ECF No. 12 (Defendant DHS)" in text and "2026-11-23" in text
    assert "Reply in support of the motion, ECF No. 12" in text and "2026-11-30" in text
    assert "Mark filed" in text


def test_a_reused_number_is_shown_on_its_field_and_nothing_is_saved(client, lit):
    services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=1, filed_on=D(2026, 11, 4), kind="complaint", description="COMPLAINT"
    )
    client.force_login(lit.attorney)
    response = client.post(
        reverse("litigation:docket-add", args=[lit.case.pk]),
        {"number": "1", "filed_on": "2026-11-09", "kind": "motion", "description": "MOTION", "service": "electronic"},
    )
    assert response.status_code == 200
    assert "ECF No. 1 is already on this case&#x27;s docket" in response.content.decode()
    assert DocketEntry.objects.filter(case=lit.case).count() == 1


def test_hostile_input_is_a_form_error_not_a_server_error(client, lit):
    client.force_login(lit.attorney)
    url = reverse("litigation:docket-add", args=[lit.case.pk])
    for data in (
        {"number": "-1", "filed_on": "2026-11-09", "kind": "motion", "description": "x"},
        {"number": "1", "filed_on": "9999-99-99", "kind": "motion", "description": "x"},
        {"number": "1", "filed_on": "2026-11-09", "kind": "<script>", "description": "x"},
        {"number": "1", "filed_on": "2026-11-09", "kind": "motion", "description": "x", "responds_to": "' OR 1=1"},
        {"number": "1", "filed_on": "2026-11-09", "kind": "motion", "description": "x", "satisfies": ["abc"]},
    ):
        assert client.post(url, {"service": "electronic", **data}).status_code == 200
    assert not DocketEntry.objects.exists()


def test_who_may_open_the_docket_forms(client, lit):
    url = reverse("litigation:docket-add", args=[lit.case.pk])
    for user, status in [(lit.viewer, 403), (lit.partner_staff, 403), (lit.outsider_staff, 404), (lit.staff, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(lit.outsider_staff)
    for name in ("ordered-deadline-add", "schedule-add", "note-add"):
        assert client.get(reverse(f"litigation:{name}", args=[lit.case.pk])).status_code == 404


def test_documents_download_only_through_the_access_check_never_inline(client, lit, media):
    pdf = SimpleUploadedFile('motion"\r\nX-Evil: 1.pdf', b"%PDF-1.4 the motion", content_type="text/html")
    entry = services_docket.docket_entry_add(
        actor=lit.attorney,
        case=lit.case,
        number=3,
        filed_on=D(2026, 11, 9),
        kind="motion",
        description="MOTION",
        document=pdf,
    )
    url = reverse("litigation:docket-document", args=[entry.pk])
    assert url in page(client, lit.staff, lit.case)
    for user in (lit.viewer, lit.partner_staff):  # the case is shared with the coalition
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"  # from the checked content, not the upload's claim
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and "\r" not in disposition and "\n" not in disposition
        assert response["Content-Security-Policy"] == "sandbox"
        assert b"".join(response.streaming_content) == b"%PDF-1.4 the motion"
        assert "X-Evil" not in response
    client.force_login(lit.outsider_staff)
    assert client.get(url).status_code == 404
    assert not (media / "litigation").exists() or all(
        "X-Evil" not in p.name or p.suffix == ".pdf" for p in media.rglob("*")
    )


def test_court_ordered_deadline_mark_filed_and_schedule_forms(client, lit):
    order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=20, filed_on=D(2026, 11, 20), kind="order", description="ORDER"
    )
    client.force_login(lit.staff)
    response = client.post(
        reverse("litigation:ordered-deadline-add", args=[lit.case.pk]),
        {"order": order.pk, "title": "Defendants' first production", "due_date": "2027-01-15"},
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(title="Defendants' first production")
    assert deadline.citation == "Order, ECF No. 20 (entered 2026-11-20)"
    filing = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=21, filed_on=D(2026, 11, 30), kind="other", description="NOTICE"
    )
    url = reverse("litigation:deadline-filed", args=[lit.case.pk, deadline.pk])
    response = client.post(url, {"entry": filing.pk, "version": deadline.version})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.status, deadline.closed_by) == (DeadlineStatus.FILED, lit.staff)
    # A schedule without an end is allowed and listed as open-ended.
    response = client.post(
        reverse("litigation:schedule-add", args=[lit.case.pk]),
        {"title": "Joint status report", "every_days": "60", "starts_on": "2026-11-02", "order": order.pk},
    )
    assert response.status_code == 302
    text = page(client, lit.staff, lit.case)
    assert "open-ended" in text and "every 60 days from" in text
    # Mon 2026-11-02 + 60 = Fri 2027-01-01 (New Year's Day) -> Sat, Sun -> Mon 2027-01-04.
    assert "next due" in text and "2027-01-04" in text
    response = client.post(
        reverse("litigation:schedule-add", args=[lit.case.pk]),
        {"title": "JSR", "every_days": "60", "starts_on": "2026-11-02", "ends_on": "2026-10-01"},
    )
    assert response.status_code == 200 and "before it starts" in unescape(response.content.decode())


def test_a_stale_mark_filed_is_refused(client, lit):
    order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=20, filed_on=D(2026, 11, 20), kind="order", description="ORDER"
    )
    deadline = services_docket.court_deadline_order(
        actor=lit.attorney, case=lit.case, order=order, title="Production", due_date=D(2027, 1, 15)
    )
    client.force_login(lit.staff)
    url = reverse("litigation:deadline-filed", args=[lit.case.pk, deadline.pk])
    response = client.post(url, {"entry": order.pk, "version": deadline.version - 1 if deadline.version > 1 else 99})
    assert response.status_code == 200
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OPEN


def test_privileged_notes_on_the_case_page_and_their_forms(client, lit):
    ordinary = services_docket.note_add(actor=lit.staff, case=lit.case, body="Ordinary: call the AUSA.")
    privileged = services_docket.note_add(
        actor=lit.attorney, case=lit.case, body="Work product: settlement posture.", privileged=True
    )
    for user, sees in [
        (lit.attorney, True),
        (lit.admin, True),
        (lit.staff, False),
        (lit.viewer, False),
        (lit.partner_staff, False),
        (member(lit.world.partner, Role.ADMIN), False),
    ]:
        text = page(client, user, lit.case)
        assert ordinary.body in text
        assert (privileged.body in text) is sees, user
        assert ("Privileged: attorney work product" in text) is sees
    # The privileged box is offered only to those who may write privileged notes.
    client.force_login(lit.staff)
    assert 'name="privileged"' not in client.get(reverse("litigation:note-add", args=[lit.case.pk])).content.decode()
    response = client.post(reverse("litigation:note-add", args=[lit.case.pk]), {"body": "x", "privileged": "on"})
    assert response.status_code == 302
    assert not lit.case.notes.get(body="x").privileged  # the field is not there for staff: an ordinary note
    for name in ("note-edit", "note-remove"):
        response = client.post(reverse(f"litigation:{name}", args=[lit.case.pk, privileged.pk]), {"body": "edited"})
        assert response.status_code == 404
    client.force_login(lit.attorney)
    assert 'name="privileged"' in client.get(reverse("litigation:note-add", args=[lit.case.pk])).content.decode()
    # Notes keep no history: no history page exists for them, whoever asks.
    assert client.get(f"/history/litigation/casenote/{privileged.pk}/").status_code == 404
    response = client.post(
        reverse("litigation:note-edit", args=[lit.case.pk, privileged.pk]),
        {"body": "Revised posture", "privileged": "on", "version": privileged.version},
    )
    assert response.status_code == 302 and lit.case.notes.get(pk=privileged.pk).body == "Revised posture"


def test_the_docket_card_is_read_in_a_fixed_number_of_queries(client, lit, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client.force_login(lit.staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(lit.case.get_absolute_url()).status_code == 200
        return len(queries)

    services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=1, filed_on=D(2026, 11, 9), kind="motion", description="M"
    )
    few = count()
    for n in range(2, 10):
        kind = EntryKind.MOTION if n % 2 else EntryKind.JUDGMENT
        services_docket.docket_entry_add(
            actor=lit.attorney, case=lit.case, number=n, filed_on=D(2026, 11, 9), kind=kind, description="E"
        )
    assert count() == few


def test_production_schedules_are_read_in_a_fixed_number_of_queries(client, lit):
    """Whatever the number of schedules and of the productions counted against them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from documents import services as documents
    from litigation import services, services_schedule

    def count() -> int:
        client.force_login(lit.staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(lit.case.get_absolute_url()).status_code == 200
        return len(queries)

    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)

    def schedule():
        return services_schedule.production_schedule_create(
            actor=lit.staff, case=lit.case, pages_per_period=100, first_due=D(2026, 11, 20), total_pages=900
        )

    first = schedule()
    documents.production_create(
        request=lit.request, actor=lit.staff, date=D(2026, 11, 18), pages_processed=50, schedule=first
    )
    few = count()
    for n in range(3):
        more = schedule()
        for day in (10, 15, 19):
            documents.production_create(
                request=lit.request, actor=lit.staff, date=D(2026, 11, day), pages_processed=n + 1, schedule=more
            )
    assert count() == few


def test_correcting_an_entry_recomputes_its_deadlines_and_refuses_a_stale_form(client, lit):
    motion = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=12, filed_on=D(2026, 11, 9), kind="motion", description="MOTION"
    )
    client.force_login(lit.staff)
    url = reverse("litigation:docket-edit", args=[lit.case.pk, motion.pk])
    assert client.get(url).status_code == 200
    form = {"filed_on": "2026-11-10", "kind": "motion", "description": "MOTION to Dismiss", "service": "electronic"}
    response = client.post(url, {**form, "version": motion.version})
    assert response.status_code == 302
    # N.D. Cal. 7-3(a): Tue 2026-11-10 + 14 = Tue 2026-11-24.
    assert Deadline.objects.get(key=f"entry-{motion.pk}-opposition").due_date == D(2026, 11, 24)
    stale = client.post(url, {**form, "description": "Older text", "version": motion.version})
    assert stale.status_code == 200 and "since you opened this form" in unescape(stale.content.decode())
    assert DocketEntry.objects.get(pk=motion.pk).description == "MOTION to Dismiss"
    client.force_login(lit.viewer)
    assert client.get(url).status_code == 403
