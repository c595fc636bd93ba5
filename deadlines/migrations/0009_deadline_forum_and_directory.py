"""Deadlines point at `directory` (state only: the tables are the same), and each deadline gets its forum.

The forum replaces guessing from the subject's app (`app_label == "litigation"`): a derived deadline's forum is its
rule's; a manual one is a court's when it names a court or its subject is litigation's, else an agency's.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

# The court-forum rules of the catalogue when this migration was written (deadlines/rules.py; frozen here so later
# catalogue edits do not change what this migration did).
COURT_RULES = ['ddc-opposition', 'ddc-reply', 'fee-motion', 'foia-complaint-answer', 'notice-of-appeal-us', 'us-answer']


def forum_fill(apps, schema_editor):
    court = Q(rule__in=COURT_RULES) | Q(rule="", court__isnull=False) | Q(rule="", subject_type__app_label="litigation")
    for name in ("Deadline", "HistoricalDeadline"):
        apps.get_model("deadlines", name).objects.filter(court).update(forum="court")


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0008_closure_clear_errors_unique"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='closure',
                    name='agency',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='closure',
                    name='court',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='directory.court'),
                ),
                migrations.AlterField(
                    model_name='deadline',
                    name='agency',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='deadline',
                    name='court',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='directory.court'),
                ),
                migrations.AlterField(
                    model_name='historicalclosure',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='historicalclosure',
                    name='court',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.court'),
                ),
                migrations.AlterField(
                    model_name='historicaldeadline',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency'),
                ),
                migrations.AlterField(
                    model_name='historicaldeadline',
                    name='court',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.court'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='deadline',
            name='forum',
            field=models.CharField(choices=[('agency', 'Agency (FOIA)'), ('court', 'Court')], default='agency', max_length=16),
        ),
        migrations.AddField(
            model_name='historicaldeadline',
            name='forum',
            field=models.CharField(choices=[('agency', 'Agency (FOIA)'), ('court', 'Court')], default='agency', max_length=16),
        ),
        migrations.RunPython(forum_fill, migrations.RunPython.noop),
    ]
