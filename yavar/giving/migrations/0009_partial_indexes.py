"""The donation's often-empty columns (an office's fields on a web gift, the bank's reference
until paid) are indexed only where they have a value: fewer entries per insert and per paid
UPDATE. Same uniqueness, same lookups."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("giving", "0008_lean_indexes"),
        ("orgunits", "0002_reference_tree"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="donation",
            name="donation_unique_gateway_token",
        ),
        migrations.RemoveConstraint(
            model_name="donation",
            name="donation_unique_bank_reference",
        ),
        migrations.AlterField(
            model_name="donation",
            name="benefactor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="donations",
                to="giving.benefactor",
            ),
        ),
        migrations.AlterField(
            model_name="donation",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="donations",
                to="giving.campaign",
            ),
        ),
        migrations.AlterField(
            model_name="donation",
            name="county",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgunits.orgunit",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="donation",
            name="office",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgunits.orgunit",
            ),
        ),
        migrations.AlterField(
            model_name="donation",
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
        migrations.AlterField(
            model_name="donation",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("campaign__isnull", False)),
                fields=["campaign"],
                name="donation_campaign",
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("province__isnull", False)),
                fields=["province"],
                name="donation_province",
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("county__isnull", False)),
                fields=["county"],
                name="donation_county",
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("benefactor__isnull", False)),
                fields=["benefactor"],
                name="donation_benefactor",
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("office__isnull", False)),
                fields=["office"],
                name="donation_office",
            ),
        ),
        migrations.AddIndex(
            model_name="donation",
            index=models.Index(
                condition=models.Q(("recorded_by__isnull", False)),
                fields=["recorded_by"],
                name="donation_recorded_by",
            ),
        ),
        migrations.AddConstraint(
            model_name="donation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("gateway_token__isnull", False)),
                fields=("gateway_token",),
                name="donation_unique_gateway_token",
            ),
        ),
        migrations.AddConstraint(
            model_name="donation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bank_reference__isnull", False)),
                fields=("bank_reference",),
                name="donation_unique_bank_reference",
            ),
        ),
    ]
