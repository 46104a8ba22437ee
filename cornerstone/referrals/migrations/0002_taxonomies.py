"""Load the referral sector list and the type-of-concern taxonomies (see ``reference_data``)."""

from django.db import migrations

from cornerstone.referrals.reference_data import load_reference_lists


def load(apps, schema_editor):
    load_reference_lists(apps)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
