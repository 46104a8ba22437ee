"""Load the reference geography (Prevent regions, police force areas, local authorities) from
the committed CSV files in cornerstone/geography/data/, so every database has it after migrate.

The loader is idempotent; later changes to the data are applied with ``manage.py load_geography``
(or a new data migration calling the same loader). Reversing leaves the rows in place: the
tables themselves go when 0001 is reversed.
"""

from django.db import migrations

from cornerstone.geography.loading import load_reference_geography


def load(apps, schema_editor):
    load_reference_geography(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("geography", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
