"""Indexes that serve `LIKE 'prefix%'` for suggestions: titles of the index, words of the word
list and their pinyin and initials.

PostgreSQL's default btree indexes follow the database's collation and cannot serve LIKE;
`varchar_pattern_ops` ones can. SQLite's LIKE is case-insensitive, so its index is NOCASE.
"""

from django.db import migrations

COLUMNS = [
    ("search_entry_title_prefix", "search_searchentry", "title"),
    ("search_term_prefix", "search_searchterm", "term"),
    ("search_term_pinyin_prefix", "search_searchterm", "pinyin"),
    ("search_term_initials_prefix", "search_searchterm", "initials"),
]
OPERATOR = {"postgresql": "varchar_pattern_ops", "sqlite": "COLLATE NOCASE"}


def create(apps, schema_editor):
    operator = OPERATOR.get(schema_editor.connection.vendor)
    if operator:
        for name, table, column in COLUMNS:
            schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column} {operator})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in OPERATOR:
        for name, _table, _column in COLUMNS:
            schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_synonyms_terms_log")]

    operations = [migrations.RunPython(create, drop)]
