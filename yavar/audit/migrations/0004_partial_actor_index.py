"""(actor, at) indexed only for records with an actor: a public act adds no entry. Only the
index changes, so SQLite does not rebuild the table and its append-only triggers stand."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_lean_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="auditevent",
            name="audit_actor_at",
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)),
                fields=["actor", "at"],
                name="audit_actor_at",
            ),
        ),
    ]
