from django.db import migrations

from yavar.orgunits.reference import load_reference_units


def load(apps, schema_editor):
    load_reference_units(apps.get_model("orgunits", "OrgUnit"))
    if schema_editor.connection.vendor == "postgresql":
        # Fresh statistics, so every scoped query plans the tree as the ~500 rows it is.
        schema_editor.execute("ANALYZE orgunits_orgunit")


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
