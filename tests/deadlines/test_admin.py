"""Closures edited in the admin recompute deadlines; derived deadlines are read-only there."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from deadlines import services
from deadlines.models import Closure, DeadlineKind
from tests.deadlines.factories import subject_for
from tests.factories import editor, site_staff

pytestmark = pytest.mark.django_db
D = dt.date
DUPLICATE = "There is already a closure on this date with this scope (and the same agency or court)."


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return client


def _derived():
    subject = subject_for()
    return services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="k",
        title="Initial response",
        rule="foia-initial-response",
        trigger=D(2026, 11, 20),
    )


def test_adding_changing_and_deleting_a_closure_in_the_admin_recomputes(admin_client):
    deadline = _derived()
    response = admin_client.post(
        "/admin/deadlines/closure/add/",
        {"date": "2026-12-18", "reason": "Snow emergency", "scope": "federal", "agency": "", "court": ""},
        follow=True,
    )
    assert "1 open or missed deadline(s) recomputed" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 12, 22)
    closure = Closure.objects.get(reason="Snow emergency")
    assert deadline.history.first().history_user.username == "root"

    admin_client.post(
        f"/admin/deadlines/closure/{closure.pk}/change/",
        {"date": "2027-03-01", "reason": "Snow emergency", "scope": "federal", "agency": "", "court": ""},
    )
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 12, 21)

    admin_client.post(
        f"/admin/deadlines/closure/{closure.pk}/change/",
        {"date": "2026-12-18", "reason": "Snow emergency", "scope": "federal", "agency": "", "court": ""},
    )
    admin_client.post(f"/admin/deadlines/closure/{closure.pk}/delete/", {"post": "yes"})
    assert not Closure.objects.filter(pk=closure.pk).exists()
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 12, 21)
    reasons = list(deadline.history.values_list("history_change_reason", flat=True))
    assert reasons == [
        "closure removed: 2026-12-18: Snow emergency",
        "closure changed: 2026-12-18: Snow emergency",
        "closure changed: 2027-03-01: Snow emergency",
        "closure added: 2026-12-18: Snow emergency",
        "computed: foia-initial-response",
    ]


def test_admin_refuses_a_closure_whose_scope_and_target_disagree(admin_client):
    response = admin_client.post(
        "/admin/deadlines/closure/add/",
        {"date": "2026-12-18", "reason": "x", "scope": "agency", "agency": "", "court": ""},
    )
    assert response.status_code == 200 and not Closure.objects.filter(reason="x").exists()


def test_derived_deadlines_are_read_only_and_manual_ones_editable(admin_client):
    derived = _derived()
    html = admin_client.get(f"/admin/deadlines/deadline/{derived.pk}/change/").content.decode()
    assert 'name="due_date"' not in html and 'name="title"' not in html
    response = admin_client.post(
        f"/admin/deadlines/deadline/{derived.pk}/change/", {"title": "edited", "due_date": "2030-01-01"}
    )
    assert response.status_code == 403
    derived.refresh_from_db()
    assert derived.title == "Initial response" and derived.due_date == D(2026, 12, 21)

    subject = subject_for()
    manual = services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="jsr",
        title="Joint status report",
        due_date=D(2027, 1, 15),
        citation="Order",
    )
    assert manual.kind == DeadlineKind.MANUAL
    html = admin_client.get(f"/admin/deadlines/deadline/{manual.pk}/change/").content.decode()
    assert 'name="due_date"' in html
    response = admin_client.post(
        f"/admin/deadlines/deadline/{manual.pk}/change/",
        {
            "title": "Joint status report",
            "due_date": "2027-01-22",
            "citation": "Minute order",
            "note": "extended",
            "responsible": "",
            "status": "open",
        },
    )
    assert response.status_code == 302
    manual.refresh_from_db()
    assert manual.due_date == D(2027, 1, 22) and manual.steps == ["2027-01-22 set by hand: extended"]
    assert admin_client.get("/admin/deadlines/deadline/add/").status_code == 403


def _add(admin_client, **fields):
    data = {"date": "2026-12-18", "reason": "Snow emergency", "scope": "federal", "agency": "", "court": ""}
    return admin_client.post("/admin/deadlines/closure/add/", data | fields)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"scope": "agency"}, "agency", "An agency closure needs the agency that closed."),
        ({"scope": "court"}, "court", "A court closure needs the court that closed."),
        ({"scope": "federal", "agency": "ice"}, "agency", "A federal closure applies to every agency and court: leave"),
        ({"scope": "executive", "court": "dcd"}, "court", "An executive closure applies to every executive agency"),
        ({"scope": "agency", "agency": "ice", "court": "dcd"}, "court", "An agency closure names no court"),
        ({"scope": "court", "court": "dcd", "agency": "ice"}, "agency", "A court closure names no agency"),
    ],
)
def test_a_scope_target_mismatch_says_what_is_wrong(admin_client, fields, field, message):
    from directory.models import Agency, Court

    ids = {"agency": Agency.objects.get(slug="ice").pk, "court": Court.objects.get(slug="dcd").pk}
    fields = {name: ids[name] if name in ids and value else value for name, value in fields.items()}
    response = _add(admin_client, **fields)
    assert response.status_code == 200  # the form again, nothing saved
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    assert "is violated" not in response.content.decode()
    assert not Closure.objects.filter(reason="Snow emergency").exists()


def test_a_duplicate_closure_is_refused_with_a_message_and_recomputes_nothing(admin_client):
    from directory.models import Agency

    deadline = _derived()
    assert _add(admin_client).status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 12, 22)
    history = deadline.history.count()

    again = _add(admin_client, reason="Snow emergency, again")
    assert again.status_code == 200
    assert DUPLICATE in again.content.decode()
    ice = Agency.objects.get(slug="ice").pk
    assert _add(admin_client, scope="agency", agency=ice).status_code == 302  # another target: fine
    refused = _add(admin_client, scope="agency", agency=ice, reason="ICE closed")
    assert DUPLICATE in refused.content.decode()
    assert _add(admin_client, date="2026-12-17").status_code == 302  # another day: fine
    assert Closure.objects.count() == 3 + Closure.objects.exclude(date__in=[D(2026, 12, 17), D(2026, 12, 18)]).count()
    assert deadline.history.count() == history + 1  # only the 2026-12-17 closure recomputed it

    with pytest.raises(ValidationError, match=re.escape(DUPLICATE)):
        services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="Through the service", scope="federal")


def test_changing_a_closure_onto_another_ones_day_is_refused(admin_client):
    first = services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="One").closure
    second = services.closure_add(user=site_staff(), date=D(2026, 12, 17), reason="Two").closure
    response = admin_client.post(
        f"/admin/deadlines/closure/{second.pk}/change/",
        {"date": "2026-12-18", "reason": "Two", "scope": "federal", "agency": "", "court": ""},
    )
    assert DUPLICATE in response.content.decode()
    second.refresh_from_db()
    assert second.date == D(2026, 12, 17) and first.date == D(2026, 12, 18)
