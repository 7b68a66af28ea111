from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    HQ = "hq", _("National headquarters")
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    CENTRE = "centre", _("Centre")


class CentreType(models.TextChoices):
    WELFARE_OFFICE = "welfare_office", _("Welfare office")
    SERVICE_CENTRE = "service_centre", _("Service centre")
    CRISIS_CENTRE = "crisis_centre", _("Crisis-intervention centre (social emergency)")
    SAFE_HOUSE = "safe_house", _("Safe house")
    NGO_CENTRE = "ngo_centre", _("NGO centre")


# Which kind may sit directly under which: the tree is HQ → province → county → centre.
PARENT_KIND = {
    UnitKind.PROVINCE: UnitKind.HQ,
    UnitKind.COUNTY: UnitKind.PROVINCE,
    UnitKind.CENTRE: UnitKind.COUNTY,
}

# Centre types whose very address is a secret outside the centre itself.
CONFIDENTIAL_CENTRE_TYPES = frozenset({CentreType.SAFE_HOUSE})


class OrgUnitErrorCode(models.TextChoices):
    WRONG_PARENT = "orgunit_wrong_parent", _("This kind of unit cannot be placed there.")
    DUPLICATE_CODE = "orgunit_duplicate_code", _("A unit with this code already exists.")
