from django.db import migrations

from yavar.catalog.reference import load_reference_cards


def load(apps, schema_editor):
    load_reference_cards(
        apps.get_model("catalog", "ServiceCard"), apps.get_model("catalog", "CardVersion")
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
