"""Seed the court directory (the data: directory/seeds.py; courts lived in `litigation` then)."""

from django.db import migrations

from directory.seeds import courts_seed, courts_unseed


def seed(apps, schema_editor):
    courts_seed(court_model=apps.get_model("litigation", "Court"))


def unseed(apps, schema_editor):
    courts_unseed(court_model=apps.get_model("litigation", "Court"))


class Migration(migrations.Migration):
    dependencies = [("litigation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
