"""The table of the database cache that counts API requests per client (settings CACHES
"api-throttle"), made by migrate so that no deployment step can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    # With no table names, createcachetable makes the table of every database cache in settings.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('cornerstone_api_throttle')}")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
