import pytest

from tests.people_factory import national_code, person_data
from yavar.audit.models import AccessEvent
from yavar.people import services
from yavar.people.models import Person

pytestmark = pytest.mark.django_db

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def form_data(personas, **overrides):
    data = {
        "id_type": "national_code",
        "national_code": national_code().translate(PERSIAN),
        "first_name": "سمیه",
        "last_name": "نوری",
        "father_name": "احمد",
        "birth_date": "۱۳۶۹/۰۲/۱۵",
        "gender": "female",
        "nationality": "IR",
        "mobile": "۰۹۱۲۱۱۱۲۲۳۳",
        "county": personas.tehran_county.pk,
        "address": "تهران",
        "postal_code": "",
    }
    data.update(overrides)
    return data


def test_provincial_expert_registers_a_person_with_persian_digits_and_jalali_date(personas, login):
    client = login(personas.tehran_expert)
    response = client.post("/people/new/", form_data(personas))
    assert response.status_code == 302
    person = Person.objects.get(last_name="نوری")
    assert person.birth_date.isoformat() == "1990-05-05"
    assert person.mobile == "09121112233"
    page = client.get(response["Location"]).content.decode()
    assert "۱۳۶۹/۰۲/۱۵" in page


def test_bad_national_code_gives_a_persian_error_and_saves_nothing(personas, login):
    client = login(personas.tehran_expert)
    response = client.post("/people/new/", form_data(personas, national_code="1234567890"))
    assert response.status_code == 200
    assert "کد ملی" in response.content.decode()
    assert not Person.objects.exists()


def test_impossible_jalali_date_is_refused(personas, login):
    client = login(personas.tehran_expert)
    response = client.post("/people/new/", form_data(personas, birth_date="1403/07/31"))
    assert response.status_code == 200
    assert "تاریخ" in response.content.decode()
    assert not Person.objects.exists()


def test_lookalike_is_shown_and_needs_a_tick_to_register(personas, login):
    client = login(personas.tehran_expert)
    client.post("/people/new/", form_data(personas))
    second = form_data(personas, first_name="سميه")
    response = client.post("/people/new/", second)
    assert response.status_code == 200
    assert 'data-testid="duplicate-candidates"' in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post("/people/new/", {**second, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_county_of_another_province_cannot_be_chosen(personas, login):
    client = login(personas.tehran_expert)
    response = client.post("/people/new/", form_data(personas, county=personas.isfahan_county.pk))
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_another_provinces_person_answers_404_everywhere(personas, login):
    person = services.person_create(
        actor=personas.isfahan_worker, org_unit=personas.isfahan_county, data=person_data()
    )
    client = login(personas.tehran_expert)
    for path in (f"/people/{person.pk}/", f"/people/{person.pk}/edit/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/people/{person.pk}/household/").status_code == 404
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 404
    listing = client.get("/people/", {"q": person.last_name}).content.decode()
    assert f"/people/{person.pk}/" not in listing


def test_opening_a_record_is_in_the_access_log(personas, login):
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    client = login(personas.tehran_expert)
    client.get(f"/people/{person.pk}/")
    assert AccessEvent.objects.filter(object_id=str(person.pk), actor_label="tehran").count() == 1


def test_search_page_filters_with_htmx_fragment(personas, login):
    services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="نرگس", last_name="طاهری"),
    )
    client = login(personas.tehran_expert)
    fragment = client.get("/people/", {"q": "طاهري"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="people-results"') and "طاهری" in fragment
    assert "<html" not in fragment


def test_edit_from_a_stale_form_is_refused_with_a_clear_message(personas, login):
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    client = login(personas.tehran_expert)
    data = form_data(personas, national_code=person.national_code, version=1)
    assert (
        client.post(f"/people/{person.pk}/edit/", {**data, "first_name": "الف"}).status_code == 302
    )
    stale = client.post(f"/people/{person.pk}/edit/", {**data, "first_name": "ب"})
    assert stale.status_code == 200
    assert "کاربر دیگری هم‌زمان" in stale.content.decode()
    assert Person.objects.get(pk=person.pk).first_name == "الف"


def test_documents_download_only_through_the_permission_check(personas, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    person = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    document = services.document_add(
        actor=personas.tehran_expert,
        person=person,
        doc_type="judicial_order",
        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 test"),
    )
    client = login(personas.tehran_expert)
    response = client.get(f"/people/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    login(personas.isfahan_worker)
    assert client.get(f"/people/documents/{document.pk}/").status_code == 404
    assert not settings.MEDIA_URL or client.get(f"/media/{document.file.name}").status_code == 404


def test_api_creates_and_lists_people_in_scope(personas, login):
    client = login(personas.tehran_expert)
    payload = {
        "national_code": national_code(),
        "first_name": "لیلا",
        "last_name": "امیری",
        "gender": "female",
        "county_code": "C2301",
        "birth_date": "1985-03-21",
    }
    created = client.post("/api/v1/people", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    again = client.post("/api/v1/people", payload, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["code"] == "person_national_code_exists"
    outside = client.post(
        "/api/v1/people",
        {**payload, "national_code": national_code(), "county_code": "C1002"},
        content_type="application/json",
    )
    assert outside.status_code == 404
    listing = client.get("/api/v1/people", {"q": "امیري"}).json()
    assert listing["count"] == 1 and listing["items"][0]["last_name"] == "امیری"


def test_api_household_operations(personas, login):
    head = services.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    child = services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="امید", gender="male"),
    )
    client = login(personas.tehran_expert)
    created = client.post(
        "/api/v1/households",
        {"head_id": head.pk, "headship_reason": "divorced"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["female_headed"] is True
    household_id = created.json()["id"]
    added = client.post(
        f"/api/v1/households/{household_id}/members",
        {"person_id": child.pk, "relation": "child"},
        content_type="application/json",
    )
    assert [m["relation"] for m in added.json()["members"]] == ["head", "child"]
    client.logout()
    login(personas.isfahan_worker)
    assert client.get(f"/api/v1/households/{household_id}").status_code == 404
