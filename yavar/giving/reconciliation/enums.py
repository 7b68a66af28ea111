from django.db import models
from django.utils.translation import gettext_lazy as _

# The card's account: "people's participation of the State Welfare Organisation".
ACCOUNT_NUMBER = "90190"
BANK_NAME = "بانک ملت"

# A donation paid this many days ago and still on no statement is worth a look.
MISSING_AFTER_DAYS = 7
# How far a deposit's bank date may fall from the day the donation was recorded.
SUGGEST_WINDOW_DAYS = 2


class Direction(models.TextChoices):
    CREDIT = "credit", _("Paid in")
    DEBIT = "debit", _("Paid out")


class LineStatus(models.TextChoices):
    UNMATCHED = "unmatched", _("Not matched")
    SUGGESTED = "suggested", _("Suggested match")
    MATCHED = "matched", _("Matched")
    EXCLUDED = "excluded", _("Not a donation")
    DEBIT = "debit", _("Paid out (not a donation)")


# A line still waiting for the finance officer.
OPEN_STATUSES = frozenset({LineStatus.UNMATCHED, LineStatus.SUGGESTED})


class MatchRule(models.TextChoices):
    BANK_REFERENCE = "bank_reference", _("Bank reference of the online payment")
    EXTERNAL_REFERENCE = "external_reference", _("Deposit, ATM or POS reference")
    TRACKING_CODE = "tracking_code", _("Tracking code in the description")
    DATE_AMOUNT = "date_amount", _("Same amount within two days")
    MANUAL = "manual", _("Matched by hand")
    RECORDED = "recorded", _("Donation recorded from the line")


AUTOMATIC_RULES = frozenset(
    {MatchRule.BANK_REFERENCE, MatchRule.EXTERNAL_REFERENCE, MatchRule.TRACKING_CODE}
)


class ExclusionReason(models.TextChoices):
    BANK_FEE = "bank_fee", _("Bank fee")
    INTEREST = "interest", _("Interest")
    TRANSFER = "transfer", _("Transfer between the organisation's accounts")
    REFUND = "refund", _("Refund or correction by the bank")
    OTHER = "other", _("Other")


class ReconciliationErrorCode(models.TextChoices):
    LINE_NOT_OPEN = "line_not_open", _("This statement line has already been resolved.")
    NOT_A_CREDIT = (
        "line_not_a_credit",
        _("Only money paid into the account can be matched to a donation."),
    )
    NO_SUGGESTION = "line_no_suggestion", _("This statement line has no suggested match.")
    NOT_RESOLVED = "line_not_resolved", _("This statement line has no match to undo.")
    AMOUNT_DIFFERS = (
        "amount_differs",
        _("The donation's amount is not the same as the amount on the statement line."),
    )
    DONATION_NOT_PAID = "donation_not_paid", _("Only a paid donation can be matched.")
    DONATION_TAKEN = (
        "donation_taken",
        _("This donation is already matched to another statement line."),
    )
    UNKNOWN_DONATION = "unknown_donation", _("No donation in your area has this tracking code.")
    REASON_REQUIRED = "reason_required", _("Write the reason.")
    CAMPAIGN_OTHER_CAUSE = (
        "campaign_other_cause",
        _("The campaign chosen raises money for another cause."),
    )
    REFERENCE_RECORDED = (
        "reference_recorded",
        _("A bank deposit with this reference is already recorded; match the line to it by hand."),
    )
