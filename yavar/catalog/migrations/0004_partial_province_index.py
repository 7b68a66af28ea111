"""A ledger row's province indexed only where there is one (a national delivery has none)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_delivery_withdrawn"),
        ("orgunits", "0002_reference_tree"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicedelivery",
            name="province",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgunits.orgunit",
            ),
        ),
        migrations.AddIndex(
            model_name="servicedelivery",
            index=models.Index(
                condition=models.Q(("province__isnull", False)),
                fields=["province"],
                name="delivery_province",
            ),
        ),
    ]
