"""Deadline, closure and membership services check the acting person themselves (they used to trust the view)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition import services as coalition_services
from coalition.models import Membership, Role, Sharing
from deadlines import services
from tests.factories import member, owned_object, site_staff

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize("who", ["viewer", "partner", "outsider"])
def test_deadline_writes_refuse_anyone_without_an_edit_role_in_its_organisation(world, who):
    deadline = owned_object(world.ours, sharing=Sharing.COALITION)
    actor = {
        "viewer": member(world.ours, Role.VIEWER),
        "partner": member(world.partner, Role.ADMIN),
        "outsider": member(world.outsider, Role.ADMIN),
    }[who]
    subject = world.ours  # owned_object's subject
    manual = {"title": "x", "due_date": D(2027, 1, 4), "citation": "c"}
    writes = [
        lambda: services.deadline_set_status(actor=actor, deadline=deadline, status="met"),
        lambda: services.deadline_assign(actor=actor, deadline=deadline, responsible=None),
        lambda: services.deadline_update_manual(actor=actor, deadline=deadline, **manual),
        lambda: services.deadline_set_manual(actor=actor, subject=subject, key="k", **manual),
        lambda: services.deadline_close(actor=actor, subject=subject, key=deadline.key, status="met"),
        lambda: services.deadline_reopen(actor=actor, subject=subject, key=deadline.key),
        lambda: services.deadlines_sync_sharing(actor=actor, subject=subject),
    ]  # fmt: skip
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_a_staff_member_writes_and_assigns_only_members(world):
    deadline = owned_object(world.ours)
    staff = member(world.ours, Role.STAFF)
    assert services.deadline_set_status(actor=staff, deadline=deadline, status="met").status == "met"
    with pytest.raises(ValidationError, match="member of the deadline's organisation"):
        services.deadline_assign(actor=staff, deadline=deadline, responsible=member(world.partner))
    assert services.deadline_assign(actor=staff, deadline=deadline, responsible=staff).responsible == staff


def test_closures_are_written_by_site_staff_only(world):
    with pytest.raises(PermissionDenied):
        services.closure_add(user=member(world.ours, Role.ADMIN), date=D(2026, 12, 21), reason="Snow")
    result = services.closure_add(user=site_staff(), date=D(2026, 12, 21), reason="Snow")
    with pytest.raises(PermissionDenied):
        services.closure_remove(user=member(world.ours, Role.ADMIN), closure=result.closure)


def test_membership_services_refuse_non_admins(world):
    staff = member(world.ours, Role.STAFF)
    other = Membership.objects.get(user=member(world.ours, Role.VIEWER))
    with pytest.raises(PermissionDenied):
        coalition_services.membership_role_change(membership=other, role=Role.STAFF, actor=staff)
    with pytest.raises(PermissionDenied):
        coalition_services.membership_remove(membership=other, actor=staff)
    with pytest.raises(PermissionDenied):
        coalition_services.membership_add(
            organization=world.ours, identifier="x@example.org", role="staff", actor=staff
        )
    with pytest.raises(PermissionDenied):
        coalition_services.membership_remove(membership=other, actor=member(world.partner, Role.ADMIN))
