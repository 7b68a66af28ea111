"""A crisis-centre referral through intake, decision, admission, services, discharge and
follow-up — and the refusals along the way."""

import datetime as dt

import pytest

from tests.people_factory import person_data
from yavar.catalog.models import ServiceDelivery
from yavar.catalog.selectors import live_figures
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.people.models import Coverage
from yavar.safehouse import services
from yavar.safehouse.enums import CaseStatus, SafehouseErrorCode
from yavar.safehouse.models import Case
from yavar.workflow.engine import history

from .conftest import high_risk

pytestmark = pytest.mark.django_db


def admit(personas, case, children=0):
    staff = personas.safehouse_staff
    services.case_record_intake(
        actor=staff,
        case=case,
        violence_types=["physical"],
        perpetrator="husband",
        risk_answers=high_risk(),
        children=children,
    )
    services.case_decide(actor=staff, case=case, decision="admit", reason="خطر جانی بالا")
    return services.case_admit(actor=staff, case=case, children_with_her=children)


def test_full_path_from_referral_to_follow_up(personas, case):
    staff = personas.safehouse_staff
    assert case.code.startswith("SH-") and case.status == CaseStatus.OPEN
    intake = services.case_record_intake(
        actor=staff,
        case=case,
        violence_types=["physical", "psychological"],
        perpetrator="husband",
        risk_answers=high_risk(),
        children=1,
    )
    assert intake.risk_score == 11
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSED
    services.case_decide(actor=staff, case=case, decision="admit", reason="خطر جانی")
    services.case_admit(actor=staff, case=case, children_with_her=1)
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED and case.stay_until is not None
    services.service_add(
        actor=staff, case=case, kind="self_care", on=dt.date.today(), topic="مهارت ایمنی"
    )
    services.service_add(
        actor=staff,
        case=case,
        kind="judiciary",
        on=dt.date.today(),
        court="دادگاه خانواده ۱",
        court_case_number="9901",
    )
    services.safety_plan_save(actor=staff, case=case, plan="شماره‌های اضطراری حفظ شد")
    services.case_discharge(
        actor=staff, case=case, reason="independent", destination="خانهٔ اجاره‌ای"
    )
    services.follow_up_add(
        actor=staff, case=case, on=dt.date.today(), method="trusted_person", outcome="در امان است"
    )
    services.case_close(actor=staff, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert [h.to_status for h in history(case)] == ["assessed", "admitted", "discharged", "closed"]
    coverage = Coverage.objects.get(person=case.person, programme="19071059101")
    assert coverage.end_date is not None
    kinds = sorted(ServiceDelivery.objects.values_list("kind", flat=True))
    assert kinds == ["admission", "self_care_training"]
    assert live_figures(service_id="19071059101").total == 1


def test_admission_needs_the_admit_decision(personas, case):
    staff = personas.safehouse_staff
    services.case_record_intake(
        actor=staff, case=case, violence_types=["economic"], perpetrator="husband", risk_answers={}
    )
    services.case_decide(actor=staff, case=case, decision="self_care", reason="خطر پایین")
    with pytest.raises(ApplicationError) as err:
        services.case_admit(actor=staff, case=case)
    assert err.value.code == ErrorCode.GUARD_FAILED
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ASSESSED


def test_a_full_house_refuses_admission_counting_children(personas, case, house):
    admit(personas, case, children=2)  # 3 beds: her and two children
    second = services.case_open(
        actor=personas.safehouse_staff,
        house_unit=personas.safe_house,
        person_data=person_data(first_name="دوم"),
        referral_source="self",
        safe_contact="in_person",
    )
    with pytest.raises(ApplicationError) as err:
        admit(personas, second)
    assert err.value.code == SafehouseErrorCode.HOUSE_FULL
    assert Case.objects.get(pk=second.pk).status == CaseStatus.ASSESSED


def test_referral_out_needs_her_valid_consent(personas, case):
    staff = personas.safehouse_staff
    services.case_record_intake(
        actor=staff, case=case, violence_types=["physical"], perpetrator="husband", risk_answers={}
    )
    services.case_decide(actor=staff, case=case, decision="refer", reason="نیاز به درمان")
    due = dt.date.today() + dt.timedelta(days=7)
    with pytest.raises(ApplicationError) as err:
        services.referral_create(
            actor=staff, case=case, to_body="بیمارستان", reason="درمان", due_on=due
        )
    assert err.value.code == SafehouseErrorCode.NO_CONSENT
    consent = services.consent_record(
        actor=staff,
        case=case,
        recipient="بیمارستان",
        purpose="درمان",
        given_on=dt.date.today(),
        expires_on=due,
    )
    referral = services.referral_create(
        actor=staff, case=case, to_body="بیمارستان", reason="درمان", due_on=due
    )
    assert referral.consent == consent
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REFERRED_OUT
    services.consent_withdraw(actor=staff, consent=consent)
    with pytest.raises(ApplicationError):
        services.referral_create(
            actor=staff, case=case, to_body="بیمارستان", reason="دوباره", due_on=due
        )


def test_only_a_supervisor_extends_a_stay(personas, case):
    admit(personas, case)
    later = dt.date.today() + dt.timedelta(days=200)
    with pytest.raises(ApplicationError):
        services.case_extend_stay(
            actor=personas.safehouse_staff, case=case, until=later, reason="x"
        )
    services.case_extend_stay(
        actor=personas.tehran_focal_point, case=case, until=later, reason="پرونده قضایی باز است"
    )
    assert Case.objects.get(pk=case.pk).stay_until == later


def test_other_roles_cannot_touch_the_case(personas, case):
    for outsider in (personas.tehran_expert, personas.national_expert, personas.isfahan_worker):
        with pytest.raises(ApplicationError) as err:
            services.case_record_intake(
                actor=outsider, case=case, violence_types=[], perpetrator="husband", risk_answers={}
            )
        assert err.value.code == ErrorCode.NOT_FOUND


def test_her_registry_record_is_as_confidential_as_the_case(personas, case):
    from yavar.people import selectors as people

    assert case.person.org_unit == personas.safe_house
    for outsider in (personas.tehran_expert, personas.national_expert):
        assert not people.person_list(user=outsider, text="MARKERNAME").exists()


def test_archive_and_deliberate_purge(personas, case):
    staff = personas.safehouse_staff
    admit(personas, case)
    services.case_discharge(actor=staff, case=case, reason="independent", destination="MARKERDEST")
    services.case_close(actor=staff, case=case)
    assert services.archive_closed_cases(older_than_days=0) == 1
    case.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.case_purge(actor=staff, case=case, reason="مدت نگهداری گذشت")  # staff may not
    services.case_purge(actor=personas.tehran_focal_point, case=case, reason="مدت نگهداری گذشت")
    assert Case.objects.get(pk=case.pk).discharge_destination == ""
    assert ServiceDelivery.objects.filter(kind="admission").count() == 1  # figures stay true


def test_archive_command_runs_the_retention_rule(personas, case, settings):
    from django.core.management import call_command

    settings.YAVAR_SAFEHOUSE_ARCHIVE_AFTER_DAYS = 0
    staff = personas.safehouse_staff
    admit(personas, case)
    services.case_discharge(actor=staff, case=case, reason="independent", destination="x")
    services.case_close(actor=staff, case=case)
    call_command("archive_safehouse_cases")
    assert Case.objects.get(pk=case.pk).archived_at is not None
