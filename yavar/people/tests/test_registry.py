import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.people_factory import national_code, person_data
from yavar.accounts.permissions import Perm
from yavar.audit.models import AuditEvent
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.people import selectors, services
from yavar.people.enums import PeopleErrorCode
from yavar.people.models import Coverage, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def test_person_is_created_with_search_keys_and_an_audit_record(personas):
    person = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="محمد‌رضا", last_name="كريمي"),
    )
    assert person.first_name == "محمد‌رضا"  # stored as typed, ZWNJ kept
    assert person.name_key.startswith("محمدرضاکریمی")
    event = AuditEvent.objects.get(action="person.create", object_id=str(person.pk))
    assert event.person_ref == person.national_code


def test_same_national_code_is_refused_with_a_link_only_inside_scope(personas):
    code = national_code()
    first = services.person_create(
        actor=personas.isfahan_worker,
        org_unit=personas.isfahan_county,
        data=person_data(national_code=code),
    )
    with pytest.raises(ApplicationError) as err:
        services.person_create(
            actor=personas.tehran_expert,
            org_unit=personas.tehran_county,
            data=person_data(national_code=code, first_name="دیگر"),
        )
    assert err.value.code == PeopleErrorCode.NATIONAL_CODE_EXISTS
    assert err.value.extra["existing_id"] is None  # Tehran may not open an Isfahan record
    with pytest.raises(ApplicationError) as err:
        services.person_create(
            actor=personas.isfahan_worker,
            org_unit=personas.isfahan_county,
            data=person_data(national_code=code),
        )
    assert err.value.extra["existing_id"] == first.pk
    assert Person.objects.filter(national_code=code).count() == 1


def test_likely_duplicate_must_be_confirmed(personas):
    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="فاطمه", last_name="احمدی", father_name="علی"),
    )
    lookalike = person_data(first_name="فاطمة", last_name="احمدي", father_name="علي")
    with pytest.raises(ApplicationError) as err:
        services.person_create(
            actor=personas.tehran_expert, org_unit=personas.tehran_county, data=lookalike
        )
    assert err.value.code == PeopleErrorCode.LIKELY_DUPLICATE
    assert len(err.value.extra["candidates"]) == 1
    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=lookalike,
        confirmed_not_duplicate=True,
    )
    assert Person.objects.filter(last_key="احمدی").count() == 2


def test_registering_outside_ones_county_is_refused(personas):
    with pytest.raises(ApplicationError) as err:
        services.person_create(
            actor=personas.tehran_expert, org_unit=personas.isfahan_county, data=person_data()
        )
    assert err.value.code == ErrorCode.NOT_FOUND


def test_search_ignores_zwnj_yeh_kaf_digits_and_word_order(personas):
    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="محمد‌رضا", last_name="کریمی", mobile="09351112233"),
    )
    user = personas.tehran_expert
    for text in ("محمدرضا", "محمد رضا كريمي", "کریمی محمد", "رضاکریمی"):
        assert selectors.person_list(user=user, text=text).count() == 1, text
    assert selectors.person_list(user=user, text="۰۹۳۵۱۱۱۲۲۳۳").count() == 1
    assert selectors.person_list(user=user, text="احمدی").count() == 0


def test_search_by_national_code_and_fathers_name(personas):
    code = national_code()
    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(national_code=code, father_name="عبدالله"),
    )
    user = personas.tehran_expert
    persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert selectors.person_list(user=user, text=persian_code).count() == 1
    assert selectors.person_list(user=user, father="عبد الله").count() == 1
    assert selectors.person_list(user=user, father="حسین").count() == 0


def test_another_provinces_people_are_invisible(personas):
    person = services.person_create(
        actor=personas.isfahan_worker, org_unit=personas.isfahan_county, data=person_data()
    )
    assert selectors.person_list(user=personas.tehran_expert).filter(pk=person.pk).count() == 0
    with pytest.raises(ApplicationError) as err:
        selectors.person_get(user=personas.tehran_expert, pk=person.pk)
    assert err.value.code == ErrorCode.NOT_FOUND
    assert selectors.person_get(user=personas.national_expert, pk=person.pk) == person


