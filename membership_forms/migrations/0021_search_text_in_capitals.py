from django.db import migrations

# The search table holds its text in capitals, as `UPPER(text) LIKE UPPER(word)` compares
# it: a word common enough that PostgreSQL reads the whole table (a city's name, one row in
# sixteen) then costs one LIKE per row instead of an UPPER and a LIKE, a quarter of the time
# at 100,000 enquiries. The trigram index is on the stored text.
SEARCH = "membership_forms_enquirysearchtext"
ENQUIRY = "membership_forms_membershipenquiry"
APPLICATION = "membership_forms_application"
CONTACT = "membership_forms_applicationcontact"


def refresh_function(text: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION membership_enquiry_search_refresh(enquiries bigint[])
    RETURNS void LANGUAGE sql AS $$
        INSERT INTO {SEARCH} AS search (enquiry_id, page_id, text)
        SELECT e.id, e.page_id, {text}
        FROM {ENQUIRY} e WHERE e.id = ANY(enquiries)
        ON CONFLICT (enquiry_id) DO UPDATE
        SET page_id = EXCLUDED.page_id, text = EXCLUDED.text
    $$
    """


ENQUIRY_TEXT = f"""e.search_text || COALESCE((
            SELECT ' ' || string_agg(c.name || ' ' || c.email, ' ')
            FROM {CONTACT} c JOIN {APPLICATION} a ON a.id = c.application_id
            WHERE a.enquiry_id = e.id
        ), '')"""

CAPITALS = [
    "DROP INDEX IF EXISTS enquiry_search_text_trgm",
    refresh_function(f"UPPER({ENQUIRY_TEXT})"),
    f'UPDATE {SEARCH} SET "text" = UPPER("text")',
    f'CREATE INDEX enquiry_search_text_trgm ON {SEARCH} USING gin ("text" gin_trgm_ops)',
    # Every row was rewritten: without fresh statistics the planner reads the listing's
    # page of a common word through the trigram index (30,000 pages instead of 1,300).
    f"ANALYZE {SEARCH}",
]
AS_TYPED = [
    "DROP INDEX IF EXISTS enquiry_search_text_trgm",
    refresh_function(ENQUIRY_TEXT),
    f"SELECT membership_enquiry_search_refresh(ARRAY(SELECT id FROM {ENQUIRY}))",
    f'CREATE INDEX enquiry_search_text_trgm ON {SEARCH} USING gin ((UPPER("text")) gin_trgm_ops)',
    f"ANALYZE {SEARCH}",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("membership_forms", "0020_member_coordinates")]

    operations = [
        migrations.RunPython(run_on_postgresql(CAPITALS), run_on_postgresql(AS_TYPED)),
    ]
