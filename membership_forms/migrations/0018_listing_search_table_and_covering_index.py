from django.conf import settings
from django.db import migrations, models

# PostgreSQL keeps the search table with triggers: an enquiry's row is written when it is
# added or its searched columns change (anonymising blanks them), written again when one of
# its application's contacts is added, changed or removed, and removed with the enquiry.
# Statement-level, each writing the rows of a whole statement at once (a purge's batch of
# 500 anonymised or deleted, a bulk insert); an update rewrites only the rows whose searched
# text or page changed. As with the tally (0014), other databases leave the table empty and
# search the enquiries.
ENQUIRY = "membership_forms_membershipenquiry"
APPLICATION = "membership_forms_application"
CONTACT = "membership_forms_applicationcontact"
SEARCH = "membership_forms_enquirysearchtext"

CREATE = [
    f"""
    CREATE FUNCTION membership_enquiry_search_refresh(enquiries bigint[]) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO {SEARCH} AS search (enquiry_id, page_id, text)
        SELECT e.id, e.page_id, e.search_text || COALESCE((
            SELECT ' ' || string_agg(c.name || ' ' || c.email, ' ')
            FROM {CONTACT} c JOIN {APPLICATION} a ON a.id = c.application_id
            WHERE a.enquiry_id = e.id
        ), '')
        FROM {ENQUIRY} e WHERE e.id = ANY(enquiries)
        ON CONFLICT (enquiry_id) DO UPDATE
        SET page_id = EXCLUDED.page_id, text = EXCLUDED.text
    $$
    """,
    f"""
    CREATE FUNCTION membership_enquiry_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM {SEARCH};
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH} WHERE enquiry_id IN (SELECT id FROM removed);
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM membership_enquiry_search_refresh(ARRAY(
                SELECT now.id FROM added now JOIN removed was ON was.id = now.id
                WHERE (now.search_text, now.page_id) IS DISTINCT FROM (was.search_text, was.page_id)
            ));
        ELSE
            PERFORM membership_enquiry_search_refresh(ARRAY(SELECT id FROM added));
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION membership_contact_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM membership_enquiry_search_refresh(ARRAY(
                SELECT a.enquiry_id FROM {APPLICATION} a
                WHERE a.id IN (SELECT application_id FROM added)));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM membership_enquiry_search_refresh(ARRAY(
                SELECT a.enquiry_id FROM {APPLICATION} a
                WHERE a.id IN (SELECT application_id FROM removed)));
        ELSE
            PERFORM membership_enquiry_search_refresh(ARRAY(
                SELECT a.enquiry_id FROM {APPLICATION} a WHERE a.id IN (
                    SELECT application_id FROM added
                    UNION SELECT application_id FROM removed)));
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""CREATE TRIGGER enquiry_search_insert AFTER INSERT ON {ENQUIRY}
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_search()""",
    f"""CREATE TRIGGER enquiry_search_update AFTER UPDATE ON {ENQUIRY}
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_search()""",
    f"""CREATE TRIGGER enquiry_search_delete AFTER DELETE ON {ENQUIRY}
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_search()""",
    f"""CREATE TRIGGER enquiry_search_truncate AFTER TRUNCATE ON {ENQUIRY}
    FOR EACH STATEMENT EXECUTE FUNCTION membership_enquiry_search()""",
    f"""CREATE TRIGGER contact_search_insert AFTER INSERT ON {CONTACT}
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION membership_contact_search()""",
    f"""CREATE TRIGGER contact_search_update AFTER UPDATE ON {CONTACT}
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION membership_contact_search()""",
    f"""CREATE TRIGGER contact_search_delete AFTER DELETE ON {CONTACT}
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION membership_contact_search()""",
    f"SELECT membership_enquiry_search_refresh(ARRAY(SELECT id FROM {ENQUIRY}))",
    # What `text__icontains` compares (see 0013).
    f'CREATE INDEX enquiry_search_text_trgm ON {SEARCH} USING gin ((UPPER("text")) gin_trgm_ops)',
]
DROP = [
    *(
        f"DROP TRIGGER IF EXISTS enquiry_search_{event} ON {ENQUIRY}"
        for event in ("insert", "update", "delete", "truncate")
    ),
    *(
        f"DROP TRIGGER IF EXISTS contact_search_{event} ON {CONTACT}"
        for event in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS membership_contact_search()",
    "DROP FUNCTION IF EXISTS membership_enquiry_search()",
    "DROP FUNCTION IF EXISTS membership_enquiry_search_refresh(bigint[])",
    "DROP INDEX IF EXISTS enquiry_search_text_trgm",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0017_reminders_and_digests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EnquirySearchText",
            fields=[
                ("enquiry_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("page_id", models.IntegerField()),
                ("text", models.TextField()),
            ],
        ),
        migrations.AddIndex(
            model_name="membershipenquiry",
            index=models.Index(
                models.F("waiting_rank"),
                models.F("waiting_since"),
                models.OrderBy(models.F("id"), descending=True),
                include=("page", "submit_time", "status", "region", "language", "assigned_to"),
                name="enquiry_queue_filters",
            ),
        ),
        migrations.AddIndex(
            model_name="membershipenquiry",
            index=models.Index(
                fields=["language", "id"], include=("page",), name="enquiry_language_id"
            ),
        ),
        migrations.AddIndex(
            model_name="membershipenquiry",
            index=models.Index(
                models.F("waiting_rank"),
                models.F("waiting_since"),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(reminder_sent_at__isnull=False),
                include=("page", "status"),
                name="enquiry_reminded",
            ),
        ),
        migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP)),
    ]
