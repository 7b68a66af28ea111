"""Public participation: causes, campaigns and cash donations.

A donation is paid exactly once: its row is locked while the bank is asked, the bank's stored
amount must equal ours, and the bank reference is unique."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel, VersionedModel
from yavar.core.validators import validate_legal_entity_id, validate_mobile, validate_national_code

from .enums import (
    Area,
    BenefactorKind,
    Channel,
    DonationStatus,
    ItemCategory,
    ItemCondition,
    MeasureUnit,
    Method,
)


class Cause(TimeStampedModel):
    code = models.SlugField(_("code"), unique=True)
    area = models.CharField(_("specialised area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    def __str__(self) -> str:
        return self.title


class Benefactor(VersionedModel):
    """A donor (خیر) who keeps an account: a person (national code) or a legal entity (11-digit
    national ID). Giving needs no account; with one, a donor sees their history after proving
    their mobile by SMS code, and their preferences apply to every receipt."""

    kind = models.CharField(_("kind"), max_length=8, choices=BenefactorKind.choices)
    national_code = models.CharField(  # noqa: DJ001 - NULL keeps the unique index partial
        _("national code"),
        max_length=10,
        null=True,
        blank=True,
        validators=[validate_national_code],
    )
    legal_id = models.CharField(  # noqa: DJ001
        _("national ID of the legal entity"),
        max_length=11,
        null=True,
        blank=True,
        validators=[validate_legal_entity_id],
    )
    name = models.CharField(_("name"), max_length=200)
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wants_sms = models.BooleanField(_("receipts by SMS"), default=True)
    wants_paper_receipt = models.BooleanField(_("paper receipts"), default=False)
    anonymous = models.BooleanField(_("give anonymously by default"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["national_code"],
                condition=Q(national_code__isnull=False),
                name="benefactor_unique_national_code",
            ),
            models.UniqueConstraint(
                fields=["legal_id"],
                condition=Q(legal_id__isnull=False),
                name="benefactor_unique_legal_id",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="person", national_code__isnull=False, legal_id__isnull=True)
                    | Q(kind="legal", legal_id__isnull=False, national_code__isnull=True)
                ),
                name="benefactor_identifier_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["mobile"], name="benefactor_mobile")]

    def __str__(self) -> str:
        return self.name


class Campaign(TimeStampedModel):
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=150)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    province = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goal_rials = models.BigIntegerField(_("goal (rials)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Donation(TimeStampedModel):
    # Unique through Meta.constraints, not unique=True: on PostgreSQL a unique field also gets
    # a second, LIKE-pattern index, which every donation would pay for and no query uses.
    tracking_code = models.CharField(_("tracking code"), max_length=16)
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="donations")
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        db_index=False,  # Meta: a partial index
    )
    province = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # Meta: a partial index
    )
    # A county within the province, when the gift is meant for one (giving/targeting.py).
    county = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
        db_index=False,  # Meta: a partial index
    )
    amount_rials = models.BigIntegerField(_("amount (rials)"))
    channel = models.CharField(
        _("channel"), max_length=14, choices=Channel.choices, default=Channel.WEB
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DonationStatus.choices, default=DonationStatus.PENDING
    )
    benefactor = models.ForeignKey(
        Benefactor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        db_index=False,  # Meta: a partial index
    )
    # In person: the office that received it, who recorded it, and the paper trail (receipt
    # book number, POS terminal reference, deposit slip or transfer tracking number).
    office = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # Meta: a partial index
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # Meta: a partial index
    )
    external_reference = models.CharField(_("receipt or bank reference"), max_length=40, blank=True)
    donor_name = models.CharField(_("name"), max_length=150, blank=True)
    donor_mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    anonymous = models.BooleanField(_("give anonymously"), default=False)
    # NULL until the bank gives one, and unique (Meta): NULLs never clash, empty strings would.
    gateway_token = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    # The bank's reference (RRN): unique, so one payment can never be counted twice.
    bank_reference = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    card_mask = models.CharField(max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    failure = models.CharField(max_length=40, blank=True)
    # A donation recorded in error is voided with a reason, never deleted (the audit keeps who).
    void_reason = models.CharField(_("why it was voided"), max_length=300, blank=True)

    class Meta:
        # A column that is often empty (an office's fields on a web gift, the bank's reference
        # until paid) is indexed only where it has a value: a row without one adds no entry,
        # on its insert nor on the paid UPDATE that rewrites every entry it has. A lookup by a
        # value (`col = x`) implies `col IS NOT NULL`, so it still uses the index, on
        # PostgreSQL and SQLite alike.
        indexes = [
            models.Index(fields=["status", "created_at"], name="donation_status_created"),
            *(
                models.Index(
                    fields=[name],
                    name=f"donation_{name}",
                    condition=Q(**{f"{name}__isnull": False}),
                )
                for name in (
                    "campaign",
                    "province",
                    "county",
                    "benefactor",
                    "office",
                    "recorded_by",
                )
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="donation_unique_tracking_code"),
            models.UniqueConstraint(
                fields=["gateway_token"],
                condition=Q(gateway_token__isnull=False),
                name="donation_unique_gateway_token",
            ),
            models.UniqueConstraint(
                fields=["bank_reference"],
                condition=Q(bank_reference__isnull=False),
                name="donation_unique_bank_reference",
            ),
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="donation_positive"),
            # One paper receipt / POS / deposit reference counts once per channel; a voided
            # entry frees its reference, so the corrected one can be recorded.
            models.UniqueConstraint(
                fields=["channel", "external_reference"],
                condition=~Q(external_reference="") & ~Q(status="voided"),
                name="donation_unique_external_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class Allocation(TimeStampedModel):
    """Spending from the people's-participation account: proposed by finance, authorised by the
    head of the organisation. Approved allocations are covered by paid donations, oldest first
    (AllocationSource), so every rial can be traced from donor to spending."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="allocations")
    province = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount_rials = models.BigIntegerField(_("amount (rials)"))
    purpose = models.CharField(_("what it pays for"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="allocation_positive")
        ]

    def __str__(self) -> str:
        return f"{self.cause} · {self.amount_rials}"


