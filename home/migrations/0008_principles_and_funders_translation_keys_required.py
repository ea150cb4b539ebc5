"""Issue 11: every principle and funder now has a locale and translation key (0007); both
required, and one per translation key in each locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_principles_and_funders_translatable"),
    ]

    operations = [
        operation
        for model in ("principle", "funder")
        for operation in (
            migrations.AlterField(
                model_name=model,
                name="translation_key",
                field=models.UUIDField(default=uuid.uuid4, editable=False),
            ),
            migrations.AlterField(
                model_name=model,
                name="locale",
                field=models.ForeignKey(
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
            migrations.AlterUniqueTogether(
                name=model, unique_together={("translation_key", "locale")}
            ),
        )
    ]
