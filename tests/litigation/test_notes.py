"""Case notes: an ordinary note is seen like its case; a privileged one (attorney work product) only by the owning
organisation's attorneys and admins: never by its staff or viewers, never by partners, never in the API (every path
that exists: the selectors, the object check, the queryset rule, the services, the pages and the API)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coalition import access
from coalition.models import Role, Sharing
from directory.models import Court
from litigation import selectors_docket as selectors
from litigation import services, services_docket
from litigation.models import Case, CaseNote
from tests.factories import member

pytestmark = pytest.mark.django_db
SEE_PRIVILEGED = {Role.ADMIN, Role.ATTORNEY}


def _case(world) -> Case:
    return services.case_create(
        actor=member(world.ours, Role.ADMIN),
        organization=world.ours,
        caption="Mijente v. DHS",
        court=Court.objects.get(slug="cand"),
        docket_number="3:26-cv-01234",
        sharing=Sharing.COALITION,
        filed_on=dt.date(2026, 8, 3),
    )


@pytest.fixture
def notes(world):
    case = _case(world)
    attorney = member(world.ours, Role.ATTORNEY)
    ordinary = services_docket.note_add(actor=attorney, case=case, body="Call the AUSA about the JSR.")
    privileged = services_docket.note_add(
        actor=attorney, case=case, body="Strategy: our weak point is exemption (b)(5).", privileged=True
    )
    return case, ordinary, privileged


def _people(world):
    people = {f"own {role}": (member(world.ours, role), role in SEE_PRIVILEGED) for role in Role.values}
    people |= {f"partner {role}": (member(world.partner, role), False) for role in Role.values}
    return people


def test_privileged_notes_reach_only_the_owning_organisations_attorneys_and_admins(world, notes):
    case, ordinary, privileged = notes
    for who, (user, sees) in _people(world).items():
        listed = set(selectors.case_notes(user=user, case=case))
        assert ordinary in listed, who  # the case is shared: partners see its ordinary notes
        assert (privileged in listed) is sees, who
        assert access.can_view(user, CaseNote.objects.get(pk=privileged.pk)) is sees, who
        if sees:
            assert selectors.note_get(user=user, pk=privileged.pk) == privileged
        else:
            with pytest.raises(Http404):
                selectors.note_get(user=user, pk=privileged.pk)
        assert privileged not in set(selectors.notes_for_api(user=user)), who  # never in the API
    outsider = member(world.outsider, Role.ADMIN)
    assert list(selectors.case_notes(user=outsider, case=case)) == []


def test_only_attorneys_and_admins_write_privileged_notes(world, notes):
    case, ordinary, privileged = notes
    staff = member(world.ours, Role.STAFF)
    with pytest.raises(PermissionDenied):
        services_docket.note_add(actor=staff, case=case, body="x", privileged=True)
    with pytest.raises(PermissionDenied):
        services_docket.note_update(actor=staff, note=ordinary, body="now secret", privileged=True)
    with pytest.raises(PermissionDenied):  # staff can not even see it, let alone edit or remove it
        services_docket.note_update(actor=staff, note=privileged, body="edited")
    with pytest.raises(PermissionDenied):
        services_docket.note_remove(actor=staff, note=privileged)
    assert not access.can_edit(staff, privileged) and access.can_edit(staff, ordinary)
    assert not access.restrict_editable(CaseNote.objects.filter(pk=privileged.pk), staff).exists()
    for viewer in (member(world.ours, Role.VIEWER), member(world.partner, Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            services_docket.note_add(actor=viewer, case=case, body="x")
    note = services_docket.note_add(actor=staff, case=case, body="Ordinary from staff")
    assert not note.privileged
    admin = member(world.ours, Role.ADMIN)
    edited = services_docket.note_update(actor=admin, note=privileged, body="Revised strategy", version=1)
    assert edited.body == "Revised strategy" and edited.privileged


def test_an_empty_note_is_refused_naming_the_field(world, notes):
    case = notes[0]
    with pytest.raises(ValidationError) as refused:
        services_docket.note_add(actor=member(world.ours, Role.ATTORNEY), case=case, body="   ")
    assert refused.value.message_dict == {"body": ["Write the note."]}


def test_notes_keep_no_history_table():
    """Their text never reaches the history pages (web.selectors.history_model finds no history to show)."""
    assert not hasattr(CaseNote, "history")


def test_a_note_sends_nothing_and_dates_nothing(world, notes):
    """Notifications, reminders and calendar feeds are made of deadlines: a note creates none, so its text can not
    travel through them."""
    from deadlines.models import Deadline
    from reminders.models import Notification

    case, ordinary, privileged = notes
    assert not Deadline.objects.filter(subject_id=case.pk, subject_type__model="case").exists()
    assert not Notification.objects.exists()
    assert not any(privileged.body in (d.title + d.note) for d in Deadline.objects.all())
