"""Vetting: the identity inquiry through the civil registry simulator, the supervisor's
override, the decision, and the province/county scope (another province's volunteer is 404)."""

import pytest

from yavar.core.errors import ApplicationError
from yavar.integrations.models import InquiryLog
from yavar.volunteering import services
from yavar.volunteering.models import Volunteer

from .conftest import apply

pytestmark = pytest.mark.django_db


def test_a_matching_identity_is_recorded_with_its_date_and_allows_acceptance(
    personas, login, registry
):
    volunteer = apply(personas)
    registry.knows(volunteer)
    client = login(personas.tehran_expert)
    client.post(f"/volunteers/{volunteer.pk}/do/check_identity/")
    volunteer.refresh_from_db()
    assert volunteer.identity_status == "match"
    assert volunteer.identity_checked_at is not None
    assert volunteer.status == "identity_checked"
    assert InquiryLog.objects.filter(body="civil_registry").count() == 1
    client.post(f"/volunteers/{volunteer.pk}/do/accept/", {"reason": ""})
    assert Volunteer.objects.get(pk=volunteer.pk).status == "active"


def test_a_mismatch_is_flagged_and_blocks_acceptance_until_a_supervisor_overrides(
    personas, login, registry
):
    volunteer = apply(personas, county=personas.isfahan_county, province=personas.isfahan)
    registry.knows(volunteer, first_name="مریم", father_name="رضا")
    worker = login(personas.isfahan_worker)
    worker.post(f"/volunteers/{volunteer.pk}/do/check_identity/")
    volunteer.refresh_from_db()
    assert volunteer.identity_status == "mismatch"
    assert volunteer.identity_mismatches == ["first_name", "father_name"]
    page = worker.post(f"/volunteers/{volunteer.pk}/do/accept/", follow=True).content.decode()
    assert "ثبت احوال" in page or "civil registry" in page
    assert Volunteer.objects.get(pk=volunteer.pk).status == "identity_checked"
    # A county worker is not a supervisor.
    with pytest.raises(ApplicationError):
        services.volunteer_override_identity(
            actor=personas.isfahan_worker, volunteer=volunteer, reason="دیدم"
        )
    with pytest.raises(ApplicationError):
        services.volunteer_decide(actor=personas.isfahan_worker, volunteer=volunteer, step="accept")


def test_supervisor_override_needs_a_reason_then_lets_the_volunteer_in(personas, login, registry):
    volunteer = apply(personas)
    registry.simulator.mark_unknown(volunteer.national_code)
    client = login(personas.tehran_expert)
    client.post(f"/volunteers/{volunteer.pk}/do/check_identity/")
    assert Volunteer.objects.get(pk=volunteer.pk).identity_status == "not_found"
    client.post(f"/volunteers/{volunteer.pk}/do/override/", {"reason": ""})
    assert Volunteer.objects.get(pk=volunteer.pk).identity_override_reason == ""
    client.post(
        f"/volunteers/{volunteer.pk}/do/override/",
        {"reason": "شناسنامه اصل دیده شد؛ ثبت احوال به‌روز نیست"},
    )
    client.post(f"/volunteers/{volunteer.pk}/do/accept/", {"reason": ""})
    assert Volunteer.objects.get(pk=volunteer.pk).status == "active"


def test_registry_down_records_nothing(personas, settings):
    settings.YAVAR_INTEGRATIONS = {
        "civil_registry": {"url": "http://127.0.0.1:9", "timeout": 0.2, "retries": 1}
    }
    volunteer = apply(personas)
    with pytest.raises(ApplicationError):
        services.volunteer_check_identity(actor=personas.tehran_expert, volunteer=volunteer)
    volunteer.refresh_from_db()
    assert volunteer.identity_status == "not_checked" and volunteer.status == "applied"


def test_interview_notes_accumulate_and_rejection_needs_a_reason(personas, login):
    volunteer = apply(personas)
    client = login(personas.tehran_expert)
    client.post(f"/volunteers/{volunteer.pk}/do/interview/", {"notes": "مصاحبه اول"})
    client.post(f"/volunteers/{volunteer.pk}/do/interview/", {"notes": "مصاحبه دوم"})
    client.post(f"/volunteers/{volunteer.pk}/do/reject/", {"reason": ""})
    volunteer.refresh_from_db()
    assert "مصاحبه اول" in volunteer.interview_notes and "مصاحبه دوم" in volunteer.interview_notes
    assert volunteer.status == "applied"
    client.post(f"/volunteers/{volunteer.pk}/do/reject/", {"reason": "سابقه کار مرتبط ندارد"})
    volunteer.refresh_from_db()
    assert volunteer.status == "rejected" and volunteer.decision_reason


def test_another_provinces_volunteer_is_not_found(personas, login):
    tehran_volunteer = apply(personas)
    client = login(personas.isfahan_worker)
    assert client.get(f"/volunteers/{tehran_volunteer.pk}/").status_code == 404
    assert (
        client.post(f"/volunteers/{tehran_volunteer.pk}/do/reject/", {"reason": "x"}).status_code
        == 404
    )
    listing = client.get("/volunteers/").content.decode()
    assert tehran_volunteer.reference not in listing


def test_list_filters_by_status_skill_and_clearance(personas, login):
    a = apply(personas, skills=["legal"], first_name="الف")
    apply(personas, skills=["it"], first_name="بیژن")
    client = login(personas.tehran_expert)
    page = client.get("/volunteers/", {"skill": "legal"}).content.decode()
    assert "الف" in page and "بیژن" not in page
    assert "الف" not in client.get("/volunteers/", {"status": "active"}).content.decode()
    assert "الف" not in client.get("/volunteers/", {"cleared": "yes"}).content.decode()
    assert client.get(f"/volunteers/{a.pk}/").status_code == 200


def test_the_focal_point_can_read_and_clear_but_not_vet(personas, login):
    volunteer = apply(personas)
    client = login(personas.tehran_focal_point)
    assert client.get(f"/volunteers/{volunteer.pk}/").status_code == 200
    assert client.get("/volunteers/").status_code == 403
    client.post(f"/volunteers/{volunteer.pk}/do/reject/", {"reason": "x"})
    assert Volunteer.objects.get(pk=volunteer.pk).status == "applied"
