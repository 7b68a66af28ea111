"""The append-only audit trail: changes (AuditEvent) and reads of sensitive records
(AccessEvent). Rows are only ever inserted: the models refuse updates and deletes, and database
triggers (see migration 0002) refuse them even to raw SQL.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import AccessReason


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit records cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity guard, not a business rule: an existing row is never rewritten.
        if not self._state.adding:
            raise AppendOnlyError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be deleted")


class AuditEvent(AppendOnlyModel):
    # Every write in the system adds a row, so it carries no index a query does not use:
    # indexes through Meta (a field's db_index on PostgreSQL adds a LIKE-pattern twin to a
    # text column), the actor's served by (actor, at).
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept beside the key so the trail still reads right if the account is renamed.
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # The person the change concerns (national code or registry id), so an auditor can ask
    # "everything that happened to this person".
    person_ref = models.CharField(_("person"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["action"], name="audit_action"),
            models.Index(fields=["person_ref"], name="audit_person"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            # Only staff acts have an actor; a public one (a donation) adds no entry here.
            models.Index(
                fields=["actor", "at"], name="audit_actor_at", condition=Q(actor__isnull=False)
            ),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class AccessEvent(AppendOnlyModel):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    person_ref = models.CharField(_("person"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(
        _("reason"), max_length=16, choices=AccessReason.choices, default=AccessReason.ROUTINE
    )
    note = models.TextField(_("note"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="access_object")]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        return f"read {self.object_type}:{self.object_id}"
