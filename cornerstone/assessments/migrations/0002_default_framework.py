"""Ship the default assessment framework (engagement, intent, capability) as version 1, in use."""

from django.db import migrations

from cornerstone.assessments.reference_data import load_default_framework


def load(apps, schema_editor):
    load_default_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
