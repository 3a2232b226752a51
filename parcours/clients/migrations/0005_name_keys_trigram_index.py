"""On PostgreSQL, a trigram index on the phonetic name keys, so that
search-before-create (``name_keys LIKE '% KEY %'``) reads an index instead of
the whole registry. Needs the pg_trgm extension (shipped with PostgreSQL's
contrib package); SQLite has no equivalent and scans, which is fine at the
sizes it serves."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS clients_client_name_keys_trgm "
        "ON clients_client USING gin (name_keys gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS clients_client_name_keys_trgm")


class Migration(migrations.Migration):
    dependencies = [("clients", "0004_backfill_name_keys")]

    operations = [migrations.RunPython(create_index, drop_index)]
