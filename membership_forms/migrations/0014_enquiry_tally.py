from django.db import migrations, models

# PostgreSQL keeps the tally with statement-level triggers: one grouped write per statement,
# however many rows it adds, removes or moves between pages. Elsewhere (SQLite, for
# development and tests) the listing counts its rows and the table stays empty: SQLite
# rebuilds a table to alter it, which would drop its triggers without a word.
ENQUIRY = "membership_forms_membershipenquiry"
TALLY = "membership_forms_enquirytally"

CREATE = [
    f"""
    CREATE FUNCTION membership_enquiry_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM {TALLY};
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {TALLY} AS tally (page_id, enquiries)
            SELECT page_id, COUNT(*) FROM added GROUP BY page_id
            ON CONFLICT (page_id) DO UPDATE SET enquiries = tally.enquiries + EXCLUDED.enquiries;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE {TALLY} AS tally SET enquiries = tally.enquiries - gone.n
            FROM (SELECT page_id, COUNT(*) AS n FROM removed GROUP BY page_id) AS gone
            WHERE tally.page_id = gone.page_id;
        ELSE
            INSERT INTO {TALLY} AS tally (page_id, enquiries)
            SELECT page_id, SUM(change) FROM (
                SELECT page_id, 1 AS change FROM added
                UNION ALL SELECT page_id, -1 FROM removed
            ) AS changes
            GROUP BY page_id HAVING SUM(change) <> 0
            ON CONFLICT (page_id) DO UPDATE SET enquiries = tally.enquiries + EXCLUDED.enquiries;
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""CREATE TRIGGER enquiry_tally_insert AFTER INSERT ON {ENQUIRY}
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_tally()""",
    f"""CREATE TRIGGER enquiry_tally_delete AFTER DELETE ON {ENQUIRY}
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_tally()""",
    f"""CREATE TRIGGER enquiry_tally_update AFTER UPDATE ON {ENQUIRY}
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_tally()""",
    f"""CREATE TRIGGER enquiry_tally_truncate AFTER TRUNCATE ON {ENQUIRY}
    FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_tally()""",
    f"""INSERT INTO {TALLY} (page_id, enquiries)
    SELECT page_id, COUNT(*) FROM {ENQUIRY} GROUP BY page_id""",
]
DROP = [
    f"DROP TRIGGER IF EXISTS enquiry_tally_{event} ON {ENQUIRY}"
    for event in ("insert", "delete", "update", "truncate")
] + ["DROP FUNCTION IF EXISTS membership_enquiry_tally()", f"DELETE FROM {TALLY}"]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0013_enquiry_search_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnquiryTally",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("enquiries", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP)),
    ]
