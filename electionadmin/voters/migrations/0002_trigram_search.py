"""Trigram (pg_trgm) GIN indexes for name and citizen-ID search, PostgreSQL only.

SQLite searches the folded `search_name` column with LIKE and needs nothing here.
"""

from django.db import migrations

INDEXES = {
    "voterentry_search_name_trgm": "search_name",
    "voterentry_citizen_id_trgm": "citizen_id",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON voters_voterentry "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
