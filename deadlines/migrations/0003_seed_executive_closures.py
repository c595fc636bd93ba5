"""Seed the executive-order closures of federal agencies since 2018 as Closure rows (scope: executive agencies).

They are data, not code, so an admin sees them, can correct them, and adding or removing one recomputes deadlines.
The dates match the `holidays` library's US GOVERNMENT category (checked in tests/deadlines/test_calendar.py).
Court closures on the same days are not assumed: add them per court (scope "court") where the court closed.
"""

from django.db import migrations

CLOSURES = [
    ("2018-12-05", "National Day of Mourning for President George H. W. Bush (executive-order closure)"),
    ("2018-12-24", "Christmas Eve (executive-order closure)"),
    ("2019-12-24", "Christmas Eve (executive-order closure)"),
    ("2020-12-24", "Christmas Eve (executive-order closure)"),
    ("2024-12-24", "Christmas Eve (executive-order closure)"),
    ("2025-01-09", "National Day of Mourning for President Jimmy Carter (executive-order closure)"),
    ("2025-12-24", "Christmas Eve (executive-order closure)"),
    ("2025-12-26", "Day after Christmas (executive-order closure)"),
]


def seed(apps, schema_editor):
    Closure = apps.get_model("deadlines", "Closure")
    for day, reason in CLOSURES:
        Closure.objects.get_or_create(date=day, scope="executive", defaults={"reason": reason})


def unseed(apps, schema_editor):
    Closure = apps.get_model("deadlines", "Closure")
    Closure.objects.filter(scope="executive", date__in=[day for day, _ in CLOSURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_deadline_pause_window_closure_executive")]

    operations = [migrations.RunPython(seed, unseed)]
