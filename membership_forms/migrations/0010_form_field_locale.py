"""Issue 11: form fields become translatable with their page (labels, help texts, choices),
keeping their stored name and column. Each field takes its page's locale; the same field of a
page's translations (same stored name) shares one translation key, so wagtail-localize keeps
updating it rather than adding another. Made required in 0011 (in a separate migration, as
PostgreSQL cannot alter a table that has pending updates in the same transaction)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fields_take_their_pages_locale(apps, schema_editor):
    FormField = apps.get_model("membership_forms", "FormField")
    keys = {}
    fields = []
    # Values, not page instances: the historical form page cannot be instantiated.
    rows = FormField.objects.order_by("pk").values_list(
        "pk", "clean_name", "page__translation_key", "page__locale_id"
    )
    for pk, clean_name, page_key, locale_id in rows:
        key = keys.setdefault((page_key, clean_name), uuid.uuid4())
        fields.append(FormField(pk=pk, translation_key=key, locale_id=locale_id))
    FormField.objects.bulk_update(fields, ["translation_key", "locale"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0009_enquiry_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="formfield",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="formfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(fields_take_their_pages_locale, migrations.RunPython.noop),
    ]
