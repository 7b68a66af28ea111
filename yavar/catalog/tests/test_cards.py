"""Cards as live data: versioned edits, comparison, public pages, the API contract, the PDF."""

import pytest

from yavar.catalog.models import CardVersion, ServiceCard

pytestmark = pytest.mark.django_db


def test_the_five_cards_are_loaded_as_reference_data():
    assert set(ServiceCard.objects.values_list("service_id", flat=True)) == {
        "19071059105",
        "19071059100",
        "19071059101",
        "19071058105",
        "19041060106",
    }
    assert all(c.current_version == 1 for c in ServiceCard.objects.all())


def test_catalog_api_lists_the_cards_without_login(client):
    response = client.get("/api/v1/catalog/services")
    assert response.status_code == 200
    listed = {item["service_id"]: item["title"] for item in response.json()}
    assert len(listed) == 5
    assert "زنان سرپرست خانوار" in listed["19071059100"]


def test_catalog_api_returns_the_whole_card_with_live_statistics(client):
    body = client.get("/api/v1/catalog/services/19071059101").json()
    assert body["service_id"] == "19071059101"
    assert len(body["process_titles"]) == 3
    assert body["statistics"]["paper"]["recipients"] == 1313
    assert body["statistics"]["live"]["year"] == 0
    assert len(body["statistics"]["live"]["months"]) == 12
    assert body["electronic_now"]["informing"][0]["channel"] == "web"
    assert client.get("/api/v1/catalog/services/12345678901").status_code == 404


def test_public_card_page_is_persian_with_ticked_boxes_and_how_to_reach(client):
    page = client.get("/services/19071059100/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "☑" in page and "☐" in page
    assert "۱۹۰۷۱۰۵۹۱۰۰" in page
    assert "۷٬۰۰۰" in page  # the paper figure, in Persian digits
    assert "۱۲۳" in page


def test_catalog_search(client):
    found = client.get("/services/", {"q": "خانه امن"}, HTTP_HX_REQUEST="true").content.decode()
    assert "19071059101" in found and "19071059100" not in found


def test_hq_expert_edits_a_card_into_a_new_version_and_compares(personas, login):
    client = login(personas.national_expert)
    page = client.get("/catalog/19071059105/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["average_duration"] = "نامحدود (ویرایش آزمایشی)"
    data["note"] = "اصلاح مدت"
    posted = client.post("/catalog/19071059105/edit/", data)
    assert posted.status_code == 302, posted.context["form"].errors if posted.context else ""
    card = ServiceCard.objects.get(service_id="19071059105")
    assert card.current_version == 2
    assert CardVersion.objects.get(card=card, number=1).data["average_duration"] != (
        "نامحدود (ویرایش آزمایشی)"
    )
    compare = client.get("/catalog/19071059105/versions/", {"a": 1, "b": 2}).content.decode()
    assert "نامحدود (ویرایش آزمایشی)" in compare
    assert compare.count('data-changed="1"') == 1


def test_editing_from_an_old_version_is_refused(personas, login):
    client = login(personas.national_expert)
    form = client.get("/catalog/19071059105/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    assert client.post("/catalog/19071059105/edit/", {**data, "note": "اول"}).status_code == 302
    stale = client.post("/catalog/19071059105/edit/", {**data, "note": "دوم"})
    assert stale.status_code == 200
    assert ServiceCard.objects.get(service_id="19071059105").current_version == 2


def test_only_catalog_editors_may_edit(personas, login):
    client = login(personas.tehran_expert)
    assert client.get("/catalog/19071059105/edit/").status_code == 403


def test_printable_card_is_a_pdf(client):
    response = client.get("/catalog/19071059100/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000
