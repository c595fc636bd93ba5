import io

import pytest

from coalition import demo as coalition_demo
from coalition.models import Organization
from reminders import demo
from reminders.models import EmailMode, ReminderPolicy, ReminderPreference, ReminderSchedule, Watch

from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_schedules_open_deadlines():
    coalition_demo.load(stdout=io.StringIO())
    org = Organization.objects.get(slug="idp-demo")
    d = DeadlineFactory(organization=org)
    for _ in range(2):
        demo.load(stdout=io.StringIO())
    assert ReminderPolicy.objects.count() == 2
    assert ReminderPreference.objects.get(user__username="idp-attorney").email_mode == EmailMode.DIGEST
    assert Watch.objects.filter(user__username="idp-viewer", subject_id=d.pk).count() == 1
    assert ReminderSchedule.objects.filter(deadline=d).count() == 1
