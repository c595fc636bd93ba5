"""Writes about organisations and memberships.

Every membership change first locks its organisation's row, so two admins acting at once cannot, say, each demote the
other and leave the organisation with no admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.emails import email_send
from core.versioning import version_check

from .access import can_administer
from .models import Membership, Organization, Role


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    invited: bool  # a new account was created and an invitation emailed


def membership_add(*, organization: Organization, identifier: str, role: str, actor) -> MemberAdded:
    """Add an existing user (by username or email) to `organization`, or invite a new one by email.

    An invited person gets an account with no usable password and, once the transaction commits, an email (sent by a
    worker) with a link to choose one: Django's password-reset token, valid for PASSWORD_RESET_TIMEOUT. Raises
    ValidationError, changing nothing, when the input cannot be used.
    """
    _require_admin(actor, organization.pk)
    identifier = identifier.strip()
    _validate_role(role)
    with transaction.atomic():
        _lock(organization)
        user = _user_find(identifier)
        invited = user is None
        if invited:
            user = _user_create_invited(identifier)
        elif not user.is_active:
            raise ValidationError(f"The account {user.get_username()} is deactivated.", code="inactive")
        elif Membership.objects.filter(user=user, organization=organization).exists():
            raise ValidationError(f"{user.get_username()} is already a member of {organization}.", code="duplicate")
        membership = Membership(user=user, organization=organization, role=role)
        membership._history_user = actor
        membership.save()
    if invited:
        from .tasks import invitation_send_task  # the task module imports this one

        invitation_send_task.delay_on_commit(membership.pk, actor.pk)
    return MemberAdded(membership=membership, invited=invited)


def membership_role_change(*, membership: Membership, role: str, actor, version: int | None = None) -> Membership:
    """`version`: the one the members page showed; a role changed by another admin since is refused
    (`core.versioning.StaleVersion`)."""
    _require_admin(actor, membership.organization_id)
    _validate_role(role)
    with transaction.atomic():
        _lock(membership.organization)
        membership = Membership.objects.select_related("user", "organization").get(pk=membership.pk)
        version_check(instance=membership, version=version, values={"role": role})
        if membership.role == role:
            return membership
        if membership.role == Role.ADMIN:
            _ensure_another_admin(membership, action="change the role of")
        membership.role = role
        membership._history_user = actor
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership, actor) -> None:
    _require_admin(actor, membership.organization_id)
    with transaction.atomic():
        _lock(membership.organization)
        membership = Membership.objects.select_related("user", "organization").get(pk=membership.pk)
        if membership.role == Role.ADMIN:
            _ensure_another_admin(membership, action="remove")
        membership._history_user = actor
        membership.delete()


def invitation_send(*, membership: Membership, inviter) -> None:
    """Email the member a link to choose their password. Only for accounts that have never had one; only an admin of
    the member's organisation sends it (checked here, not only by the view)."""
    _require_admin(inviter, membership.organization_id)
    user = membership.user
    if user.has_usable_password():
        raise ValidationError(f"{user.get_username()} has already set a password.", code="not-invited")
    if not user.email:
        raise ValidationError(f"{user.get_username()} has no email address to send an invitation to.", code="no-email")
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    email_send(
        template="coalition/emails/invitation",
        context={
            "organization": membership.organization,
            "role": membership.get_role_display(),
            "inviter": inviter.get_full_name() or inviter.get_username(),
            "username": user.get_username(),
            "link": link,
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        to=[user.email],
    )


def _require_admin(actor, organization_id: int) -> None:
    """Checked by each service, not only by the members page: only the organisation's admins manage its members."""
    if not can_administer(actor, organization_id):
        raise PermissionDenied("Only the organisation's admins manage its members.")


def _validate_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.", code="role")


def _lock(organization: Organization) -> None:
    Organization.objects.select_for_update().only("pk").get(pk=organization.pk)


def _ensure_another_admin(membership: Membership, *, action: str) -> None:
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Role.ADMIN, user__is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            f"Cannot {action} {membership.user.get_username()}: they are the last admin of {membership.organization}. "
            "Make another member an admin first.",
            code="last-admin",
        )


def _user_find(identifier: str):
    """The account whose username is `identifier`, else whose email is; None when an email matches no account."""
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: identifier}).first()
    if user is not None:
        return user
    if "@" not in identifier:
        raise ValidationError(
            f"No account has the username {identifier!r}. To invite someone new, enter their email address.",
            code="unknown",
        )
    by_email = list(User._default_manager.filter(email__iexact=identifier)[:2])
    if len(by_email) > 1:
        raise ValidationError("Several accounts use that email address; enter the username instead.", code="ambiguous")
    return by_email[0] if by_email else None


def _user_create_invited(email: str):
    validate_email(email)
    User = get_user_model()
    username = email.lower()
    if len(username) > User._meta.get_field(User.USERNAME_FIELD).max_length:
        raise ValidationError("That email address is too long to become a username.", code="long")
    try:
        with transaction.atomic():
            return User._default_manager.create_user(username=username, email=email)  # no usable password yet
    except IntegrityError:
        raise ValidationError(
            f"An account named {username} already exists; enter its username to add it.", code="exists"
        ) from None
