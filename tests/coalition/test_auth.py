"""Login, logout, password change and reset through our templates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from coalition.models import Role
from tests.factories import PASSWORD, OrganizationFactory, member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-much-longer-passphrase-77"


@pytest.fixture
def user():
    return member(OrganizationFactory(name="Legal Aid Org"), Role.ATTORNEY, username="ana", email="ana@example.org")


def test_pages_need_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_login_with_our_template_then_dashboard(client, user):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "registration/login.html"
    assert 'name="username"' in page.text and "Forgot your password?" in page.text

    response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD, "next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Working in <strong>Legal Aid Org</strong>" in response.text
    assert client.get("/accounts/login/").status_code == 302  # already logged in: straight to the app


def test_login_rejects_a_wrong_password_with_an_inline_error(client, user):
    response = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_logging_out_is_confirmed_on_the_login_page(client, user):
    client.force_login(user)
    page = client.post("/accounts/logout/", follow=True)
    assert page.redirect_chain == [("/accounts/login/", 302)]
    assert "You have been logged out." in page.text


def test_the_header_links_the_admin_for_staff_only(client, user):
    client.force_login(user)
    assert 'href="/admin/"' not in client.get("/").text
    user.is_staff = True
    user.save()
    assert 'href="/admin/">Admin</a>' in client.get("/").text


def test_pages_carry_a_favicon_served_by_the_site(client, user):
    from django.contrib.staticfiles import finders

    client.force_login(user)
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text
    assert finders.find("favicon.svg")


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/deadlines/", "Deadlines"),
        ("/deadlines/upcoming/", "Upcoming"),
        ("/deadlines/notifications/", None),
        ("/deadlines/reminders/settings/", None),
    ],
)
def test_the_main_nav_marks_the_section_of_the_page(client, user, path, current):
    client.force_login(user)
    nav = client.get(path).text.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    marked = re.findall(r'aria-current="page">([^<]+)</a>', nav)
    assert marked == ([current] if current else [])


def test_password_change_validates_then_changes(client, user):
    client.force_login(user)
    page = client.get("/accounts/password_change/")
    assert page.status_code == 200 and "Change your password" in page.text

    wrong = client.post(
        "/accounts/password_change/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert 'class="error"' in wrong.text and "Your old password was entered incorrectly" in wrong.text

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/password_change/done/", 302)]
    assert "Password changed" in response.text
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def _reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_emails_a_link_that_sets_a_new_password_once(client, user):
    page = client.get("/accounts/password_reset/")
    assert page.status_code == 200 and "Reset your password" in page.text

    response = client.post("/accounts/password_reset/", {"email": "ana@example.org"}, follow=True)
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert "Check your email" in response.text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Reset your FOIA Tracker password"
    assert '"ana"' in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>ana</strong>" in html
    link = _reset_link(message)
    assert link in html

    confirm = client.get(link, follow=True)  # Django swaps the token for a session-held one
    assert confirm.redirect_chain[-1][0].endswith("/set-password/")
    assert "Choose a new password" in confirm.text
    set_url = confirm.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "different-passphrase-88"})
    assert mismatch.status_code == 200 and "password fields didn" in mismatch.text

    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain == [("/accounts/reset/done/", 302)]
    assert "Password set" in done.text
    assert client.login(username="ana", password=NEW_PASSWORD)
    client.logout()

    reused = client.get(link, follow=True)
    assert "This link no longer works" in reused.text


def test_password_reset_does_not_reveal_whether_an_email_has_an_account(client, user):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True)
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert mail.outbox == []


def test_password_reset_ignores_inactive_accounts(client, user):
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    assert mail.outbox == []
