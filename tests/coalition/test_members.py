"""The organisation members page: admins add, invite, re-role and remove members; the last admin stays."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from coalition.models import Membership, Role
from tests.factories import OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def org():
    return OrganizationFactory(name="Legal Aid Org", slug="legal-aid")


@pytest.fixture
def admin(org):
    return member(org, Role.ADMIN, username="boss", first_name="Bea", last_name="Boss")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def url(org, *parts):
    return "/".join([f"/organizations/{org.slug}/members", *map(str, parts)]) + "/"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_admin_sees_the_members_with_roles_and_status(admin_client, org, admin):
    viewer = member(org, Role.VIEWER, username="vic")
    pending = member(org, Role.STAFF, username="pending@example.org")
    pending.set_unusable_password()
    pending.save()
    response = admin_client.get(url(org))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "coalition/membership_list.html"
    text = response.text
    assert "Members of Legal Aid Org" in text
    for m in Membership.objects.filter(organization=org):
        assert f'id="member-{m.pk}"' in text
    assert "Invitation pending" in text and "Resend invitation" in text
    assert (
        '<option value="viewer" selected>Viewer</option>' in text.split(f'id="member-{viewer.memberships.get().pk}"')[1]
    )
    assert "/history/coalition/organization/" in text


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.STAFF, Role.VIEWER])
def test_non_admin_members_get_403_on_every_members_url(client, org, admin, role):
    client.force_login(member(org, role))
    target = admin.memberships.get()
    assert client.get(url(org)).status_code == 403
    assert client.post(url(org), {"identifier": "x@example.org", "role": "admin"}).status_code == 403
    for action in ("role", "remove", "invite"):
        assert client.post(url(org, target.pk, action), {"role": "viewer"}).status_code == 403
    assert not User.objects.filter(username="x@example.org").exists()
    assert Membership.objects.get(pk=target.pk).role == Role.ADMIN


@pytest.mark.parametrize("role", list(Role))
def test_other_organisations_members_pages_are_404_for_every_role(client, org, admin, role):
    other = OrganizationFactory()
    client.force_login(member(other, role))
    target = admin.memberships.get()
    assert client.get(url(org)).status_code == 404
    assert client.get("/organizations/no-such-org/members/").status_code == 404
    for action in ("role", "remove", "invite"):
        assert client.post(url(org, target.pk, action), {"role": "viewer"}).status_code == 404
    assert Membership.objects.filter(pk=target.pk, role=Role.ADMIN).exists()


def test_membership_of_another_organisation_is_404_even_through_ones_own_page(admin_client, org):
    foreign = Membership.objects.create(user=UserFactory(), organization=OrganizationFactory(), role=Role.STAFF)
    for action in ("role", "remove", "invite"):
        assert admin_client.post(url(org, foreign.pk, action), {"role": "admin"}).status_code == 404
    assert Membership.objects.get(pk=foreign.pk).role == Role.STAFF


def test_anonymous_visitors_are_sent_to_login(client, org):
    response = client.get(url(org))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_add_an_existing_user_by_username_or_email(admin_client, org):
    UserFactory(username="carla", email="Carla@Example.org")
    UserFactory(username="dan", email="dan@example.org")
    response = admin_client.post(url(org), {"identifier": " carla ", "role": "attorney"}, follow=True)
    assert "Added carla as Attorney." in messages_of(response)
    response = admin_client.post(url(org), {"identifier": "DAN@example.org", "role": "viewer"}, follow=True)
    assert "Added dan as Viewer." in messages_of(response)
    roles = dict(Membership.objects.filter(organization=org).values_list("user__username", "role"))
    assert roles == {"boss": "admin", "carla": "attorney", "dan": "viewer"}
    assert mail.outbox == []  # existing accounts need no invitation


@pytest.mark.parametrize(
    ("identifier", "error"),
    [
        ("boss", "boss is already a member of Legal Aid Org."),
        ("nobody", "No account has the username &#x27;nobody&#x27;. To invite someone new, enter their email"),
        ("not-an-email@", "Enter a valid email address."),
        ("", "This field is required."),
    ],
)
def test_bad_additions_show_an_inline_error_and_change_nothing(admin_client, org, identifier, error):
    before = (User.objects.count(), Membership.objects.count())
    response = admin_client.post(url(org), {"identifier": identifier, "role": "staff"})
    assert response.status_code == 400
    assert error in response.text
    assert re.search(r'class="field( field-wide)? has-error"', response.text)  # wide: a long text field
    assert (User.objects.count(), Membership.objects.count()) == before


def test_an_ambiguous_email_asks_for_the_username(admin_client, org):
    UserFactory(username="a1", email="shared@example.org")
    UserFactory(username="a2", email="shared@example.org")
    response = admin_client.post(url(org), {"identifier": "shared@example.org", "role": "staff"})
    assert "Several accounts use that email address" in response.text
    assert not Membership.objects.filter(organization=org, user__email="shared@example.org").exists()


def test_an_invalid_role_is_rejected(admin_client, org):
    UserFactory(username="carla")
    response = admin_client.post(url(org), {"identifier": "carla", "role": "owner"})
    assert response.status_code == 400 and "Select a valid choice" in response.text
    assert not Membership.objects.filter(user__username="carla").exists()


def test_inviting_a_new_email_creates_an_account_and_emails_a_set_password_link(
    admin_client, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url(org), {"identifier": "New.Person@Example.org", "role": "staff"}, follow=True)
    assert "Invited New.Person@example.org as Staff." in messages_of(response)  # Django lower-cases the domain
    invited = User.objects.get(email="New.Person@example.org")
    assert invited.username == "new.person@example.org"
    assert invited.is_active and not invited.has_usable_password()
    assert Membership.objects.get(user=invited, organization=org).role == Role.STAFF

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["New.Person@example.org"]
    assert message.subject == "Bea Boss invited you to Legal Aid Org on FOIA Tracker"
    assert "Your username is: new.person@example.org" in message.body
    html = message.alternatives[0][0]
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/\S+/)", message.body).group(1)
    assert link in html

    client = admin_client
    client.logout()
    page = client.get(link, follow=True)
    assert "Welcome — choose your password" in page.text
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "invited-and-welcome-42", "new_password2": "invited-and-welcome-42"},
        follow=True,
    )
    assert "Password set" in done.text
    assert client.login(username="new.person@example.org", password="invited-and-welcome-42")


def test_invitations_can_be_resent_only_to_people_who_never_set_a_password(admin_client, org, admin):
    pending = member(org, Role.VIEWER, username="p@example.org", email="p@example.org")
    pending.set_unusable_password()
    pending.save()
    response = admin_client.post(url(org, pending.memberships.get().pk, "invite"), follow=True)
    assert "Sent a new invitation to p@example.org." in messages_of(response)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["p@example.org"]

    response = admin_client.post(url(org, admin.memberships.get().pk, "invite"), follow=True)
    assert "boss has already set a password." in messages_of(response)
    assert len(mail.outbox) == 1


def test_change_a_role(admin_client, org):
    target = member(org, Role.VIEWER, username="vic").memberships.get()
    response = admin_client.post(url(org, target.pk, "role"), {"role": "attorney"}, follow=True)
    assert "vic is now Attorney." in messages_of(response)
    target.refresh_from_db()
    assert target.role == Role.ATTORNEY
    assert target.history.latest().history_user.username == "boss"


def test_role_change_rejects_unknown_roles(admin_client, org):
    target = member(org, Role.VIEWER).memberships.get()
    response = admin_client.post(url(org, target.pk, "role"), {"role": "owner"}, follow=True)
    assert "Choose one of the listed roles." in messages_of(response)
    assert Membership.objects.get(pk=target.pk).role == Role.VIEWER


def test_the_last_admin_can_be_neither_demoted_nor_removed(admin_client, org, admin):
    own = admin.memberships.get()
    response = admin_client.post(url(org, own.pk, "role"), {"role": "staff"}, follow=True)
    assert messages_of(response) == [
        "Cannot change the role of boss: they are the last admin of Legal Aid Org. Make another member an admin first."
    ]
    response = admin_client.post(url(org, own.pk, "remove"), follow=True)
    assert "Cannot remove boss: they are the last admin of Legal Aid Org." in messages_of(response)[0]
    assert Membership.objects.get(pk=own.pk).role == Role.ADMIN


def test_a_deactivated_admin_does_not_count_as_another_admin(admin_client, org, admin):
    ghost = member(org, Role.ADMIN, username="ghost")
    ghost.is_active = False
    ghost.save()
    admin_client.post(url(org, admin.memberships.get().pk, "role"), {"role": "staff"})
    assert admin.memberships.get().role == Role.ADMIN


def test_remove_a_member(admin_client, org):
    target = member(org, Role.STAFF, username="sam")
    response = admin_client.post(url(org, target.memberships.get().pk, "remove"), follow=True)
    assert "Removed sam from Legal Aid Org." in messages_of(response)
    assert not Membership.objects.filter(user=target).exists()
    assert User.objects.filter(pk=target.pk).exists()  # the account stays; only the membership goes
    admin_client.force_login(target)
    assert admin_client.get(url(org)).status_code == 404  # no longer a member: the organisation is out of sight


def test_an_admin_who_steps_down_lands_on_the_dashboard(admin_client, org, admin):
    member(org, Role.ADMIN, username="second")
    response = admin_client.post(url(org, admin.memberships.get().pk, "role"), {"role": "attorney"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert admin_client.get(url(org)).status_code == 403


def test_members_link_shows_for_admins_only(client, org, admin):
    client.force_login(admin)
    assert f'href="/organizations/{org.slug}/members/"' in client.get("/").text
    client.force_login(member(org, Role.ATTORNEY))
    assert "/members/" not in client.get("/").text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(monkeypatch):
    """The organisation row lock serialises the two changes; without it both would pass the check."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from django.core.exceptions import ValidationError
    from django.db import connection

    from coalition import services

    original = services._ensure_another_admin

    def slow_check(*args, **kwargs):
        original(*args, **kwargs)
        time.sleep(0.5)  # hold the window open: the other request must wait for the lock, not race past the check

    monkeypatch.setattr(services, "_ensure_another_admin", slow_check)
    org = OrganizationFactory()
    first, second = member(org, Role.ADMIN), member(org, Role.ADMIN)
    barrier = threading.Barrier(2)

    def demote(target, actor):
        barrier.wait()
        try:
            services.membership_role_change(membership=target.memberships.get(), role=Role.STAFF, actor=actor)
            return "demoted"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(demote, [first, second], [second, first]))
    assert results == ["demoted", "refused"]
    assert Membership.objects.filter(organization=org, role=Role.ADMIN).count() == 1


