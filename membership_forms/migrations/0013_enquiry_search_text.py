import django.db.models.functions.text
from django.db import migrations, models

# Trigram indexes for the listing's search (`icontains` compares UPPER(column::text)), on
# PostgreSQL only: SQLite has no such index and scans its rows as before. They are not in
# the models' Meta, which would ask every database for them.
TRIGRAM_INDEXES = [
    ("enquiry_search_trgm", "membership_forms_membershipenquiry", 'UPPER("search_text"::text)'),
    ("contact_name_trgm", "membership_forms_applicationcontact", 'UPPER("name"::text)'),
    ("contact_email_trgm", "membership_forms_applicationcontact", 'UPPER("email"::text)'),
]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Not Django's TrigramExtension: unapplied, it would drop the extension (which other
    # code may use) and, on SQLite, look for PostgreSQL's catalogue.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)'
        )


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0012_listing_count_and_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="membershipenquiry",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Concat(
                    "reference",
                    models.Value(" "),
                    "city",
                    models.Value(" "),
                    "country",
                    models.Value(" "),
                    "contact_name",
                    models.Value(" "),
                    "contact_email",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes),
    ]
