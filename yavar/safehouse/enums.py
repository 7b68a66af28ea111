from django.db import models
from django.utils.translation import gettext_lazy as _

SERVICE_ID = "19071059101"


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self-referral")
    CRISIS_CENTRE = "crisis_centre", _("Crisis-intervention centre (social emergency 123)")
    POLICE = "police", _("Police")
    JUDICIARY = "judiciary", _("Judiciary")
    HEALTH = "health", _("Health services")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other body")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Request recorded")
    ASSESSED = "assessed", _("Interviewed and assessed")
    ADMITTED = "admitted", _("Admitted to a safe house")
    SELF_CARE = "self_care", _("Self-care training, without admission")
    REFERRED_OUT = "referred_out", _("Referred elsewhere")
    DISCHARGED = "discharged", _("Discharged; in follow-up")
    CLOSED = "closed", _("Closed")


class Decision(models.TextChoices):
    ADMIT = "admit", _("Admit to a safe house")
    SELF_CARE = "self_care", _("Self-care training case by case")
    REFER = "refer", _("Refer elsewhere")


class ViolenceType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    PSYCHOLOGICAL = "psychological", _("Psychological / emotional")
    SEXUAL = "sexual", _("Sexual")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social isolation / control")
    HONOUR = "honour", _("Threats in the name of honour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced or child marriage")


class Perpetrator(models.TextChoices):
    HUSBAND = "husband", _("Husband")
    FORMER_HUSBAND = "former_husband", _("Former husband")
    FATHER = "father", _("Father")
    BROTHER = "brother", _("Brother")
    SON = "son", _("Son")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Someone else")


class ContactMethod(models.TextChoices):
    OWN_MOBILE = "own_mobile", _("Her own mobile, only she answers")
    TRUSTED_PERSON = "trusted_person", _("Through a trusted person")
    IN_PERSON = "in_person", _("Only in person at the centre")
    NO_CONTACT = "no_contact", _("Do not contact")


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("Social-work counselling")
    PSYCHOLOGICAL = "psychological", _("Psychological care")
    LEGAL_AID = "legal_aid", _("Legal aid")
    MEDICAL = "medical", _("Medical referral")
    SELF_CARE = "self_care", _("Self-care training session")
    SKILLS = "skills", _("Skills training")
    MEDIATION = "mediation", _("Family mediation")
    JUDICIARY = "judiciary", _("Judiciary follow-up")


class DischargeReason(models.TextChoices):
    SAFE_RETURN = "safe_return", _("Safe return home")
    INDEPENDENT = "independent", _("Living independently")
    RELATIVES = "relatives", _("To relatives")
    OTHER_SERVICE = "other_service", _("To another service or centre")
    LEFT = "left", _("Left by her own choice")
    LIMIT = "limit", _("Stay limit reached")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting feedback")
    ANSWERED = "answered", _("Feedback received")
    CANCELLED = "cancelled", _("Cancelled")


class SafehouseErrorCode(models.TextChoices):
    HOUSE_FULL = "house_full", _("The safe house has no free bed for her and her children.")
    NOT_A_HOUSE = "not_a_safe_house", _("Choose a safe house.")
    NO_CONSENT = (
        "no_consent",
        _("There is no valid consent from her to share with this body. Record it first."),
    )
    NO_DECISION = "no_decision", _("Record the social worker's decision first.")
    WRONG_DECISION = "wrong_decision", _("This step does not follow the recorded decision.")
    STAY_LIMIT = (
        "stay_limit",
        _("The stay limit has been reached; a supervisor must approve an extension."),
    )
    REASON_REQUIRED = "reason_required", _("Write the reason.")
    NOT_CLOSED = "not_closed", _("Only closed cases can be archived or purged.")
    CONSENT_DATES = "consent_dates", _("Consent must end after it is given.")
