"""Indexes the trail does not use dropped (LIKE-pattern twins, the actor's own beside
(actor, at)). SQLite alters a column by rebuilding the table, which drops its triggers, so
the append-only guard (0002) is put back after the rebuild, and after the rebuild of an
unapply."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def sqlite_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL alters in place: its trigger stands
    for op in ("UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_{op.lower()} BEFORE {op} "
            "ON audit_auditevent BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_guard),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=80, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="person_ref",
            field=models.CharField(blank=True, max_length=64, verbose_name="person"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action"], name="audit_action"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["person_ref"], name="audit_person"),
        ),
        migrations.RunPython(sqlite_guard, migrations.RunPython.noop),
    ]
