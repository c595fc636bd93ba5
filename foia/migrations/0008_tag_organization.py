"""Tags belong to an organisation (their names alone can say what it is working on).

Each existing tag is split per organisation of the requests that use it: the first organisation keeps the row, every
other one gets its own copy (same name and slug) and its requests are moved to that copy. A tag no request uses has
no organisation to belong to and is deleted (tags are created again on first use).
"""

import django.db.models.deletion
from django.db import migrations, models


def split_tags_per_organization(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check foreign keys as rows change, so no deferred trigger is pending when this migration then creates the
        # new field's index (PostgreSQL refuses to index a table with pending trigger events).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Tag = apps.get_model("foia", "Tag")
    Through = apps.get_model("foia", "FoiaRequest").tags.through
    for tag in Tag.objects.order_by("pk"):
        links = Through.objects.filter(tag_id=tag.pk).select_related("foiarequest")
        org_ids = sorted({link.foiarequest.organization_id for link in links})
        if not org_ids:
            tag.delete()
            continue
        tag.organization_id = org_ids[0]
        tag.save(update_fields=["organization"])
        for org_id in org_ids[1:]:
            copy = Tag.objects.create(organization_id=org_id, name=tag.name, slug=tag.slug)
            Through.objects.filter(tag_id=tag.pk, foiarequest__organization_id=org_id).update(tag_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0001_initial"),
        ("foia", "0007_versions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="tag",
            options={"ordering": ["name", "pk"]},
        ),
        migrations.AddField(
            model_name="historicaltag",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The organisation that uses it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="coalition.organization",
            ),
        ),
        migrations.AddField(
            model_name="tag",
            name="organization",
            field=models.ForeignKey(
                help_text="The organisation that uses it.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="coalition.organization",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltag",
            name="name",
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name="tag",
            name="name",
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name="tag",
            name="slug",
            field=models.SlugField(max_length=60),
        ),
        migrations.RunPython(split_tags_per_organization, migrations.RunPython.noop),
    ]
