"""Seed the court directory with the U.S. District Court for the District of Columbia, where most FOIA suits are filed."""

from django.db import migrations

COURTS = [
    {"slug": "dcd", "name": "U.S. District Court for the District of Columbia", "time_zone": "America/New_York"},
]


def seed(apps, schema_editor):
    Court = apps.get_model("litigation", "Court")
    for court in COURTS:
        Court.objects.update_or_create(slug=court["slug"], defaults=court)


def unseed(apps, schema_editor):
    apps.get_model("litigation", "Court").objects.filter(slug__in=[c["slug"] for c in COURTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("litigation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
