"""User-facing reminder settings: watches, mutes, email preferences, organisation policy, feed tokens, the inbox."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from coalition.access import can_administer, can_view, user_access
from coalition.models import Organization
from core.versioning import version_check
from deadlines.models import Deadline

from ..access import is_followable
from ..models import (
    DeadlineMute,
    FeedScope,
    FeedToken,
    Notification,
    ReminderPolicy,
    ReminderPreference,
    Watch,
    new_feed_token,
)
from .schedule import reminder_schedule_refresh_for_organization

POLICY_FIELDS = ReminderPolicy.EDITABLE_FIELDS


def watch_set(*, user, subject: Model, watching: bool) -> Watch | None:
    """Follow (or stop following) a followable object the user may see; its deadlines' reminders then reach them."""
    if not is_followable(subject) or not can_view(user, subject):
        raise PermissionDenied("You cannot follow this.")
    subject_type = ContentType.objects.get_for_model(subject)
    if not watching:
        Watch.objects.filter(user=user, subject_type=subject_type, subject_id=subject.pk).delete()
        return None
    watch, _ = Watch.objects.get_or_create(user=user, subject_type=subject_type, subject_id=subject.pk)
    return watch


def deadline_mute_set(*, user, deadline: Deadline, muted: bool) -> DeadlineMute | None:
    """Stop (or resume) this user's reminders of one deadline; reminders already claimed are dropped at send time."""
    if not can_view(user, deadline):
        raise PermissionDenied("You cannot see this deadline.")
    if not muted:
        DeadlineMute.objects.filter(user=user, deadline=deadline).delete()
        return None
    mute, _ = DeadlineMute.objects.get_or_create(user=user, deadline=deadline)
    return mute


@transaction.atomic
def reminder_preference_update(
    *, user, email_mode: str, digest_hour: int, version: int | None = None
) -> ReminderPreference:
    """`version`: the one the settings form was read at (another tab's save since is refused: core.versioning)."""
    pref, _ = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    version_check(instance=pref, version=version, values={"email_mode": email_mode, "digest_hour": digest_hour})
    pref.email_mode, pref.digest_hour = email_mode, digest_hour
    pref.full_clean(exclude=["user"])
    pref.save()
    return pref


@transaction.atomic
def reminder_policy_update(*, user, organization: Organization, version: int | None = None, **values) -> ReminderPolicy:
    """Change an organisation's reminder policy (its admins only), then reschedule its open deadlines. `version`:
    the one the person's form was read at; a policy saved by someone else since is refused (core.versioning)."""
    if not can_administer(user, organization):
        raise PermissionDenied("Only the organisation's admins change its reminder policy.")
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown policy fields: {', '.join(sorted(unknown))}")
    policy = ReminderPolicy.objects.select_for_update().filter(organization=organization).first()
    policy = policy or ReminderPolicy(organization=organization)
    if policy.pk is not None:
        version_check(instance=policy, version=version, values=values)
    for name, value in values.items():
        if name.endswith("_days_before") and isinstance(value, list):
            value = sorted(set(value), reverse=True) if all(isinstance(v, int) for v in value) else value
        setattr(policy, name, value)
    policy.full_clean(exclude=["organization"])
    policy.save()
    reminder_schedule_refresh_for_organization(organization=organization)
    return policy


def feed_token_for(*, user, scope: str, organization: Organization | None = None) -> FeedToken:
    """The user's feed token for their own deadlines or for one of their organisations (created on first use)."""
    if scope == FeedScope.ORGANIZATION:
        if organization is None or organization.pk not in user_access(user).org_ids:
            raise PermissionDenied("You are not a member of this organisation.")
    else:
        organization = None
    token, _ = FeedToken.objects.get_or_create(user=user, scope=scope, organization=organization)
    return token


def feed_token_rotate(*, user, feed: FeedToken) -> FeedToken:
    """Replace the secret: the old URL answers 404 from now on."""
    if feed.user_id != user.pk:
        raise PermissionDenied("Not your feed.")
    if feed.scope == FeedScope.ORGANIZATION and feed.organization_id not in user_access(user).org_ids:
        raise PermissionDenied("You are no longer a member of this organisation.")
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    return feed


def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied("Not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
