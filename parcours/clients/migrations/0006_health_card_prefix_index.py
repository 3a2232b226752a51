"""On PostgreSQL, an index that serves ``health_card_number LIKE 'base%'``:
search-before-create finds a renewed Ontario card (same ten digits, another
version code) by its base number. (The plain btree serves equality only,
outside the C collation.)"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS clients_client_health_card_prefix "
        "ON clients_client (health_card_number varchar_pattern_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS clients_client_health_card_prefix")


class Migration(migrations.Migration):
    dependencies = [("clients", "0005_name_keys_trigram_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
