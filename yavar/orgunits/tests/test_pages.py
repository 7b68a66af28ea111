import pytest

from tests.personas import SAFE_HOUSE_ADDRESS

pytestmark = pytest.mark.django_db


def test_provincial_expert_sees_own_province_but_another_province_answers_404(personas, login):
    client = login(personas.tehran_expert)
    assert client.get("/orgunits/P23/").status_code == 200
    assert client.get("/orgunits/C2301/").status_code == 200
    assert client.get("/orgunits/P10/").status_code == 404
    assert client.get("/orgunits/C1002/").status_code == 404


def test_province_list_shows_only_the_readers_area(personas, login):
    client = login(personas.isfahan_worker)
    page = client.get("/orgunits/").content.decode()
    assert "اصفهان" in page
    assert "تهران" not in page


def test_safe_house_does_not_exist_for_a_provincial_expert(personas, login):
    client = login(personas.tehran_expert)
    assert client.get("/orgunits/T-SH/").status_code == 404
    listing = client.get("/orgunits/?q=خانه").content.decode()
    assert "خانه امن آزمایشی" not in listing
    county = client.get("/orgunits/C2301/").content.decode()
    assert "خانه امن آزمایشی" not in county
    assert SAFE_HOUSE_ADDRESS not in county


def test_safe_house_staff_see_their_house_and_its_address(personas, login):
    client = login(personas.safehouse_staff)
    page = client.get("/orgunits/T-SH/").content.decode()
    assert SAFE_HOUSE_ADDRESS in page


def test_anonymous_visitor_is_sent_to_login(personas, client):
    response = client.get("/orgunits/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