class AllocationSource(models.Model):
    """How much of one donation an approved allocation spends."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="sources")
    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="spent_on")
    amount_rials = models.BigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="source_positive")
        ]

    def __str__(self) -> str:
        return f"{self.donation} → {self.allocation_id}: {self.amount_rials}"


class InKindDonation(TimeStampedModel):
    """Goods handed in at an office. `quantity_distributed` moves only under a row lock in
    inkind.py, and the database refuses it ever passing `quantity`."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=ItemCategory.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    measure = models.CharField(_("unit of measure"), max_length=8, choices=MeasureUnit.choices)
    estimated_value_rials = models.BigIntegerField(_("estimated value (rials)"))
    condition = models.CharField(_("condition"), max_length=10, choices=ItemCondition.choices)
    warehouse_receipt = models.CharField(_("warehouse receipt number"), max_length=40)
    office = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    benefactor = models.ForeignKey(
        Benefactor, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts_in_kind"
    )
    donor_name = models.CharField(_("name"), max_length=150, blank=True)
    donor_mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    quantity_distributed = models.PositiveIntegerField(default=0)
    # A receipt recorded in error is cancelled with a reason, never deleted.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="inkind_positive"),
            models.CheckConstraint(
                condition=Q(estimated_value_rials__gte=0), name="inkind_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_distributed__lte=models.F("quantity")),
                name="inkind_not_over_distributed",
            ),
            # Goods already handed on were really received: such a receipt is not cancelled.
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(quantity_distributed=0),
                name="inkind_cancelled_nothing_handed_on",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="inkind_cancel_has_reason",
            ),
            # A cancelled receipt frees its number, so the corrected one can be recorded.
            models.UniqueConstraint(
                fields=["office", "warehouse_receipt"],
                condition=Q(cancelled_at__isnull=True),
                name="inkind_unique_warehouse_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.tracking_code})"

    @property
    def remaining(self) -> int:
        return 0 if self.is_cancelled else self.quantity - self.quantity_distributed

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class InKindDistribution(TimeStampedModel):
    """Part of a gift in kind handed on: to a centre, or to a client from the registry."""

    donation = models.ForeignKey(
        InKindDonation, on_delete=models.PROTECT, related_name="distributions"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    to_centre = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    to_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    distributed_on = models.DateField(_("distributed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # A handover recorded in error is reversed with a reason; its quantity goes back to stock.
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reverse_reason = models.CharField(_("why it was reversed"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="distribution_positive"),
            models.CheckConstraint(
                condition=(
                    Q(to_centre__isnull=False, to_person__isnull=True)
                    | Q(to_centre__isnull=True, to_person__isnull=False)
                ),
                name="distribution_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(reversed_at__isnull=True) | ~Q(reverse_reason=""),
                name="distribution_reverse_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donation_id}: {self.quantity}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class ServicePledge(TimeStampedModel):
    """A benefactor's promise of professional hours (a doctor's visits, a lawyer's counselling)
    to a centre or unit. Delivered hours move only under a row lock in pledges.py."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    benefactor = models.ForeignKey(
        Benefactor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("benefactor")
    )
    profession = models.CharField(_("profession"), max_length=100)
    service = models.CharField(_("service offered"), max_length=200)
    hours_pledged = models.PositiveIntegerField(_("hours pledged"))
    hours_delivered = models.PositiveIntegerField(_("hours delivered"), default=0)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre or unit served"),
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # Withdrawn or ended early: the hours already given stay, no more are logged.
    withdrawn_on = models.DateField(_("ended on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.CharField(_("why it ended early"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(hours_pledged__gt=0), name="pledge_positive"),
            models.CheckConstraint(
                condition=Q(hours_delivered__lte=models.F("hours_pledged")),
                name="pledge_not_over_delivered",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pledge_period"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | (
                    ~Q(withdraw_reason="")
                    & Q(withdrawn_on__gte=models.F("starts_on"))
                    & Q(withdrawn_on__lte=models.F("ends_on"))
                ),
                name="pledge_withdrawn_in_period_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefactor} · {self.service}"

    @property
    def hours_left(self) -> int:
        return 0 if self.is_withdrawn else self.hours_pledged - self.hours_delivered

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class PledgeDelivery(TimeStampedModel):
    """Hours given under a pledge. Who was served is counted, never named."""

    pledge = models.ForeignKey(ServicePledge, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(_("date"))
    hours = models.PositiveIntegerField(_("hours"))
    centre = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="pledge_delivery_positive")
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.hours}h"
