"""`head_vector`: what the database engine ranks every match on before ranking the best on `vector`.

On PostgreSQL a row moves its text out of line down to 128 bytes, except for what a search reads
of every match (STORAGE MAIN: `head_vector` and the facet columns), so the scan of the matches of
a common word reads narrow rows.
Existing entries get their head vector from their vector: the tokens weighted A, B or C.
"""

from django.db import migrations

import search.models

POSTGRES = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    *(
        f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET STORAGE MAIN"
        for column in ("head_vector", "site_hostname", "content_type", "unit", "doc_number")
    ),
    "UPDATE search_searchentry SET head_vector = ts_filter(vector, '{a,b,c}') WHERE vector IS NOT NULL",
]
POSTGRES_REVERSE = ["ALTER TABLE search_searchentry RESET (toast_tuple_target)"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_match_indexes_and_retry_schedule")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="head_vector",
            field=search.models.TSVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE)),
    ]
