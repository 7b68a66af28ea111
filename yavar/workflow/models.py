from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusLog(models.Model):
    """One row per move of any workflow-driven record: the record's status history."""

    at = models.DateTimeField(_("time"), auto_now_add=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    workflow = models.CharField(_("workflow"), max_length=80)
    transition = models.CharField(_("step"), max_length=80)
    from_status = models.CharField(_("from status"), max_length=40)
    to_status = models.CharField(_("to status"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="statuslog_obj")]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.from_status}→{self.to_status}"
