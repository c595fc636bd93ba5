"""Property tests: over random worlds, every queryset form of the access rule selects exactly the objects
`coalition.access.can_view` allows, for every access-controlled model (owners, children, deadlines)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from coalition import access
from deadlines.models import Deadline
from deadlines.selectors import deadline_visible_q
from foia.models import FoiaRequest
from tests.coalition.worlds import world_build, world_specs


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world_specs())
def test_every_query_rule_equals_the_object_check(spec):
    with transaction.atomic():
        world = world_build(spec)
        objects = [*world.requests, *world.deadlines, *world.children]
        for user in world.users:
            access.access_reset(user)
            expected = {(type(o), o.pk) for o in objects if access.can_view(user, o)}
            got = set()
            for model in {FoiaRequest, Deadline, *access.access_children()}:
                got |= {
                    (model, pk)
                    for pk in access.restrict_visible(model.objects.all(), user).values_list("pk", flat=True)
                }
            assert got == expected
            by_deadline_rule = set(Deadline.objects.filter(deadline_visible_q(user)).values_list("pk", flat=True))
            assert by_deadline_rule == {d.pk for d in world.deadlines if access.can_view(user, d)}
        transaction.set_rollback(True)
