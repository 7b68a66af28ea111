"""core.rows.insert_instance: the same row Model.save would write, and a conflict skipped."""

import pytest
from django.db import IntegrityError

from yavar.catalog.enums import SubjectType
from yavar.catalog.models import ServiceDelivery
from yavar.core.rows import insert_instance
from yavar.giving.models import Cause
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_row_is_what_save_would_write():
    cause = Cause(code="disability", area="disability", title="معلولان")
    assert insert_instance(cause) is cause
    assert cause.pk and not cause._state.adding
    stored = Cause.objects.get(pk=cause.pk)
    assert (stored.code, stored.title, stored.active) == ("disability", "معلولان", True)
    # auto_now_add / auto_now stamped as save() stamps them, and kept on the instance.
    assert stored.created_at == cause.created_at and stored.updated_at == cause.updated_at


def test_a_unique_clash_is_refused_or_skipped():
    insert_instance(Cause(code="women", area="women", title="زنان"))
    with pytest.raises(IntegrityError):
        insert_instance(Cause(code="women", area="women", title="دوباره"))


def test_ignore_conflicts_skips_the_clash_and_says_so():
    unit = OrgUnit.objects.filter(kind="province").first()
    cause = Cause.objects.create(code="children", area="children", title="کودکان")
    values = {
        "service_id": "19071058105",
        "subject_type": SubjectType.PERSON,
        "subject_id": "09120000000",
        "subject_key": "person:09120000000",
        "org_unit": unit,
        "province": unit,
        "delivered_on": cause.created_at.date(),
        "jalali_year": 1405,
        "jalali_season": 3,
        "jalali_month": 9,
        "kind": "cash_donation",
        "source_type": "giving.donation",
        "source_id": "1",
    }
    first = insert_instance(ServiceDelivery(**values), ignore_conflicts=True)
    assert first is not None
    assert insert_instance(ServiceDelivery(**values), ignore_conflicts=True) is None
    assert ServiceDelivery.objects.filter(source_id="1").count() == 1