def _pending(org, username="p@example.org"):
    user = member(org, Role.VIEWER, username=username, email=username)
    user.set_unusable_password()
    user.save()
    return user.memberships.get()


def test_the_invitation_task_skips_people_who_already_chose_a_password_or_left(org, admin):
    from coalition.tasks import invitation_send_task

    pending = _pending(org)
    invitation_send_task.delay(pending.pk, admin.pk)
    assert len(mail.outbox) == 1
    pending.user.set_password("chosen-already-123")
    pending.user.save()
    invitation_send_task.delay(pending.pk, admin.pk)
    invitation_send_task.delay(999999, admin.pk)
    assert len(mail.outbox) == 1


def test_the_invitation_task_retries_when_the_mail_server_fails(org, admin, monkeypatch):
    from coalition import services
    from coalition.tasks import invitation_send_task

    pending = _pending(org)
    real_send, failures = services.email_send, []

    def flaky_send(**kwargs):
        if len(failures) < 2:
            failures.append(1)
            raise ConnectionRefusedError("mail server down")
        real_send(**kwargs)

    monkeypatch.setattr(services, "email_send", flaky_send)
    # In-process, retries included (Celery re-runs an eager task's retries only when errors do not propagate).
    monkeypatch.setitem(invitation_send_task.app.conf, "task_eager_propagates", False)
    result = invitation_send_task.apply(args=(pending.pk, admin.pk))
    assert result.successful()
    assert len(failures) == 2 and len(mail.outbox) == 1


def test_resending_reports_a_mail_server_failure_instead_of_crashing(admin_client, org, monkeypatch):
    from coalition import services

    def down(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "email_send", down)
    response = admin_client.post(url(org, _pending(org).pk, "invite"), follow=True)
    assert messages_of(response) == [
        "The mail server did not accept the invitation. Nothing was sent; try again later."
    ]
