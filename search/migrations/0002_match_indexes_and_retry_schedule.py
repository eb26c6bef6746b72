"""What the database engine needs beyond Django's tables, and the schedule that retries updates.

PostgreSQL: a GIN index on the tsvector. SQLite: an FTS5 table over the token columns, kept in
step with the entries by triggers.
"""

from django.db import migrations

TOKENS = "title_tokens, number_tokens, summary_tokens, meta_tokens, body_tokens"
NEW = ", ".join(f"new.{c}" for c in TOKENS.split(", "))
OLD = ", ".join(f"old.{c}" for c in TOKENS.split(", "))
SQLITE = [
    f"CREATE VIRTUAL TABLE search_entry_fts USING fts5({TOKENS}, content='search_searchentry',"
    " content_rowid='page_id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN"
    f" INSERT INTO search_entry_fts(rowid, {TOKENS}) VALUES (new.page_id, {NEW}); END",
    f"CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN"
    f" INSERT INTO search_entry_fts(search_entry_fts, rowid, {TOKENS}) VALUES ('delete', old.page_id, {OLD}); END",
    f"CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN"
    f" INSERT INTO search_entry_fts(search_entry_fts, rowid, {TOKENS}) VALUES ('delete', old.page_id, {OLD});"
    f" INSERT INTO search_entry_fts(rowid, {TOKENS}) VALUES (new.page_id, {NEW}); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_fts_update",
    "DROP TRIGGER search_entry_fts_delete",
    "DROP TRIGGER search_entry_fts_insert",
    "DROP TABLE search_entry_fts",
]
POSTGRES = ["CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)"]
POSTGRES_REVERSE = ["DROP INDEX search_entry_vector"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


def add_retry_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="search: retry pending index updates",
        defaults={"func": "search.indexing.apply_pending", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def remove_retry_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="search: retry pending index updates").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}), _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})
        ),
        migrations.RunPython(add_retry_schedule, remove_retry_schedule),
    ]