def test_edit_with_a_stale_version_is_refused(personas):
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    services.person_update(
        actor=personas.tehran_expert,
        person=Person.objects.get(pk=person.pk),
        data=person_data(national_code=person.national_code, first_name="مریم"),
        expected_version=1,
    )
    with pytest.raises(ApplicationError) as err:
        services.person_update(
            actor=personas.tehran_expert,
            person=Person.objects.get(pk=person.pk),
            data=person_data(national_code=person.national_code, first_name="سارا"),
            expected_version=1,
        )
    assert err.value.code == ErrorCode.CONCURRENT_EDIT
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.first_name, fresh.version) == ("مریم", 2)
    assert fresh.name_key.startswith("مریم")


def test_female_headed_household_and_members(personas):
    head = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    child = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="علی", gender="male", birth_date=dt.date(2012, 1, 1)),
    )
    household = services.household_create(
        actor=personas.tehran_expert, head=head, headship_reason="widowed"
    )
    assert household.female_headed
    services.household_add_member(
        actor=personas.tehran_expert, household=household, person=child, relation="child"
    )
    assert HouseholdMember.objects.filter(household=household).count() == 2
    with pytest.raises(ApplicationError) as err:
        services.household_add_member(
            actor=personas.tehran_expert, household=household, person=child, relation="child"
        )
    assert err.value.code == PeopleErrorCode.ALREADY_MEMBER
    female_headed = selectors.person_list(user=personas.tehran_expert, female_headed=True)
    assert list(female_headed) == [head]


def test_a_man_cannot_head_a_female_headed_household(personas):
    man = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(gender="male", first_name="رضا"),
    )
    with pytest.raises(ApplicationError) as err:
        services.household_create(actor=personas.tehran_expert, head=man, headship_reason="widowed")
    assert err.value.code == PeopleErrorCode.HEAD_MUST_BE_FEMALE


def test_confidential_coverage_exists_only_for_those_inside_the_safe_house(personas):
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    services.coverage_start(
        actor=personas.tehran_expert,
        programme="19071059100",
        org_unit=personas.tehran_county,
        start_date=dt.date(2025, 1, 1),
        person=person,
    )
    services.coverage_start(
        actor=personas.safehouse_staff,
        programme="19071059101",
        org_unit=personas.safe_house,
        start_date=dt.date(2025, 2, 1),
        person=person,
        permission=Perm.SAFEHOUSE_CASE_CHANGE,
    )
    assert Coverage.objects.filter(person=person).count() == 2
    seen_by_expert = selectors.person_coverages(user=personas.tehran_expert, person=person)
    assert [c.programme for c in seen_by_expert] == ["19071059100"]
    seen_by_national = selectors.person_coverages(user=personas.national_expert, person=person)
    assert [c.programme for c in seen_by_national] == ["19071059100"]
    seen_by_house = selectors.person_coverages(user=personas.safehouse_staff, person=person)
    assert [c.programme for c in seen_by_house] == ["19071059101"]
    seen_by_focal = selectors.person_coverages(user=personas.tehran_focal_point, person=person)
    assert {c.programme for c in seen_by_focal} == {"19071059100", "19071059101"}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_document_type_and_size_are_checked_by_content(personas):
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    fake = SimpleUploadedFile("order.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError) as err:
        services.document_add(
            actor=personas.tehran_expert, person=person, upload=fake, doc_type="judicial_order"
        )
    assert err.value.code == PeopleErrorCode.FILE_TYPE
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ApplicationError) as err:
        services.document_add(
            actor=personas.tehran_expert, person=person, upload=big, doc_type="other"
        )
    assert err.value.code == PeopleErrorCode.FILE_TOO_LARGE
    document = services.document_add(
        actor=personas.tehran_expert,
        person=person,
        doc_type="judicial_order",
        upload=SimpleUploadedFile("order.pdf", PDF),
        number="9909",
        issuer="دادگاه خانواده ۲",
        issued_on=dt.date(2025, 1, 1),
        expires_on=dt.date(2026, 1, 1),
    )
    assert document.content_type == "application/pdf"
    assert "order" not in document.file.name  # stored under a random name


