"""Agencies moved to the `directory` app (directory/migrations/0001_initial.py). State only: the requests' foreign keys
now name `directory.Agency`, and the tables (`foia_agency`, `foia_historicalagency`) stay where they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0009_deadline_forum_and_directory'),
        ('directory', '0001_initial'),
        ('foia', '0005_request_fee_limit_and_drafted_on_rules'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='foiarequest',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='historicaltrackingnumber',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency', verbose_name='Component'),
                ),
                migrations.RemoveField(
                    model_name='historicalagency',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='historicalrequestevent',
                    name='referred_to',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='requestevent',
                    name='referred_to',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='historicalfoiarequest',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='trackingnumber',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.agency', verbose_name='Component'),
                ),
                migrations.RemoveField(
                    model_name='historicalagency',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='Agency',
                ),
                migrations.DeleteModel(
                    name='HistoricalAgency',
                ),
            ],
            database_operations=[],
        ),
    ]
