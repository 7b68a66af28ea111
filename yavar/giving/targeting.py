"""Where a gift is meant to go: the whole country, a province, or a county within it.

A campaign run for a province or a county fixes the target of every gift made through it; a
donor giving outside such a campaign may choose a province and, within it, a county. The
target decides which province's figures count the gift and where its ledger row is written;
allocations still draw on the cause's balance (allocations.py)."""

from __future__ import annotations

from yavar.core.errors import ApplicationError
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import province_and_county

from .enums import GivingErrorCode
from .models import Campaign

Target = tuple[OrgUnit | None, OrgUnit | None]  # (province, county)


def donation_target(
    *, campaign: Campaign | None, province: OrgUnit | None, county: OrgUnit | None
) -> Target:
    """The (province, county) a gift goes to; refuses a county outside its province and a
    choice that contradicts the campaign's own target."""
    if campaign is not None and campaign.province is not None:
        fixed_province, fixed_county = province_and_county(campaign.province)
        if province is not None and fixed_province is not None and province != fixed_province:
            raise ApplicationError(GivingErrorCode.OUTSIDE_CAMPAIGN_TARGET)
        if county is not None and fixed_county is not None and county != fixed_county:
            raise ApplicationError(GivingErrorCode.OUTSIDE_CAMPAIGN_TARGET)
        province, county = fixed_province, fixed_county or county
    if county is None:
        return province, None
    if county.kind != UnitKind.COUNTY:
        raise ApplicationError(GivingErrorCode.COUNTY_NOT_IN_PROVINCE)
    if province is None:
        province = county.parent
    elif county.parent_id != province.pk:
        raise ApplicationError(GivingErrorCode.COUNTY_NOT_IN_PROVINCE)
    return province, county
