"""Service identity cards as live, versioned data, and the service-delivery ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel

from .enums import SubjectType


class ServiceCard(TimeStampedModel):
    service_id = models.CharField(_("service ID"), max_length=11, unique=True)
    title = models.TextField(_("title"))  # of the current version, for lists and search
    current_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["service_id"]
        verbose_name = _("service identity card")
        verbose_name_plural = _("service identity cards")

    def __str__(self) -> str:
        return f"{self.service_id} {self.title[:60]}"


class CardVersion(models.Model):
    """One edit of a card: the whole form as validated JSON (schema.Card). Never changed."""

    card = models.ForeignKey(ServiceCard, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["card", "-number"]
        constraints = [models.UniqueConstraint(fields=["card", "number"], name="card_version_once")]

    def __str__(self) -> str:
        return f"{self.card.service_id} v{self.number}"


class CountedDeliveries(models.Manager["ServiceDelivery"]):
    def counted(self) -> models.QuerySet[ServiceDelivery]:
        """What the figures count: every row not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class ServiceDelivery(models.Model):
    """One receipt of a service by a person, household, group or body.

    Written only by the owning module's service, in the same transaction as its cause, and
    read only in aggregate (through `counted()`). A cause undone later (a receipt entered in
    error and cancelled) withdraws its rows: they stay, marked, and stop counting. Jalali
    period keys are stored so "distinct recipients of S in province P in year / season /
    month" is an index range, not a date computation per row.
    """

    service_id = models.CharField(max_length=11)
    subject_type = models.CharField(max_length=12, choices=SubjectType.choices)
    subject_id = models.CharField(max_length=64)
    # "type:id": what "distinct recipients" counts (a person and a group may share an id).
    subject_key = models.CharField(max_length=80)
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    # No province for a national (HQ) delivery: indexed only where there is one (Meta).
    province = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    delivered_on = models.DateField()
    jalali_year = models.PositiveSmallIntegerField()
    jalali_season = models.PositiveSmallIntegerField()
    jalali_month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=40)
    source_type = models.CharField(max_length=80)
    source_id = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    objects = CountedDeliveries()

    class Meta:
        constraints = [
            # The same cause never counts twice.
            models.UniqueConstraint(
                fields=["source_type", "source_id", "subject_type", "subject_id", "kind"],
                name="delivery_once_per_cause",
            )
        ]
        indexes = [
            models.Index(
                fields=["service_id", "jalali_year", "jalali_month", "province"],
                name="delivery_service_month",
            ),
            models.Index(
                fields=["service_id", "jalali_year", "jalali_season", "province"],
                name="delivery_service_season",
            ),
            models.Index(
                fields=["province"], name="delivery_province", condition=Q(province__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.subject_type}:{self.subject_id} {self.delivered_on}"
