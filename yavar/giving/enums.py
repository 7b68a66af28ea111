from django.db import models
from django.utils.translation import gettext_lazy as _

SERVICE_ID = "19071058105"
MIN_DONATION_RIALS = 10_000


class Area(models.TextChoices):
    """The organisation's specialised areas a donation can be given to."""

    CHILDREN = "children", _("Children without guardians")
    WOMEN_HEADS = "women_heads", _("Women heads of household")
    DISABILITY = "disability", _("People with disabilities")
    SAFE_HOUSES = "safe_houses", _("Safe houses for women")
    HARM_PREVENTION = "harm_prevention", _("Social harm prevention")
    ELDERLY = "elderly", _("Older people")
    GENERAL = "general", _("Wherever the need is greatest")


class BenefactorKind(models.TextChoices):
    PERSON = "person", _("Person")
    LEGAL = "legal", _("Legal entity")


class Channel(models.TextChoices):
    WEB = "web", _("Website (bank gateway)")
    IN_PERSON = "in_person", _("In person at an office")
    POS = "pos", _("Card reader (POS)")
    ATM = "atm", _("ATM transfer")
    BANK_DEPOSIT = "bank_deposit", _("Bank deposit")
    SMS = "sms", _("SMS")


class Method(models.TextChoices):
    """How a campaign attracts participation — the card's one process: choosing the method."""

    ONLINE = "online", _("Online campaign")
    SMS = "sms", _("SMS campaign")
    ATM = "atm", _("ATM campaign")
    EVENT = "event", _("Event")
    IN_PERSON = "in_person", _("In-person collection")


class DonationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Not paid")
    EXPIRED = "expired", _("Expired without payment")
    REVERSED = "reversed", _("Refunded by the bank")
    VOIDED = "voided", _("Voided: recorded in error")


class GivingErrorCode(models.TextChoices):
    AMOUNT_TOO_SMALL = (
        "amount_too_small",
        _("The smallest donation is 1,000 tomans (10,000 rials)."),
    )
    UNKNOWN_DONATION = "unknown_donation", _("No donation matches this payment.")
    GATEWAY_DOWN = (
        "gateway_down",
        _(
            "The bank's payment page is not available right now. Nothing was charged; "
            "please try again shortly."
        ),
    )
    CAMPAIGN_CLOSED = "campaign_closed", _("This campaign is not running now.")
    INSUFFICIENT_BALANCE = (
        "insufficient_balance",
        _("The cause's balance in the participation account does not cover this allocation."),
    )
