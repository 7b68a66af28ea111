import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yavar.core.errors import ApplicationError
from yavar.orgunits import services
from yavar.orgunits.enums import CentreType, OrgUnitErrorCode, UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import unit_address, unit_subtree

pytestmark = pytest.mark.django_db


def test_reference_tree_has_hq_31_provinces_and_448_counties():
    assert OrgUnit.objects.filter(kind=UnitKind.HQ).count() == 1
    assert OrgUnit.objects.filter(kind=UnitKind.PROVINCE).count() == 31
    assert OrgUnit.objects.filter(kind=UnitKind.COUNTY).count() == 448
    tehran = OrgUnit.objects.get(code="P23")
    assert (tehran.name_fa, tehran.name_en, tehran.iso_code) == ("تهران", "Tehran", "IR-23")


def test_every_county_sits_under_its_province():
    for county in OrgUnit.objects.filter(kind=UnitKind.COUNTY).select_related("parent")[:448]:
        assert county.parent.kind == UnitKind.PROVINCE
        assert county.path.startswith(county.parent.path)
        assert county.sci_code.startswith(county.parent.sci_code) or county.parent.sci_code == "0"


def test_subtree_of_a_province_is_one_query_and_exactly_its_counties():
    tehran = OrgUnit.objects.get(code="P23")
    expected = {tehran.pk} | set(OrgUnit.objects.filter(parent=tehran).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        found = set(unit_subtree(unit=tehran).values_list("pk", flat=True))
    assert len(queries) == 1
    assert found == expected
    assert OrgUnit.objects.get(code="C1002").pk not in found


def test_subtree_query_uses_the_path_index():
    tehran = OrgUnit.objects.get(code="P23")
    plan = unit_subtree(unit=tehran).explain()
    assert "path" in plan.lower() or "index" in plan.lower()
    assert "SCAN orgunits_orgunit\n" not in plan  # not a full table scan on SQLite


def test_centre_under_a_province_is_refused():
    with pytest.raises(ApplicationError) as err:
        services.orgunit_create(
            actor=None,
            kind=UnitKind.CENTRE,
            parent=OrgUnit.objects.get(code="P23"),
            code="X1",
            name_fa="مرکز",
            centre_type=CentreType.SERVICE_CENTRE,
        )
    assert err.value.code == OrgUnitErrorCode.WRONG_PARENT
    assert not OrgUnit.objects.filter(code="X1").exists()


def test_duplicate_code_is_refused():
    county = OrgUnit.objects.get(code="C2301")
    with pytest.raises(ApplicationError) as err:
        services.orgunit_create(
            actor=None,
            kind=UnitKind.CENTRE,
            parent=county,
            code="P10",
            name_fa="تکراری",
            centre_type=CentreType.SERVICE_CENTRE,
        )
    assert err.value.code == OrgUnitErrorCode.DUPLICATE_CODE


def test_safe_house_is_confidential_and_its_address_is_kept_out_of_the_audit(personas):
    from yavar.audit.models import AuditEvent

    assert personas.safe_house.confidential
    assert not personas.tehran_office.confidential
    event = AuditEvent.objects.get(action="orgunit.create", object_id=str(personas.safe_house.pk))
    assert "address" not in event.changes
    assert "MARKER" not in str(event.changes)


def test_safe_house_address_is_shown_only_inside_it(personas):
    house = personas.safe_house
    assert unit_address(user=personas.safehouse_staff, unit=house) == house.address
    assert unit_address(user=personas.tehran_focal_point, unit=house) == house.address
    for outsider in (personas.national_expert, personas.tehran_expert, personas.auditor):
        assert unit_address(user=outsider, unit=house) is None
    assert unit_address(user=personas.tehran_expert, unit=personas.tehran_office) == (
        personas.tehran_office.address
    )
