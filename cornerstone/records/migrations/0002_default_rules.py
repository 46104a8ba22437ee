"""The default retention rules (docs/records.md); the data protection officer may change them."""

from django.db import migrations

DEFAULTS = (
    ("closed_at_screening", "adult", 3),
    ("closed_at_screening", "child", 2),
    ("police_managed", "adult", 6),
    ("police_managed", "child", 6),
    ("channel", "adult", 6),
    ("channel", "child", 6),
)


def load(apps, schema_editor):
    rule = apps.get_model("records", "RetentionRule")
    for outcome_group, age_group, years in DEFAULTS:
        rule.objects.get_or_create(outcome_group=outcome_group, age_group=age_group, defaults={"years": years})


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
