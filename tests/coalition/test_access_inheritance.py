"""A child of an object has its parent's access, and a child of privileged work is privileged (coalition.access).

Child models declare `access_parent` once; the queryset rule and the object check both derive from it. The tests walk
`access.access_children()` (every installed model with an access parent), so a new child model is covered as soon as
it declares its parent: it fails here until it has a builder below.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from coalition import access
from coalition.models import Role, Sharing
from deadlines import services as deadline_services
from deadlines.models import Deadline
from documents.models import Document, DocumentPage, Production
from foia.models import Appeal, Attachment, Communication, RequestEvent, TrackingNumber
from litigation.models import (
    Case,
    CaseNote,
    Counsel,
    DocketEntry,
    Party,
    ProductionSchedule,
    StatusReportSchedule,
    Stay,
    VaughnEntry,
)
from reminders.models import DeadlineMute, Notification
from tests.deadlines.factories import subject_for
from tests.factories import editor, member, owned_object
from tests.foia.factories import FoiaRequestFactory, agency

pytestmark = pytest.mark.django_db
D = dt.date


def _event(request, sequence=1, kind="submitted"):
    return RequestEvent.objects.create(request=request, kind=kind, date=D(2026, 11, 2), sequence=sequence)


def _communication(request):
    return Communication.objects.create(request=request, direction="out", date=D(2026, 11, 2), subject="Letter")


def _production(request):
    return Production.objects.create(request=request, date=D(2026, 11, 20))


def _document(request):
    return Document.objects.create(production=_production(request), original_name="a.pdf", sha256="0" * 64, size=1)


def _case(request):
    return Case.objects.create(organization=request.organization, sharing=request.sharing, caption="X v. DHS")


# model -> a function building one instance under a FOIA request (the root of every child chain so far).
BUILDERS = {
    TrackingNumber: lambda r: TrackingNumber.objects.create(
        request=r, number="2026-ICFO-00001", agency=agency(), assigned_on=D(2026, 11, 3)
    ),
    RequestEvent: _event,
    Communication: _communication,
    Attachment: lambda r: Attachment.objects.create(
        communication=_communication(r), file="foia/x/y", filename="y.pdf", content_type="application/pdf", size=1
    ),
    Appeal: lambda r: Appeal.objects.create(
        request=r, filed_event=_event(r, 2, "appeal_filed"), filed_on=D(2026, 12, 1)
    ),
    # Released documents: production -> request, document -> production, page -> document.
    Production: _production,
    Document: _document,
    DocumentPage: lambda r: DocumentPage.objects.create(document=_document(r), number=1, text="Page one"),
    # Litigation's children hang under a case, owned and shared like the request the test builds.
    Party: lambda r: Party.objects.create(case=_case(r), side="plaintiff", name="Mijente"),
    Counsel: lambda r: Counsel.objects.create(case=_case(r), name="A. Lawyer", role="lead"),
    DocketEntry: lambda r: DocketEntry.objects.create(
        case=_case(r), number=1, filed_on=D(2026, 11, 2), kind="motion", description="MOTION"
    ),
    StatusReportSchedule: lambda r: StatusReportSchedule.objects.create(
        case=_case(r), every_days=60, starts_on=D(2026, 9, 1)
    ),
    ProductionSchedule: lambda r: ProductionSchedule.objects.create(
        case=_case(r), pages_per_period=500, first_due=D(2026, 12, 1)
    ),
    VaughnEntry: lambda r: VaughnEntry.objects.create(case=_case(r), number=1, description="Email", exemptions=["b6"]),
    CaseNote: lambda r: CaseNote.objects.create(case=_case(r), body="Ordinary note"),
    Stay: lambda r: Stay.objects.create(case=_case(r), granted_on=D(2026, 11, 20), status_before="filed"),
}


def test_every_child_model_has_a_builder_here():
    children = access.access_children()
    assert {TrackingNumber, RequestEvent, Communication, Attachment, Appeal} <= set(children)
    missing = [m._meta.label for m in children if m not in BUILDERS]
    assert not missing, f"add a builder for {missing} to BUILDERS so its access is tested"


def _root_of(obj):
    return access.access_chain(obj)[-1]


@pytest.mark.parametrize("model", access.access_children(), ids=lambda m: m._meta.label)
@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADMIN])
def test_a_child_is_seen_exactly_when_its_owner_is(world, model, role):
    request = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION)
    child = BUILDERS[model](request)
    own, partner, outsider = member(world.ours, role), member(world.partner, role), member(world.outsider, role)

    def seen(user) -> tuple[bool, bool]:
        access.access_reset(user)
        fresh = model.objects.get(pk=child.pk)  # the object check reads the parents from the database too
        return access.can_view(user, fresh), access.restrict_visible(model.objects.all(), user).filter(
            pk=child.pk
        ).exists()

    assert seen(own) == (True, True)
    assert seen(partner) == (True, True)
    assert seen(outsider) == (False, False)
    assert access.can_edit(own, child) is (role != Role.VIEWER) and not access.can_edit(partner, child)
    root = _root_of(child)
    type(root).objects.filter(pk=root.pk).update(sharing=Sharing.ORGANIZATION)
    assert seen(own) == (True, True)
    assert seen(partner) == (False, False)


@pytest.mark.parametrize("model", access.access_children(), ids=lambda m: m._meta.label)
def test_every_privileged_link_of_a_childs_chain_hides_it_from_partners(world, model):
    """For each `privileged` field on the way from the child to its owner (none yet for FOIA children; litigation's
    notes and docket entries under a privileged case will have one), setting it hides the child from partners in both
    the queryset rule and the object check, and only from partners."""
    request = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION)
    child = BUILDERS[model](request)
    # An attorney: work product reserved to some roles (CaseNote.privileged_roles) is theirs to see.
    own, partner = member(world.ours, Role.ATTORNEY), member(world.partner)
    for lookup in access.access_path(model).privileged:
        path = lookup.removesuffix("privileged").removesuffix("__")
        link = child
        for name in filter(None, path.split("__")):
            link = getattr(link, name)
        type(link).objects.filter(pk=link.pk).update(privileged=True)
        fresh = model.objects.get(pk=child.pk)
        assert not access.can_view(partner, fresh)
        assert not access.restrict_visible(model.objects.all(), partner).filter(pk=child.pk).exists()
        assert access.can_view(own, fresh) and access.restrict_visible(model.objects.all(), own).filter(pk=child.pk)
        type(link).objects.filter(pk=link.pk).update(privileged=False)


@pytest.fixture
def mute_is_a_child_of_its_deadline(monkeypatch):
    """Make a reminder model a declared child of a privileged-capable parent, to exercise the mechanism itself."""
    monkeypatch.setattr(DeadlineMute, "access_parent", "deadline", raising=False)
    access.access_path.cache_clear()
    yield
    access.access_path.cache_clear()


def test_a_child_of_a_privileged_parent_is_privileged_in_the_query_and_the_object_check(
    world, mute_is_a_child_of_its_deadline
):
    shared = owned_object(world.ours, sharing=Sharing.COALITION)
    privileged = owned_object(world.ours, sharing=Sharing.COALITION, privileged=True)
    someone = get_user_model().objects.create(username="muter")
    mutes = {d: DeadlineMute.objects.create(user=someone, deadline=d) for d in (shared, privileged)}
    partner, own = member(world.partner), member(world.ours)
    assert access.access_path(DeadlineMute) == access.AccessPath("deadline__", True, ("deadline__privileged",))
    assert list(access.restrict_visible(DeadlineMute.objects.all(), partner)) == [mutes[shared]]
    assert access.can_view(partner, mutes[shared]) and not access.can_view(partner, mutes[privileged])
    assert set(access.restrict_visible(DeadlineMute.objects.all(), own)) == set(mutes.values())
    assert access.can_view(own, mutes[privileged])


def test_restrict_visible_with_a_prefix_applies_the_privilege_of_the_object_at_the_prefix(world):
    """A row reached through a prefix (a notification -> its deadline) is filtered by that object's whole rule,
    `privileged` included (it used to check organisation and sharing only, so a partner got privileged rows)."""
    partner = member(world.partner)
    shared = owned_object(world.ours, sharing=Sharing.COALITION)
    privileged = owned_object(world.ours, sharing=Sharing.COALITION, privileged=True)
    notes = {d: Notification.objects.create(recipient=partner, deadline=d, title="Due") for d in (shared, privileged)}
    visible = access.restrict_visible(Notification.objects.all(), partner, prefix="deadline__")
    assert list(visible) == [notes[shared]]


def test_a_deadline_of_privileged_work_is_privileged_whatever_the_caller_says(world):
    """deadline_sync / deadline_set_manual copy the subject's privilege: a child of privileged work is privileged."""
    subject = subject_for(world.ours, sharing=Sharing.COALITION)
    subject.privileged = True  # a privileged case, standing in until litigation's cases exist
    derived = deadline_services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="answer",
        title="Answer",
        rule="foia-initial-response",
        trigger=D(2026, 11, 20),
        agency=agency(),
        privileged=False,
    )
    manual = deadline_services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="order",
        title="Status report",
        due_date=D(2027, 1, 4),
        citation="Order",
        privileged=False,
    )
    partner = member(world.partner)
    for deadline in (derived, manual):
        assert Deadline.objects.get(pk=deadline.pk).privileged
        assert not access.can_view(partner, deadline)
    assert not access.restrict_visible(Deadline.objects.all(), partner).exists()
    assert ContentType.objects.get_for_model(subject).model == "organization"
