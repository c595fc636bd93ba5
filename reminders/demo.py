"""Demo reminder settings: default policies, one digest reader and one follower per organisation, schedules for every
open deadline (so `make run`'s worker and beat deliver reminders into var/mail/ and the in-app inbox)."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from coalition.models import Organization
from deadlines.models import Deadline, DeadlineStatus

from .models import EmailMode, ReminderPolicy, ReminderPreference, Watch
from .services import reminder_schedule_refresh

DEMO_ORGS = {"idp-demo": "idp", "sac-demo": "sac"}


def load(*, stdout) -> None:
    User = get_user_model()
    deadline_ct = ContentType.objects.get_for_model(Deadline)
    for slug, prefix in DEMO_ORGS.items():
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            continue
        ReminderPolicy.objects.get_or_create(organization=org)
        attorney = User.objects.filter(username=f"{prefix}-attorney").first()
        if attorney:  # attorneys get one digest a day instead of an email per reminder
            ReminderPreference.objects.get_or_create(
                user=attorney, defaults={"email_mode": EmailMode.DIGEST, "digest_hour": 8}
            )
        viewer = User.objects.filter(username=f"{prefix}-viewer").first()
        first = Deadline.objects.filter(organization=org, status=DeadlineStatus.OPEN).order_by("pk").first()
        if viewer and first:
            Watch.objects.get_or_create(user=viewer, subject_type=deadline_ct, subject_id=first.pk)
    open_ids = list(Deadline.objects.filter(status=DeadlineStatus.OPEN).values_list("pk", flat=True))
    scheduled = reminder_schedule_refresh(deadline_ids=open_ids)
    stdout.write(f"Reminders: {scheduled} open deadlines scheduled (beat sweeps every minute; mail in var/mail/).")
