"""Random access worlds for hypothesis: organisations, coalitions, members with roles (some inactive), FOIA requests
with their children, and deadlines, each with its sharing and `privileged` flag. Used by the property tests that
prove every hand-written copy of the access rule equal to `coalition.access`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from hypothesis import strategies as st

from coalition.models import Coalition, Membership, Organization, Role, Sharing
from deadlines.models import Deadline
from directory.models import Agency
from foia.models import Attachment, Communication, FoiaRequest, TrackingNumber

MAX_ORGS, MAX_COALITIONS, MAX_USERS = 4, 2, 5
SHARINGS = st.sampled_from([Sharing.ORGANIZATION, Sharing.COALITION, Sharing.COALITION])


@st.composite
def world_specs(draw):
    orgs = draw(st.integers(2, MAX_ORGS))
    # Mostly one coalition that most organisations join, so partners (the interesting case) are common.
    coalition_sets = st.sampled_from([{0}, {0}, {0}, {0, 1}, {1}, set()])
    return {
        "coalitions_of": [draw(coalition_sets) for _ in range(orgs)],
        "users": [
            {
                "active": draw(st.sampled_from([True, True, True, False])),
                "roles": draw(st.dictionaries(st.integers(0, orgs - 1), st.sampled_from(list(Role)), max_size=orgs)),
            }
            for _ in range(draw(st.integers(1, MAX_USERS)))
        ],
        "requests": draw(st.lists(st.tuples(st.integers(0, orgs - 1), SHARINGS), max_size=4)),
        # (organisation, sharing, privileged, index of the request it belongs to or None)
        "deadlines": draw(
            st.lists(st.tuples(st.integers(0, orgs - 1), SHARINGS, st.booleans(), st.integers(0, 3)), max_size=6)
        ),
    }


@dataclass
class BuiltWorld:
    users: list
    requests: list[FoiaRequest]
    deadlines: list[Deadline]
    children: list  # objects of the requests' child models


def world_build(spec) -> BuiltWorld:
    """Create the world in the database (call inside a transaction the test rolls back)."""
    coalitions = [Coalition.objects.create(name=f"C{i}", slug=f"c{i}") for i in range(MAX_COALITIONS)]
    orgs = []
    for i, coalition_ids in enumerate(spec["coalitions_of"]):
        org = Organization.objects.create(name=f"O{i}", slug=f"o{i}")
        org.coalitions.set([coalitions[c] for c in coalition_ids])
        orgs.append(org)
    users = []
    for i, u in enumerate(spec["users"]):
        user = get_user_model().objects.create(username=f"u{i}", email=f"u{i}@example.org", is_active=u["active"])
        for org_index, role in u["roles"].items():
            Membership.objects.create(user=user, organization=orgs[org_index], role=role)
        users.append(user)
    agency = Agency.objects.get(slug="ice")
    requests, children = [], []
    for i, (org_index, sharing) in enumerate(spec["requests"]):
        request = FoiaRequest.objects.create(
            organization=orgs[org_index], sharing=sharing, agency=agency, subject=f"R{i}", request_text="..."
        )
        communication = Communication.objects.create(request=request, direction="in", date=dt.date(2026, 11, 2))
        children += [
            communication,
            Attachment.objects.create(communication=communication, file="f", filename="f", content_type="x", size=1),
            TrackingNumber.objects.create(
                request=request, number=f"N{i}", agency=agency, assigned_on=dt.date(2026, 11, 3)
            ),
        ]
        requests.append(request)
    deadlines = []
    for i, (org_index, sharing, privileged, request_index) in enumerate(spec["deadlines"]):
        subject = requests[request_index] if request_index < len(requests) else orgs[org_index]
        if isinstance(subject, FoiaRequest):  # a request's deadline copies its owner, as the services do
            org, sharing = subject.organization, subject.sharing
        else:
            org = orgs[org_index]
        deadlines.append(
            Deadline.objects.create(
                organization=org,
                sharing=sharing,
                privileged=privileged,
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                key=f"k{i}",
                title=f"D{i}",
                kind="manual",
                due_date=dt.date(2026, 12, 21),
            )
        )
    return BuiltWorld(users, requests, deadlines, children)
