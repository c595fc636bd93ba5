"""Each deadline says whose it is (`forum`: an agency's or a court's); the apps above read it instead of guessing from
the subject's app."""

import datetime as dt

import pytest

from deadlines import services
from deadlines.models import DeadlineForum
from directory.models import Agency
from tests.deadlines.factories import subject_for
from tests.factories import editor

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_derived_deadline_takes_its_rules_forum_whatever_its_subject():
    subject = subject_for()  # not a litigation object, and no court named
    foia = services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="initial-response",
        title="Initial response",
        rule="foia-initial-response",
        trigger=D(2026, 11, 20),
        agency=Agency.objects.get(slug="ice"),
    )
    court = services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="opposition",
        title="Opposition",
        rule="ddc-opposition",
        trigger=D(2026, 11, 20),
    )
    assert (foia.forum, court.forum) == (DeadlineForum.AGENCY, DeadlineForum.COURT)
    assert court.court_id is None


def test_a_manual_deadline_is_an_agencys_unless_its_caller_names_the_court_and_keeps_its_forum():
    subject = subject_for()
    manual = services.deadline_set_manual(
        actor=editor(subject), subject=subject, key="jsr", title="JSR", due_date=D(2026, 12, 21), citation="x"
    )
    assert manual.forum == DeadlineForum.AGENCY
    ordered = services.deadline_set_manual(
        actor=editor(subject),
        subject=subject,
        key="vaughn",
        title="Vaughn",
        due_date=D(2026, 12, 21),
        citation="Order",
        forum="court",
    )
    assert ordered.forum == DeadlineForum.COURT
    again = services.deadline_set_manual(
        actor=editor(subject), subject=subject, key="vaughn", title="Vaughn", due_date=D(2027, 1, 4), citation="Order"
    )
    assert again.pk == ordered.pk and again.forum == DeadlineForum.COURT


def test_a_court_rule_replaced_by_a_manual_date_stays_a_court_deadline():
    subject = subject_for()
    services.deadline_sync(
        actor=editor(subject), subject=subject, key="reply", title="Reply", rule="ddc-reply", trigger=D(2026, 11, 20)
    )
    manual = services.deadline_set_manual(
        actor=editor(subject), subject=subject, key="reply", title="Reply", due_date=D(2027, 1, 4), citation="MO"
    )
    assert manual.forum == DeadlineForum.COURT
