"""Issue 11: principles and funders become translatable with their page (wagtail-localize),
as form fields did. Each takes its page's locale; the same principle (same id) or funder
(same place and name) of a page's translations shares one translation key, so wagtail-localize
keeps updating it rather than adding another. Made required in 0008 (a separate migration, as
PostgreSQL cannot alter a table that has pending updates in the same transaction)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def take_their_pages_locale(apps, schema_editor):
    for model, same in (("Principle", ("slug",)), ("Funder", ("sort_order", "name"))):
        Model = apps.get_model("home", model)
        keys = {}
        rows = []
        values = Model.objects.order_by("pk").values_list(
            "pk", "page__translation_key", "page__locale_id", *same
        )
        for pk, page_key, locale_id, *identity in values:
            key = keys.setdefault((page_key, *identity), uuid.uuid4())
            rows.append(Model(pk=pk, translation_key=key, locale_id=locale_id))
        Model.objects.bulk_update(rows, ["translation_key", "locale"], batch_size=500)


def field_pair():
    return [
        ("translation_key", models.UUIDField(editable=False, null=True)),
        (
            "locale",
            models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_site_settings_in_each_language"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("principle", "funder")
            for name, field in field_pair()
        ),
        migrations.RunPython(take_their_pages_locale, migrations.RunPython.noop),
    ]
