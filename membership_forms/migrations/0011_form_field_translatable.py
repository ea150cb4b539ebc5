"""Issue 11: every form field now has a locale and translation key (0010); both required, and
one field per translation key in each locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0010_form_field_locale"),
    ]

    operations = [
        migrations.AlterField(
            model_name="formfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="formfield",
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
            name="formfield",
            unique_together={("translation_key", "locale")},
        ),
    ]
