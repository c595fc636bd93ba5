"""Property test: the reminder recipients' hand-written SQL (`recipients.deadline_recipients`) keeps exactly the
people `coalition.access.can_view` lets see each deadline, over random worlds (organisations, coalitions, roles,
inactive users, sharing, privileged deadlines, deadlines of shared or private requests)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition import access
from coalition.models import Membership
from deadlines.models import Deadline
from foia.models import FoiaRequest
from reminders.models import DeadlineMute, Watch
from reminders.people import deadline_is_mine, deadline_mine_q
from reminders.recipients import ESCALATION_ROLES, deadline_recipients
from tests.coalition.worlds import world_build, world_specs


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world_specs(), data=st.data())
def test_recipients_are_exactly_the_candidates_who_may_see_the_deadline(spec, data):
    with transaction.atomic():
        world = world_build(spec)
        deadline_type = ContentType.objects.get_for_model(Deadline)
        muted = set()
        for deadline in world.deadlines:  # everyone is a candidate: each follows the deadline or its subject
            for user in world.users:
                how = data.draw(st.sampled_from(["deadline", "subject", "responsible"]))
                if how == "responsible" and deadline.responsible_id is None:
                    Deadline.objects.filter(pk=deadline.pk).update(responsible=user)
                    deadline.responsible_id = user.pk
                elif how == "subject":
                    Watch.objects.get_or_create(
                        user=user, subject_type_id=deadline.subject_type_id, subject_id=deadline.subject_id
                    )
                else:
                    Watch.objects.get_or_create(user=user, subject_type=deadline_type, subject_id=deadline.pk)
                if data.draw(st.integers(0, 5)) == 0:
                    DeadlineMute.objects.create(user=user, deadline=deadline)
                    muted.add((deadline.pk, user.pk))
        deadlines = list(Deadline.objects.filter(pk__in=[d.pk for d in world.deadlines]))
        escalating = {d.pk for d in deadlines if data.draw(st.booleans())}
        got = deadline_recipients(deadlines, escalating=escalating)
        for deadline in deadlines:
            expected = {
                u.pk
                for u in world.users
                if u.is_active and access.can_view(u, deadline) and (deadline.pk, u.pk) not in muted
            }
            assert {r.user_id for r in got[deadline.pk]} == expected, deadline
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world_specs(), data=st.data())
def test_recipients_sql_equals_the_one_python_rule_of_mine(spec, data):
    """Each person is drawn a relation to each deadline (responsible, the request's assigned staff or attorney, a
    follower of the deadline or of its subject, or none): the SQL keeps exactly those the Python rule
    (`people.deadline_is_mine`, or an escalation role on an escalating step) names and `can_view` lets see it, and the
    queryset form (`deadline_mine_q`) selects exactly the deadlines the Python rule calls mine."""
    with transaction.atomic():
        world = world_build(spec)
        deadline_type = ContentType.objects.get_for_model(Deadline)
        for request in world.requests:
            request.assigned_to = data.draw(st.sampled_from([None, *world.users]))
            request.attorney = data.draw(st.sampled_from([None, *world.users]))
            FoiaRequest.objects.filter(pk=request.pk).update(assigned_to=request.assigned_to, attorney=request.attorney)
        for deadline in world.deadlines:
            responsible = data.draw(st.sampled_from([None, *world.users]))
            Deadline.objects.filter(pk=deadline.pk).update(responsible=responsible)
            for user in world.users:
                how = data.draw(st.sampled_from(["deadline", "subject", "none", "none"]))
                if how == "subject":
                    Watch.objects.get_or_create(
                        user=user, subject_type_id=deadline.subject_type_id, subject_id=deadline.subject_id
                    )
                elif how == "deadline":
                    Watch.objects.get_or_create(user=user, subject_type=deadline_type, subject_id=deadline.pk)
                if data.draw(st.integers(0, 7)) == 0:
                    DeadlineMute.objects.create(user=user, deadline=deadline)
        deadlines = list(Deadline.objects.filter(pk__in=[d.pk for d in world.deadlines]))
        escalating = {d.pk for d in deadlines if data.draw(st.booleans())}
        got = deadline_recipients(deadlines, escalating=escalating)
        for deadline in deadlines:
            muted = set(DeadlineMute.objects.filter(deadline=deadline).values_list("user_id", flat=True))
            escalation_roles = set(
                Membership.objects.filter(
                    organization_id=deadline.organization_id, role__in=ESCALATION_ROLES
                ).values_list("user_id", flat=True)
            )
            expected = {
                u.pk
                for u in world.users
                if u.is_active
                and access.can_view(u, deadline)
                and u.pk not in muted
                and (deadline_is_mine(u, deadline) or (deadline.pk in escalating and u.pk in escalation_roles))
            }
            assert {r.user_id for r in got[deadline.pk]} == expected, deadline
        for user in world.users:
            by_query = set(
                Deadline.objects.filter(deadline_mine_q(user), pk__in=[d.pk for d in deadlines]).values_list(
                    "pk", flat=True
                )
            )
            assert by_query == {d.pk for d in deadlines if deadline_is_mine(user, d)}, user
        transaction.set_rollback(True)
