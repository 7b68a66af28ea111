"""Substring name search that stays fast at millions of people.

PostgreSQL: pg_trgm GIN indexes on the normalised keys (LIKE '%…%' uses them; the database must
be UTF-8 — pg_trgm extracts no trigrams from Persian under the C locale).
SQLite: an FTS5 table with the trigram tokenizer over the same keys, kept in step by triggers
(an index, like any other: it holds no rules), queried with LIKE through the FTS table.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE people_person_fts USING fts5("
    "name_key, father_key, content='people_person', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person BEGIN "
    "INSERT INTO people_person_fts(rowid, name_key, father_key) "
    "VALUES (new.id, new.name_key, new.father_key); END",
    "CREATE TRIGGER people_person_fts_ad AFTER DELETE ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, name_key, father_key) "
    "VALUES ('delete', old.id, old.name_key, old.father_key); END",
    "CREATE TRIGGER people_person_fts_au AFTER UPDATE OF name_key, father_key ON people_person "
    "BEGIN INSERT INTO people_person_fts(people_person_fts, rowid, name_key, father_key) "
    "VALUES ('delete', old.id, old.name_key, old.father_key); "
    "INSERT INTO people_person_fts(rowid, name_key, father_key) "
    "VALUES (new.id, new.name_key, new.father_key); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS people_person_fts_au",
    "DROP TRIGGER IF EXISTS people_person_fts_ad",
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "DROP TABLE IF EXISTS people_person_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX people_person_name_trgm ON people_person USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX people_person_father_trgm ON people_person USING gin (father_key gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS people_person_father_trgm",
    "DROP INDEX IF EXISTS people_person_name_trgm",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
