"""Bank statements of the people's-participation account and their lines.

A line is matched to at most one donation and a donation to at most one line: the database
says so (a unique foreign key), not only the code. A line is identified across files by its
fingerprint, so a statement uploaded twice, or two statements that overlap, add nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel

from .enums import ACCOUNT_NUMBER, BANK_NAME, Direction, ExclusionReason, LineStatus, MatchRule


class Statement(TimeStampedModel):
    """One imported statement file (its rows that were new to us)."""

    import_batch = models.OneToOneField(
        "imports.ImportBatch", on_delete=models.PROTECT, related_name="+"
    )
    # The account is national: statements belong to HQ, so scope decides who sees them.
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    bank = models.CharField(_("bank"), max_length=60, default=BANK_NAME)
    account_number = models.CharField(_("account"), max_length=30, default=ACCOUNT_NUMBER)
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("to"))

    class Meta:
        ordering = ["-first_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=models.F("first_date")), name="statement_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_number} {self.first_date}…{self.last_date}"


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    row_number = models.PositiveIntegerField(_("row"))
    value_date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    amount_rials = models.BigIntegerField(_("amount (rials)"))
    balance_rials = models.BigIntegerField(_("balance (rials)"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=40, blank=True)
    deposit_id = models.CharField(_("deposit ID"), max_length=40, blank=True)
    # sha256 of what makes the line itself (see importer.fingerprint): never imported twice.
    fingerprint = models.CharField(max_length=64, unique=True)

    status = models.CharField(
        _("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.UNMATCHED
    )
    donation = models.OneToOneField(
        "giving.Donation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_line",
    )
    suggested_donation = models.ForeignKey(
        "giving.Donation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The finance officer took the line in hand (dismissed a suggestion, undid a match): the
    # automatic rules leave it alone from then on.
    manual_only = models.BooleanField(default=False)
    match_rule = models.CharField(
        _("how it was matched"), max_length=20, choices=MatchRule.choices, blank=True
    )
    exclusion_reason = models.CharField(
        _("what it is"), max_length=10, choices=ExclusionReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["value_date", "statement_id", "row_number"]
        indexes = [
            models.Index(fields=["status", "value_date"], name="stmtline_status_date"),
            models.Index(fields=["bank_reference"], name="stmtline_bank_reference"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="stmtline_positive"),
            models.UniqueConstraint(
                fields=["suggested_donation"],
                condition=Q(suggested_donation__isnull=False),
                name="stmtline_one_suggestion_per_donation",
            ),
            models.CheckConstraint(
                condition=Q(status=LineStatus.MATCHED, donation__isnull=False)
                | (~Q(status=LineStatus.MATCHED) & Q(donation__isnull=True)),
                name="stmtline_matched_has_donation",
            ),
            models.CheckConstraint(
                condition=Q(status=LineStatus.SUGGESTED, suggested_donation__isnull=False)
                | (~Q(status=LineStatus.SUGGESTED) & Q(suggested_donation__isnull=True)),
                name="stmtline_suggested_has_donation",
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.DEBIT, status=LineStatus.DEBIT)
                | (Q(direction=Direction.CREDIT) & ~Q(status=LineStatus.DEBIT)),
                name="stmtline_debits_are_not_donations",
            ),
            models.CheckConstraint(
                condition=~Q(status=LineStatus.EXCLUDED) | ~Q(exclusion_reason=""),
                name="stmtline_excluded_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.row_number}"

    @property
    def is_open(self) -> bool:
        return self.status in (LineStatus.UNMATCHED, LineStatus.SUGGESTED)
