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
    CAUSE_CLOSED = "cause_closed", _("This cause is not taking gifts now.")
    CHOICES_CHANGED = (
        "choices_changed",
        _(
            "The cause or campaign you chose changed a moment ago; check the form and send "
            "it again."
        ),
    )
    COUNTY_NOT_IN_PROVINCE = (
        "county_not_in_province",
        _("The county chosen is not in the province chosen."),
    )
    OUTSIDE_CAMPAIGN_TARGET = (
        "outside_campaign_target",
        _(
            "This campaign raises money for another province or county. Leave the province "
            "empty, or choose the campaign's own."
        ),
    )
    CAMPAIGN_CAUSE_FIXED = (
        "campaign_cause_fixed",
        _("Donations have been made to this campaign; its cause can no longer change."),
    )
    CAMPAIGN_NOT_STARTED = (
        "campaign_not_started",
        _("This campaign has not started; change its dates instead of closing it."),
    )
    CAMPAIGN_ALREADY_ENDED = "campaign_already_ended", _("This campaign has already ended.")
    INSUFFICIENT_BALANCE = (
        "insufficient_balance",
        _("The cause's balance in the participation account does not cover this allocation."),
    )


# --- Received in person: cash, goods and professional services ------------------------------

IN_PERSON_CHANNELS = ("in_person", "pos", "atm", "bank_deposit")


class ItemCategory(models.TextChoices):
    FOOD = "food", _("Food")
    CLOTHING = "clothing", _("Clothing")
    HOUSEHOLD = "household", _("Household goods")
    MEDICAL = "medical", _("Medical and rehabilitation equipment")
    STATIONERY = "stationery", _("Books and stationery")
    OTHER = "other", _("Other goods")


class ItemCondition(models.TextChoices):
    NEW = "new", _("New")
    USED_GOOD = "used_good", _("Used, good")
    USED_FAIR = "used_fair", _("Used, fair")


class MeasureUnit(models.TextChoices):
    PIECE = "piece", _("piece")
    PACK = "pack", _("pack")
    CARTON = "carton", _("carton")
    KILOGRAM = "kg", _("kilogram")
    LITRE = "litre", _("litre")
    SET = "set", _("set")


class OfficeErrorCode(models.TextChoices):
    NOT_IN_PERSON = "not_in_person", _("Only donations received in person are recorded here.")
    DUPLICATE_REFERENCE = (
        "duplicate_reference",
        _("A donation with this reference number is already recorded on this channel."),
    )
    REFERENCE_REQUIRED = (
        "reference_required",
        _("Enter the receipt-book, terminal, slip or tracking number."),
    )
    FUTURE_DATE = "future_date", _("The date cannot be in the future.")
    ALREADY_VOIDED = "already_voided", _("This entry is already voided.")
    REASON_REQUIRED = "reason_required", _("Write why this entry is voided.")
    ALREADY_SPENT = (
        "already_spent",
        _(
            "Part of this donation has already been spent by an approved allocation, so it "
            "cannot be voided."
        ),
    )
    BALANCE_NEGATIVE = (
        "balance_negative",
        _("Voiding this donation would leave the cause's balance below zero."),
    )
    WAREHOUSE_RECEIPT_TAKEN = (
        "warehouse_receipt_taken",
        _("This warehouse receipt number is already recorded at this office."),
    )
    NOT_A_CENTRE = "not_a_centre", _("Choose a centre within the unit this pledge serves.")
    OVER_DISTRIBUTION = (
        "over_distribution",
        _("The quantity is more than what is left of this donation."),
    )
    ONE_RECIPIENT = (
        "one_recipient",
        _("Choose either a centre or a client as the recipient, not both and not neither."),
    )
    OVER_DELIVERY = (
        "over_delivery",
        _("These hours would exceed the hours pledged."),
    )
    OUTSIDE_PERIOD = "outside_period", _("The date is outside the pledge's period.")
    BAD_PERIOD = "bad_period", _("The period must end on or after the day it starts.")
    DUPLICATE_BENEFACTOR = (
        "duplicate_benefactor",
        _("A benefactor with this national code or national ID is already registered."),
    )
    NOT_VERIFIED = (
        "mobile_not_verified",
        _("Confirm your mobile number with the code we text you first."),
    )


class CorrectionErrorCode(models.TextChoices):
    """Refusals when an entry recorded in error is put right: cancelled, reversed, withdrawn."""

    REASON_MISSING = "reason_missing", _("Write the reason; it stays on record.")
    GIFT_CANCELLED = (
        "gift_cancelled",
        _("This goods entry was cancelled; nothing can be handed on from it."),
    )
    ALREADY_CANCELLED = "already_cancelled", _("This goods entry is already cancelled.")
    ALREADY_HANDED_ON = (
        "already_handed_on",
        _(
            "Part of these goods has been handed on. Reverse those handovers first if they "
            "were recorded in error."
        ),
    )
    ALREADY_REVERSED = "already_reversed", _("This handover has already been reversed.")
    PLEDGE_WITHDRAWN = (
        "pledge_withdrawn",
        _("This pledge has ended; no more hours can be logged on it."),
    )
    ALREADY_WITHDRAWN = "already_withdrawn", _("This pledge has already ended.")
    END_BEFORE_LOGGED = (
        "end_before_logged",
        _("Hours are logged after this date; choose the day of the last hours logged or later."),
    )
    END_OUTSIDE_PERIOD = (
        "end_outside_period",
        _("The end date must fall within the pledge's period and cannot be in the future."),
    )
