"""Each subject's next due date (all open deadlines, and those a partner may see), kept by deadlines.summaries."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Min, Q


def backfill(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    DeadlineSummary = apps.get_model("deadlines", "DeadlineSummary")
    open_ = Q(status="open")
    rows = (
        Deadline.objects.order_by()
        .values("subject_type_id", "subject_id")
        .annotate(
            all=Min("due_date", filter=open_),
            shared=Min("due_date", filter=open_ & Q(sharing="coalition", privileged=False)),
        )
    )
    DeadlineSummary.objects.bulk_create(
        (
            DeadlineSummary(
                subject_type_id=r["subject_type_id"],
                subject_id=r["subject_id"],
                next_due_on=r["all"],
                next_shared_due_on=r["shared"],
            )
            for r in rows.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("deadlines", "0011_versions_and_manual_close"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeadlineSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject_id", models.PositiveBigIntegerField()),
                ("next_due_on", models.DateField(blank=True, null=True)),
                ("next_shared_due_on", models.DateField(blank=True, null=True)),
                (
                    "subject_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "deadline summaries",
                "constraints": [
                    models.UniqueConstraint(fields=("subject_type", "subject_id"), name="deadline_summary_unique_subject")
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
