"""Courts moved to the `directory` app (directory/migrations/0001_initial.py). State only: the tables
(`litigation_court`, `litigation_historicalcourt`) stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0009_deadline_forum_and_directory'),
        ('litigation', '0002_seed_courts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Court',
                ),
                migrations.DeleteModel(
                    name='HistoricalCourt',
                ),
            ],
            database_operations=[],
        ),
    ]
