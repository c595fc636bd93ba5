"""Seed the district courts litigation starts with (directory/seeds.py COURTS; idempotent, by slug)."""

from django.db import migrations

from directory.seeds import courts_seed

ADDED = ["cand", "nysd", "mad", "ilnd", "wawd"]


def seed(apps, schema_editor):
    courts_seed(court_model=apps.get_model("directory", "Court"))


def unseed(apps, schema_editor):
    apps.get_model("directory", "Court").objects.filter(slug__in=ADDED).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial"), ("litigation", "0003_court_moves_to_directory")]

    operations = [migrations.RunPython(seed, unseed)]
