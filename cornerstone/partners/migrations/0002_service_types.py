from django.db import migrations

SERVICE_TYPES = (
    ("education", "Education"),
    ("careers", "Careers advice"),
    ("employment", "Employment and training"),
    ("housing", "Housing"),
    ("mental-health", "Mental health"),
    ("substance-misuse", "Substance misuse"),
    ("family-support", "Family support"),
    ("mentoring", "Mentoring"),
    ("diversionary-activity", "Diversionary activity (sport, youth work)"),
    ("other", "Other"),
)


def load(apps, schema_editor):
    ServiceType = apps.get_model("partners", "ServiceType")
    for order, (code, name) in enumerate(SERVICE_TYPES):
        ServiceType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
