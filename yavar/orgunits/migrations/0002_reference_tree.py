from django.db import migrations

from yavar.orgunits.reference import load_reference_units


def load(apps, schema_editor):
    load_reference_units(apps.get_model("orgunits", "OrgUnit"))


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
