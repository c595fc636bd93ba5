"""The layering moved models between apps without moving data: a database migrated with the old layout (agencies in
`foia`, courts in `litigation`, reminders inside `deadlines`) migrates forward keeping every row, its content types
(so permissions, admin history and generic relations still point at the right models) and each deadline's forum."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from deadlines.models import Deadline, DeadlineForum
from directory.models import Agency, Court
from reminders.models import ReminderPolicy, Watch

# The migrations main had before the move.
OLD_LAYOUT = [
    ("coalition", "0001_initial"),  # before objects carried a version
    ("foia", "0005_request_fee_limit_and_drafted_on_rules"),
    ("litigation", "0002_seed_courts"),
    ("deadlines", "0008_closure_clear_errors_unique"),
]
MOVED = {
    ("foia", "agency"): "directory",
    ("litigation", "court"): "directory",
    ("deadlines", "watch"): "reminders",
    ("deadlines", "reminderpolicy"): "reminders",
}


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.fixture
def old_layout(transactional_db):
    """The database at the old layout; back at the latest migrations afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    executor.migrate([*OLD_LAYOUT, ("directory", None), ("reminders", None)])
    ContentType.objects.clear_cache()
    yield executor.loader.project_state(OLD_LAYOUT).apps
    _migrate_to_latest()


def test_a_database_at_the_old_layout_migrates_forward_with_its_data(old_layout):
    old = old_layout
    old_ct = old.get_model("contenttypes", "ContentType")
    ct_ids = {key: old_ct.objects.get(app_label=key[0], model=key[1]).pk for key in MOVED}

    org = old.get_model("coalition", "Organization").objects.create(name="Old layout", slug="old-layout")
    org_ct = old_ct.objects.get(app_label="coalition", model="organization")
    agency_model, court_model = old.get_model("foia", "Agency"), old.get_model("litigation", "Court")
    # Transactional tests flush the tables, seeds included: make sure the rows exist.
    dhs, _ = agency_model.objects.get_or_create(slug="dhs", defaults={"name": "DHS", "abbreviation": "DHS"})
    agency = agency_model.objects.create(slug="old-agency", name="Old Agency", abbreviation="OA", parent=dhs)
    court, _ = court_model.objects.get_or_create(slug="dcd", defaults={"name": "D.D.C."})
    old_deadline = old.get_model("deadlines", "Deadline").objects
    common = {
        "organization_id": org.pk,
        "subject_type_id": org_ct.pk,
        "subject_id": org.pk,
        "due_date": dt.date(2027, 1, 4),
    }
    foia = old_deadline.create(key="foia", title="FOIA", rule="foia-initial-response", agency=agency, **common)
    opposition = old_deadline.create(key="opposition", title="Opposition", rule="ddc-opposition", **common)
    ordered = old_deadline.create(key="order", title="Order", kind="manual", court=court, **common)
    by_hand = old_deadline.create(key="by-hand", title="By hand", kind="manual", **common)
    old.get_model("deadlines", "ReminderPolicy").objects.create(organization_id=org.pk, send_hour=9)
    user = old.get_model("auth", "User").objects.create(username="watcher")
    deadline_ct = old_ct.objects.get(app_label="deadlines", model="deadline")
    old.get_model("deadlines", "Watch").objects.create(user=user, subject_type=deadline_ct, subject_id=foia.pk)

    _migrate_to_latest()

    moved = Agency.objects.get(slug="old-agency")
    assert moved.pk == agency.pk and moved.parent.slug == "dhs"
    assert Court.objects.get(slug="dcd").pk == court.pk
    forums = dict(Deadline.objects.filter(organization_id=org.pk).values_list("key", "forum"))
    assert forums == {
        "foia": DeadlineForum.AGENCY,
        "opposition": DeadlineForum.COURT,  # the rule's forum
        "order": DeadlineForum.COURT,  # a manual deadline naming a court
        "by-hand": DeadlineForum.AGENCY,
    }
    assert Deadline.objects.get(pk=ordered.pk).court == Court.objects.get(slug="dcd")
    assert Deadline.objects.get(pk=foia.pk).agency == moved and by_hand.pk and opposition.pk
    assert ReminderPolicy.objects.get(organization_id=org.pk).send_hour == 9
    assert Watch.objects.get(user_id=user.pk).subject == Deadline.objects.get(pk=foia.pk)
    for (app_label, model), new_app in MOVED.items():
        ct = ContentType.objects.get(app_label=new_app, model=model)
        assert ct.pk == ct_ids[(app_label, model)]  # the same row, renamed: permissions follow it
        assert not ContentType.objects.filter(app_label=app_label, model=model).exists()
    assert ContentType.objects.get_for_model(Agency).permission_set.filter(codename="change_agency").exists()
