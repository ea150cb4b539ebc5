"""The site's languages (issue 11): a Locale for each of English, French and Arabic. The
locale Wagtail made first (from the LANGUAGE_CODE of the day, "en-gb" before this issue)
becomes English, so every existing page stays in the English tree."""

from django.db import migrations

LANGUAGE_CODES = ["en", "fr", "ar"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    if not Locale.objects.filter(language_code="en").exists():
        first = Locale.objects.filter(language_code__istartswith="en").order_by("pk").first()
        if first is not None:
            first.language_code = "en"
            first.save(update_fields=["language_code"])
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_members_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
