"""Every tag has its organisation now (0006 split them): require it, one name and one slug per organisation.

A migration of its own: PostgreSQL refuses to alter a table whose rows the same transaction just updated."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("foia", "0008_tag_organization"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tag",
            name="organization",
            field=models.ForeignKey(
                help_text="The organisation that uses it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="coalition.organization",
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("organization", "name"), name="tag_unique_name_per_organization"
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("organization", "slug"), name="tag_unique_slug_per_organization"
            ),
        ),
    ]
