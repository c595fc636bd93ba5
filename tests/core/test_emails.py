"""Templated email: subject and text body are plain text, the HTML alternative is escaped."""

from unittest import mock

import pytest
from django.core import mail

from coalition import forms as coalition_forms
from coalition.models import Role
from coalition.services import invitation_send
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db
NAME = "Smith & O'Brien <b>Legal</b>"


def test_an_invitation_subject_and_text_are_not_html_escaped():
    org = OrganizationFactory(name=NAME)
    inviter = member(org, Role.ADMIN, username="boss", first_name="Dana", last_name="O'Hara")
    invitee = member(org, Role.VIEWER, username="p@example.org", email="p@example.org")
    invitee.set_unusable_password()
    invitee.save()
    invitation_send(membership=invitee.memberships.get(), inviter=inviter)
    (message,) = mail.outbox
    assert message.subject == f"Dana O'Hara invited you to {NAME} on FOIA Tracker"
    assert f"Dana O'Hara added you to {NAME} on FOIA Tracker" in message.body
    html = message.alternatives[0][0]
    assert "Smith &amp; O&#x27;Brien &lt;b&gt;Legal&lt;/b&gt;" in html and NAME not in html


def test_password_reset_emails_go_through_email_send(client):
    org = OrganizationFactory()
    member(org, Role.STAFF, username="ana", email="ana@example.org", first_name="Seán", last_name="O'Neil & <b>co</b>")
    with mock.patch.object(coalition_forms, "email_send", wraps=coalition_forms.email_send) as sent:
        client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    assert sent.call_args.kwargs["template"] == "registration/password_reset_email"
    (message,) = mail.outbox
    assert message.subject == "Reset your FOIA Tracker password"
    assert message.body.startswith("Hello Seán O'Neil & <b>co</b>,")
    assert "O&#x27;Neil &amp; &lt;b&gt;co&lt;/b&gt;" in message.alternatives[0][0]
