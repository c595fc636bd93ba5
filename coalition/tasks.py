"""Invitation emails go through a worker so a slow or failing mail server neither blocks nor breaks the request;
smtplib errors are OSErrors and are retried with backoff."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .models import Membership
from .services import invitation_send


@shared_task(
    name="coalition.tasks.invitation_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
    time_limit=60,
    soft_time_limit=50,
)
def invitation_send_task(membership_id: int, inviter_id: int) -> None:
    membership = Membership.objects.select_related("user", "organization").filter(pk=membership_id).first()
    if membership is None or membership.user.has_usable_password():
        return  # removed meanwhile, or the person already chose a password: nothing to invite to
    invitation_send(membership=membership, inviter=get_user_model()._default_manager.get(pk=inviter_id))
