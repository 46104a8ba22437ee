from django.db import migrations

THEME_VERSION = "2026"
THEMES = (
    ("community-cohesion", "Community tension and cohesion"),
    ("hate-crime", "Hate crime and hate incidents"),
    ("online-harms", "Online harms and misinformation"),
    ("local-extremist-activity", "Extremist activity, stickers or leaflets locally"),
    ("trust-in-police", "Trust and confidence in the police"),
    ("understanding-prevent", "Understanding of Prevent"),
    ("young-people", "Young people, schools and colleges"),
    ("places-of-worship", "Safety of places of worship"),
    ("protests-and-events", "Protests and public events"),
    ("world-events", "Local impact of events elsewhere in the world"),
    ("support-services", "Support and safeguarding services"),
    ("other", "Other"),
)


def load(apps, schema_editor):
    Theme = apps.get_model("engagement", "Theme")
    for order, (code, name) in enumerate(THEMES):
        Theme.objects.get_or_create(
            version=THEME_VERSION, code=code, defaults={"name": name, "order": order, "is_current": True}
        )


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
