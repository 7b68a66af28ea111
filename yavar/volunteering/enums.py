from django.db import models
from django.utils.translation import gettext_lazy as _

# The registry's genders, so a volunteer and a person use the same codes.
from yavar.people.enums import Gender as Gender

SERVICE_ID = "19071058105"
LEDGER_KIND = "volunteer_assignment"
GENERAL_PROGRAMME = "general"
# Programmes whose work is with children or inside safe houses: a valid clearance is required.
CHILDREN_PROGRAMMES = frozenset({"19041060106"})
SAFE_HOUSE_PROGRAMMES = frozenset({"19071059101"})
MAX_HOURS_PER_DAY = 12


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IDENTITY_CHECKED = "identity_checked", _("Identity checked")
    ACTIVE = "active", _("Accepted (active)")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Skill(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    TEACHING = "teaching", _("Teaching")
    HEALTHCARE = "healthcare", _("Healthcare")
    LEGAL = "legal", _("Legal")
    IT = "it", _("IT")
    ARTS = "arts", _("Arts")
    SPORTS = "sports", _("Sports")
    ADMIN = "admin", _("Administration and logistics")
    CHILDCARE = "childcare", _("Childcare")
    TRANSLATION = "translation", _("Translation")
    OTHER = "other", _("Other")


class Weekday(models.TextChoices):
    # The Iranian week starts on Saturday.
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class IdentityOutcome(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked yet")
    MATCH = "match", _("Matches the civil registry")
    MISMATCH = "mismatch", _("Differs from the civil registry")
    NOT_FOUND = "not_found", _("Not in the civil registry")
    DECEASED = "deceased", _("Deceased according to the civil registry")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class HoursSource(models.TextChoices):
    STAFF = "staff", _("Logged by staff")
    VOLUNTEER = "volunteer", _("Logged by the volunteer")


class VolunteerErrorCode(models.TextChoices):
    ALREADY_APPLIED = (
        "volunteer_already_applied",
        _(
            "An application with this national code is already registered. You can follow it "
            "on the volunteer page after proving your mobile number."
        ),
    )
    MOBILE_NOT_PROVEN = (
        "volunteer_mobile_not_proven",
        _("Prove your mobile number with the code we text you first."),
    )
    COUNTY_NOT_IN_PROVINCE = (
        "volunteer_county_not_in_province",
        _("The county chosen is not in the province chosen."),
    )
    IDENTITY_NOT_CLEAR = (
        "volunteer_identity_not_clear",
        _(
            "The civil registry did not confirm this person's identity. A supervisor must "
            "override the flag with a reason before the volunteer can be accepted."
        ),
    )
    REASON_REQUIRED = "volunteer_reason_required", _("Give a reason.")
    NOT_ACTIVE = "volunteer_not_active", _("Only an accepted (active) volunteer can do this.")
    NO_CLEARANCE = (
        "volunteer_no_clearance",
        _(
            "Work with children or in a safe house needs a valid clearance (for example the "
            "police certificate of no criminal record). Record a clearance first."
        ),
    )
    NOT_WILLING = (
        "volunteer_not_willing",
        _("The volunteer did not agree to this kind of work when signing up."),
    )
    CENTRE_NOT_ALLOWED = (
        "volunteer_centre_not_allowed",
        _("You cannot assign volunteers to this centre."),
    )
    UNKNOWN_PROGRAMME = "volunteer_unknown_programme", _("Choose one of the listed programmes.")
    DATES_ORDER = "volunteer_dates_order", _("The end date must not be before the start date.")
    CLEARANCE_EXPIRED = (
        "volunteer_clearance_expired",
        _("The clearance must be issued by today and expire after today."),
    )
    ASSIGNMENT_ENDED = "volunteer_assignment_ended", _("This assignment has already ended.")
    HOURS_IN_FUTURE = "volunteer_hours_in_future", _("Hours cannot be logged for a future date.")
    HOURS_OUTSIDE_ASSIGNMENT = (
        "volunteer_hours_outside_assignment",
        _("The date is outside the assignment's dates."),
    )
    HOURS_DAY_LIMIT = (
        "volunteer_hours_day_limit",
        _("A volunteer cannot log more than 12 hours in one day."),
    )
    HOURS_NOT_POSITIVE = (
        "volunteer_hours_not_positive",
        _("Hours must be more than zero."),
    )
    HOURS_NOT_PENDING = (
        "volunteer_hours_not_pending",
        _("These hours have already been decided."),
    )
    NO_CONFIRMED_HOURS = (
        "volunteer_no_confirmed_hours",
        _("There are no confirmed hours to certify yet."),
    )
    REGISTRY_DOWN = (
        "volunteer_registry_down",
        _("The civil registry did not answer. Nothing was recorded; try again later."),
    )
