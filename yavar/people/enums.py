from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    NATIONAL_CODE = "national_code", _("Iranian national code")
    FOREIGN_ID = "foreign_id", _("Foreign national ID (FIDA / residence card)")
    PASSPORT = "passport", _("Passport")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Nationality(models.TextChoices):
    IRANIAN = "IR", _("Iranian")
    AFGHAN = "AF", _("Afghan")
    IRAQI = "IQ", _("Iraqi")
    PAKISTANI = "PK", _("Pakistani")
    OTHER = "XX", _("Other")


class Literacy(models.TextChoices):
    ILLITERATE = "illiterate", _("Cannot read or write")
    LITERATE = "literate", _("Can read and write")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    DIPLOMA = "diploma", _("High-school diploma")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class IdentityStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not checked")
    VERIFIED = "verified", _("Verified with the civil registry")
    MISMATCH = "mismatch", _("Differs from the civil registry")
    NOT_FOUND = "not_found", _("Not found in the civil registry")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class HeadshipReason(models.TextChoices):
    """Why a woman heads her household (the categories service 19071059100 works with)."""

    WIDOWED = "widowed", _("Widowed")
    DIVORCED = "divorced", _("Divorced")
    SPOUSE_DISABLED = "spouse_disabled", _("Husband disabled or chronically ill")
    SPOUSE_ABSENT = "spouse_absent", _("Husband absent, missing or abandoned the family")
    SPOUSE_IMPRISONED = "spouse_imprisoned", _("Husband imprisoned")
    NEVER_MARRIED = "never_married", _("Never married, self-supporting")
    OTHER = "other", _("Other")


class DocumentType(models.TextChoices):
    ID_CARD = "id_card", _("National ID card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate (shenasnameh)")
    JUDICIAL_ORDER = "judicial_order", _("Judicial order")
    MEDICAL = "medical", _("Medical record")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")


class CoverageEndReason(models.TextChoices):
    GRADUATED = "graduated", _("Became self-sufficient")
    NO_LONGER_ELIGIBLE = "ineligible", _("No longer eligible")
    MOVED = "moved", _("Moved to another area")
    DECEASED = "deceased", _("Died")
    WITHDREW = "withdrew", _("Withdrew")
    MERGED = "merged", _("Record merged into another")
    OTHER = "other", _("Other")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class PeopleErrorCode(models.TextChoices):
    NATIONAL_CODE_EXISTS = (
        "person_national_code_exists",
        _("A person with this national code is already registered."),
    )
    FOREIGN_ID_EXISTS = (
        "person_foreign_id_exists",
        _("A person with this identity document is already registered."),
    )
    LIKELY_DUPLICATE = (
        "person_likely_duplicate",
        _("People who look like the same person are already registered. Check them first."),
    )
    ID_NUMBER_REQUIRED = "person_id_number_required", _("Enter the identity number.")
    NOT_A_COUNTY = "person_unit_not_county", _("Choose a county.")
    ALREADY_MEMBER = (
        "household_already_member",
        _("This person is already a member of a household."),
    )
    HEAD_MUST_BE_FEMALE = (
        "household_head_not_female",
        _("Only a woman's household can be recorded as female-headed."),
    )
    FILE_TOO_LARGE = "document_too_large", _("The file is too large (at most 5 MB).")
    FILE_TYPE = "document_type", _("Only PDF, JPEG and PNG files are accepted.")
    MERGE_SELF = "merge_self", _("A record cannot be merged into itself.")
    MERGE_INACTIVE = "merge_inactive", _("One of these records has already been merged.")
    NOT_MERGED = "not_merged", _("This record was not merged.")
    COVERAGE_DATES = "coverage_dates", _("The end date must not be before the start date.")
