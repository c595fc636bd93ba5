"""Seed the agency directory (the data and its sources: directory/seeds.py; agencies lived in `foia` then)."""

from django.db import migrations

from directory.seeds import agencies_seed, agencies_unseed


def seed(apps, schema_editor):
    agencies_seed(agency_model=apps.get_model("foia", "Agency"))


def unseed(apps, schema_editor):
    agencies_unseed(agency_model=apps.get_model("foia", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("foia", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
