"""The dashboard's last-year determinations: events by kind, then date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("foia", "0011_saved_views")]

    operations = [
        migrations.AddIndex(
            model_name="requestevent",
            index=models.Index(fields=["kind", "date"], name="event_kind_date"),
        ),
    ]
