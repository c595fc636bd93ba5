"""Property test: the reminder recipients' hand-written SQL (`recipients.deadline_recipients`) keeps exactly the
people `coalition.access.can_view` lets see each deadline, over random worlds (organisations, coalitions, roles,
inactive users, sharing, privileged deadlines, deadlines of shared or private requests)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition import access
from deadlines.models import Deadline
from reminders.models import DeadlineMute, Watch
from reminders.recipients import deadline_recipients
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