def test_merge_moves_every_reference_and_can_be_undone(personas):
    keep = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    dup = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="زهرا", father_name="حسن"),
        confirmed_not_duplicate=True,
    )
    coverage = services.coverage_start(
        actor=personas.tehran_expert,
        programme="19071059100",
        org_unit=personas.tehran_county,
        start_date=dt.date(2025, 1, 1),
        person=dup,
    )
    household = services.household_create(actor=personas.tehran_expert, head=dup)
    services.person_merge(actor=personas.tehran_expert, keep=keep, merge=dup)
    coverage.refresh_from_db()
    household.refresh_from_db()
    assert coverage.person_id == keep.pk and household.head_id == keep.pk
    assert Person.objects.get(pk=dup.pk).merged_into_id == keep.pk
    assert selectors.person_list(user=personas.tehran_expert).filter(pk=dup.pk).count() == 0

    services.person_unmerge(actor=personas.tehran_expert, merged=Person.objects.get(pk=dup.pk))
    coverage.refresh_from_db()
    household.refresh_from_db()
    assert coverage.person_id == dup.pk and household.head_id == dup.pk
    assert Person.objects.get(pk=dup.pk).merged_into_id is None


def test_duplicate_scan_finds_lookalikes_across_counties(personas):
    from yavar.people.scan import scan_duplicates

    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="معصومه", last_name="رحیمی", birth_date=dt.date(1980, 2, 2)),
    )
    services.person_create(
        actor=personas.isfahan_worker,
        org_unit=personas.isfahan_county,
        data=person_data(first_name="معصومة", last_name="رحيمي", birth_date=dt.date(1980, 2, 2)),
    )
    assert scan_duplicates() == 1
    assert scan_duplicates() == 0  # re-running adds nothing
    # Each province sees only pairs wholly inside its scope.
    assert selectors.duplicate_candidates(user=personas.tehran_expert).count() == 0


def test_under_coverage_is_a_question_with_dates_and_households(personas):
    head = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    child = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="امید", gender="male"),
    )
    household = services.household_create(actor=personas.tehran_expert, head=head)
    services.household_add_member(
        actor=personas.tehran_expert, household=household, person=child, relation="child"
    )
    coverage = services.coverage_start(
        actor=personas.tehran_expert,
        programme="19071059100",
        org_unit=personas.tehran_county,
        start_date=dt.date(2025, 1, 1),
        household=household,
    )
    assert selectors.is_under_coverage(
        person=child, programme="19071059100", on=dt.date(2025, 6, 1)
    )
    assert not selectors.is_under_coverage(
        person=child, programme="19071059100", on=dt.date(2024, 6, 1)
    )
    assert not selectors.is_under_coverage(person=child, programme="19041060106")
    services.coverage_end(
        actor=personas.tehran_expert,
        coverage=coverage,
        end_date=dt.date(2025, 12, 1),
        reason="graduated",
    )
    assert not selectors.is_under_coverage(
        person=head, programme="19071059100", on=dt.date(2026, 1, 1)
    )
    covered = selectors.people_under_coverage(
        user=personas.tehran_expert, programme="19071059100", on=dt.date(2025, 6, 1)
    )
    assert set(covered) == {head, child}
    assert not selectors.people_under_coverage(
        user=personas.isfahan_worker, programme="19071059100", on=dt.date(2025, 6, 1)
    ).exists()


def test_scan_command_finds_pairs_now_or_through_the_task_queue(personas):
    import io

    from django.core.management import call_command

    from yavar.people.models import DuplicateCandidate

    for first in ("سکینه", "سكينه"):
        services.person_create(
            actor=personas.tehran_expert,
            org_unit=personas.tehran_county,
            data=person_data(first_name=first),
            confirmed_not_duplicate=True,
        )
    out = io.StringIO()
    call_command("scan_duplicates", "--now", stdout=out)
    assert out.getvalue().startswith("1 new")
    DuplicateCandidate.objects.all().delete()
    call_command("scan_duplicates", stdout=io.StringIO())  # the test backend runs it at once
    assert DuplicateCandidate.objects.count() == 1
