"""The inquiry log: one row per exchange with an outside body, so the organization can show
what it asked whom, when, for whom and with what result. Field NAMES only, never values: the
log must not become a second copy of people's identity data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.audit.models import AppendOnlyModel

from .enums import InquiryMode, InquiryOutcome


class InquiryLog(AppendOnlyModel):
    started_at = models.DateTimeField(_("started at"), db_index=True)
    body = models.CharField(_("outside body"), max_length=40)
    operation = models.CharField(_("operation"), max_length=60)
    mode = models.CharField(
        _("mode"), max_length=8, choices=InquiryMode.choices, default=InquiryMode.ONLINE
    )
    fields_sent = models.JSONField(_("fields sent"), default=list, blank=True)
    fields_received = models.JSONField(_("fields received"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=InquiryOutcome.choices)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    # The body's last HTTP status, if it answered at all (401 vs 503 tells ops where to look).
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    # What record the inquiry was about, as strings: this layer knows no domain models.
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["body", "started_at"], name="inquiry_body_started"),
            models.Index(fields=["object_type", "object_id"], name="inquiry_object"),
        ]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.body}.{self.operation} {self.outcome}"
