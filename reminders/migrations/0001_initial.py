"""The reminder models move here from `deadlines`, with their history.

State only: the tables keep their `deadlines_` names, so no data moves (deadlines/0010 drops the models from the
`deadlines` state first).
"""

import django.core.validators
import django.db.models.deletion
import reminders.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVES = [('deadlines', 'reminders', 'reminderpolicy'), ('deadlines', 'reminders', 'reminderpreference'), ('deadlines', 'reminders', 'watch'), ('deadlines', 'reminders', 'deadlinemute'), ('deadlines', 'reminders', 'reminderschedule'), ('deadlines', 'reminders', 'reminderdigest'), ('deadlines', 'reminders', 'reminderdelivery'), ('deadlines', 'reminders', 'notification'), ('deadlines', 'reminders', 'feedtoken'), ('deadlines', 'reminders', 'historicalreminderpolicy'), ('deadlines', 'reminders', 'historicalreminderpreference'), ('deadlines', 'reminders', 'historicalwatch'), ('deadlines', 'reminders', 'historicaldeadlinemute'), ('deadlines', 'reminders', 'historicalfeedtoken')]


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
        ('coalition', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('deadlines', '0010_reminder_models_move_to_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),

    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalDeadlineMute',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('deadline', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='deadlines.deadline')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical deadline mute',
                        'verbose_name_plural': 'historical deadline mutes',
                        'db_table': 'deadlines_historicaldeadlinemute',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalFeedToken',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('scope', models.CharField(choices=[('user', 'My deadlines (responsible or watching)'), ('organization', "All of an organisation's open deadlines")], max_length=16)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('rotated_at', models.DateTimeField(blank=True, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coalition.organization')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical feed token',
                        'verbose_name_plural': 'historical feed tokens',
                        'db_table': 'deadlines_historicalfeedtoken',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReminderPolicy',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('foia_days_before', models.JSONField(default=reminders.models._foia_default_days, validators=[reminders.models.validate_days_before])),
                        ('foia_overdue_daily', models.BooleanField(default=True)),
                        ('foia_escalate_after_days', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('court_days_before', models.JSONField(default=reminders.models._court_default_days, validators=[reminders.models.validate_days_before])),
                        ('court_overdue_daily', models.BooleanField(default=True)),
                        ('court_escalate_after_days', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('overdue_max_days', models.PositiveSmallIntegerField(default=30, help_text='Stop daily overdue reminders this many days after the due date.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('send_hour', models.PositiveSmallIntegerField(default=7, help_text="Hour of the day (in the court's or agency's time zone) reminders go out.", validators=[django.core.validators.MaxValueValidator(23)])),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coalition.organization')),
                    ],
                    options={
                        'verbose_name': 'historical reminder policy',
                        'verbose_name_plural': 'historical reminder policies',
                        'db_table': 'deadlines_historicalreminderpolicy',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReminderPreference',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('email_mode', models.CharField(choices=[('immediate', 'An email for each reminder'), ('digest', 'One daily digest email'), ('none', 'No email (in-app notifications only)')], default='immediate', max_length=16)),
                        ('digest_hour', models.PositiveSmallIntegerField(default=8, help_text='Hour (server time zone) the daily digest is sent.', validators=[django.core.validators.MaxValueValidator(23)])),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical reminder preference',
                        'verbose_name_plural': 'historical reminder preferences',
                        'db_table': 'deadlines_historicalreminderpreference',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalWatch',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('subject_id', models.PositiveBigIntegerField()),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('subject_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical watch',
                        'verbose_name_plural': 'historical watchs',
                        'db_table': 'deadlines_historicalwatch',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ReminderDigest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='pending', max_length=16)),
                        ('claim', models.UUIDField(null=True)),
                        ('lease_until', models.DateTimeField(null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('day', models.DateField()),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_digests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_reminderdigest',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='pending', max_length=16)),
                        ('claim', models.UUIDField(null=True)),
                        ('lease_until', models.DateTimeField(null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('step', models.CharField(max_length=40)),
                        ('channel', models.CharField(choices=[('email', 'Email'), ('digest', 'Daily digest')], max_length=8)),
                        ('due_date', models.DateField()),
                        ('escalation', models.BooleanField(default=False)),
                        ('deadline', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reminder_deliveries', to='deadlines.deadline')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_deliveries', to=settings.AUTH_USER_MODEL)),
                        ('digest', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='deliveries', to='reminders.reminderdigest')),
                    ],
                    options={
                        'verbose_name_plural': 'reminder deliveries',
                        'db_table': 'deadlines_reminderdelivery',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderPolicy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('foia_days_before', models.JSONField(default=reminders.models._foia_default_days, validators=[reminders.models.validate_days_before])),
                        ('foia_overdue_daily', models.BooleanField(default=True)),
                        ('foia_escalate_after_days', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('court_days_before', models.JSONField(default=reminders.models._court_default_days, validators=[reminders.models.validate_days_before])),
                        ('court_overdue_daily', models.BooleanField(default=True)),
                        ('court_escalate_after_days', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('overdue_max_days', models.PositiveSmallIntegerField(default=30, help_text='Stop daily overdue reminders this many days after the due date.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)])),
                        ('send_hour', models.PositiveSmallIntegerField(default=7, help_text="Hour of the day (in the court's or agency's time zone) reminders go out.", validators=[django.core.validators.MaxValueValidator(23)])),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_policy', to='coalition.organization')),
                    ],
                    options={
                        'verbose_name_plural': 'reminder policies',
                        'db_table': 'deadlines_reminderpolicy',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email_mode', models.CharField(choices=[('immediate', 'An email for each reminder'), ('digest', 'One daily digest email'), ('none', 'No email (in-app notifications only)')], default='immediate', max_length=16)),
                        ('digest_hour', models.PositiveSmallIntegerField(default=8, help_text='Hour (server time zone) the daily digest is sent.', validators=[django.core.validators.MaxValueValidator(23)])),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_preference', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_reminderpreference',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderSchedule',
                    fields=[
                        ('deadline', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='reminder_schedule', serialize=False, to='deadlines.deadline')),
                        ('fire_at', models.DateTimeField(null=True)),
                        ('step', models.CharField(blank=True, max_length=40)),
                        ('last_step', models.CharField(blank=True, max_length=40)),
                        ('last_fired_at', models.DateTimeField(null=True)),
                        ('computed_at', models.DateTimeField()),
                    ],
                    options={
                        'db_table': 'deadlines_reminderschedule',
                        'indexes': [models.Index(condition=models.Q(('fire_at__isnull', False)), fields=['fire_at'], name='reminder_schedule_fire_at')],
                    },
                ),
                migrations.CreateModel(
                    name='Watch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject_id', models.PositiveBigIntegerField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('subject_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='watches', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_watch',
                    },
                ),
                migrations.CreateModel(
                    name='DeadlineMute',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('deadline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mutes', to='deadlines.deadline')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadline_mutes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_deadlinemute',
                        'constraints': [models.UniqueConstraint(fields=('user', 'deadline'), name='mute_unique_user_deadline')],
                    },
                ),
                migrations.CreateModel(
                    name='FeedToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scope', models.CharField(choices=[('user', 'My deadlines (responsible or watching)'), ('organization', "All of an organisation's open deadlines")], max_length=16)),
                        ('token', models.CharField(default=reminders.models.new_feed_token, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('rotated_at', models.DateTimeField(blank=True, null=True)),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='coalition.organization')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feed_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_feedtoken',
                        'constraints': [models.UniqueConstraint(fields=('user', 'scope', 'organization'), name='feed_unique_user_scope_org'), models.UniqueConstraint(condition=models.Q(('organization__isnull', True)), fields=('user', 'scope'), name='feed_unique_user_scope'), models.CheckConstraint(condition=models.Q(models.Q(('organization__isnull', True), ('scope', 'user')), models.Q(('organization__isnull', False), ('scope', 'organization')), _connector='OR'), name='feed_scope_organization')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('step', models.CharField(blank=True, max_length=40)),
                        ('title', models.CharField(max_length=300)),
                        ('body', models.TextField(blank=True)),
                        ('url', models.CharField(blank=True, max_length=500)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('deadline', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='deadlines.deadline')),
                        ('recipient', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'deadlines_notification',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['recipient', '-created_at'], name='notification_inbox'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread')],
                        'constraints': [models.UniqueConstraint(fields=('deadline', 'step', 'recipient'), name='notification_unique_deadline_step_recipient')],
                    },
                ),
                migrations.AddIndex(
                    model_name='reminderdigest',
                    index=models.Index(condition=models.Q(('status__in', ('pending', 'sending'))), fields=['lease_until'], name='digest_live_lease'),
                ),
                migrations.AddConstraint(
                    model_name='reminderdigest',
                    constraint=models.UniqueConstraint(fields=('recipient', 'day'), name='digest_unique_recipient_day'),
                ),
                migrations.AddIndex(
                    model_name='reminderdelivery',
                    index=models.Index(condition=models.Q(('channel', 'email'), ('status__in', ('pending', 'sending'))), fields=['lease_until'], name='delivery_live_lease'),
                ),
                migrations.AddIndex(
                    model_name='reminderdelivery',
                    index=models.Index(condition=models.Q(('digest__isnull', False)), fields=['digest'], name='delivery_digest_items'),
                ),
                migrations.AddIndex(
                    model_name='reminderdelivery',
                    index=models.Index(condition=models.Q(('channel', 'digest'), ('digest__isnull', True), ('status', 'pending')), fields=['recipient'], name='delivery_digest_waiting'),
                ),
                migrations.AddConstraint(
                    model_name='reminderdelivery',
                    constraint=models.UniqueConstraint(fields=('deadline', 'step', 'recipient', 'channel'), name='delivery_unique_deadline_step_recipient'),
                ),
                migrations.AddIndex(
                    model_name='watch',
                    index=models.Index(fields=['subject_type', 'subject_id'], name='watch_subject'),
                ),
                migrations.AddConstraint(
                    model_name='watch',
                    constraint=models.UniqueConstraint(fields=('user', 'subject_type', 'subject_id'), name='watch_unique_user_subject'),
                ),
            ],
            database_operations=[],
        ),
        content_types_move(MOVES),
    ]
