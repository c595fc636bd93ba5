"""Agencies (from `foia`) and courts (from `litigation`) move here, with their history.

State only: the tables keep their names (`foia_agency`, `litigation_court`, `foia_historicalagency`,
`litigation_historicalcourt`), so no data moves. foia/0006 and litigation/0003 drop them from their old apps' state;
deadlines/0009 re-points its foreign keys. On a fresh database the old apps' migrations still create and seed the
tables (foia/0002_seed_agencies, litigation/0002_seed_courts) before this runs.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVES = [('foia', 'directory', 'agency'), ('foia', 'directory', 'historicalagency'), ('litigation', 'directory', 'court'), ('litigation', 'directory', 'historicalcourt')]


def content_types_move(moves):
    """RunPython pair renaming content types, so permissions, admin log entries and generic relations (follows,
    deadlines' subjects) keep pointing at the moved models. A fresh database has none yet: post_migrate creates them."""

    def rename(apps, schema_editor, pairs):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for old_app, new_app, model in pairs:
            if ContentType.objects.using(db).filter(app_label=new_app, model=model).exists():
                continue  # already created for the new app (e.g. by a post_migrate run); leave both alone
            ContentType.objects.using(db).filter(app_label=old_app, model=model).update(app_label=new_app)

    def forward(apps, schema_editor):
        rename(apps, schema_editor, moves)

    def backward(apps, schema_editor):
        rename(apps, schema_editor, [(new, old, model) for old, new, model in moves])

    return migrations.RunPython(forward, backward)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('foia', '0005_request_fee_limit_and_drafted_on_rules'),
        ('litigation', '0002_seed_courts'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Court',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The court's PACER / CourtListener id, e.g. 'dcd' (D.D.C.), 'cand' (N.D. Cal.), 'nysd' (S.D.N.Y.).", max_length=40, unique=True)),
                        ('name', models.CharField(help_text="Full name, e.g. 'U.S. District Court for the District of Columbia'.", max_length=200)),
                        ('time_zone', models.CharField(default='America/New_York', help_text="IANA time zone the court's deadlines fall in.", max_length=64)),
                    ],
                    options={
                        'db_table': 'litigation_court',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Agency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="Stable short id used in URLs and filters, e.g. 'ice'.", max_length=40, unique=True)),
                        ('name', models.CharField(help_text="Full name, e.g. 'U.S. Immigration and Customs Enforcement'.", max_length=200)),
                        ('abbreviation', models.CharField(help_text="Short name shown in lists, e.g. 'ICE'.", max_length=40)),
                        ('foia_address', models.TextField(blank=True, help_text='Postal address for FOIA requests and appeals.')),
                        ('foia_email', models.EmailField(blank=True, help_text='FOIA office email address, if the agency publishes one.', max_length=254)),
                        ('foia_portal_url', models.URLField(blank=True, help_text='Online portal where requests are submitted.')),
                        ('appeal_window_days', models.PositiveSmallIntegerField(default=90, help_text='How long after an adverse determination an administrative appeal may be filed.')),
                        ('appeal_window_unit', models.CharField(choices=[('working_days', 'Working days'), ('calendar_days', 'Calendar days')], default='calendar_days', help_text='Whether the appeal window counts working or calendar days (DHS: 90 working days).', max_length=16)),
                        ('appeal_window_citation', models.CharField(default='5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)', help_text='The regulation or statute the appeal window comes from, shown in computation steps.', max_length=200)),
                        ('time_zone', models.CharField(default='America/New_York', help_text="IANA time zone the agency's reminders go out in.", max_length=64)),
                        ('parent', models.ForeignKey(blank=True, help_text='The agency this is a FOIA component of (DHS for ICE); empty for a department or independent agency.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='components', to='directory.agency')),
                    ],
                    options={
                        'verbose_name_plural': 'agencies',
                        'db_table': 'foia_agency',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAgency',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="Stable short id used in URLs and filters, e.g. 'ice'.", max_length=40)),
                        ('name', models.CharField(help_text="Full name, e.g. 'U.S. Immigration and Customs Enforcement'.", max_length=200)),
                        ('abbreviation', models.CharField(help_text="Short name shown in lists, e.g. 'ICE'.", max_length=40)),
                        ('foia_address', models.TextField(blank=True, help_text='Postal address for FOIA requests and appeals.')),
                        ('foia_email', models.EmailField(blank=True, help_text='FOIA office email address, if the agency publishes one.', max_length=254)),
                        ('foia_portal_url', models.URLField(blank=True, help_text='Online portal where requests are submitted.')),
                        ('appeal_window_days', models.PositiveSmallIntegerField(default=90, help_text='How long after an adverse determination an administrative appeal may be filed.')),
                        ('appeal_window_unit', models.CharField(choices=[('working_days', 'Working days'), ('calendar_days', 'Calendar days')], default='calendar_days', help_text='Whether the appeal window counts working or calendar days (DHS: 90 working days).', max_length=16)),
                        ('appeal_window_citation', models.CharField(default='5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)', help_text='The regulation or statute the appeal window comes from, shown in computation steps.', max_length=200)),
                        ('time_zone', models.CharField(default='America/New_York', help_text="IANA time zone the agency's reminders go out in.", max_length=64)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text='The agency this is a FOIA component of (DHS for ICE); empty for a department or independent agency.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.agency')),
                    ],
                    options={
                        'verbose_name': 'historical agency',
                        'verbose_name_plural': 'historical agencies',
                        'db_table': 'foia_historicalagency',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCourt',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The court's PACER / CourtListener id, e.g. 'dcd' (D.D.C.), 'cand' (N.D. Cal.), 'nysd' (S.D.N.Y.).", max_length=40)),
                        ('name', models.CharField(help_text="Full name, e.g. 'U.S. District Court for the District of Columbia'.", max_length=200)),
                        ('time_zone', models.CharField(default='America/New_York', help_text="IANA time zone the court's deadlines fall in.", max_length=64)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical court',
                        'verbose_name_plural': 'historical courts',
                        'db_table': 'litigation_historicalcourt',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        content_types_move(MOVES),
    ]
