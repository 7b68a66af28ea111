import pytest

pytestmark = pytest.mark.django_db


def test_help_page_collects_nothing_and_leaves_nothing(client, personas):
    response = client.get("/help/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<form" not in body  # nothing to submit
    assert not response.cookies  # no session, no CSRF cookie
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<title>تقویم</title>" in body  # a neutral title in the history list
    assert 'data-testid="quick-exit"' in body
    assert "۱۲۳" in body


def test_help_page_lists_public_offices_but_never_a_safe_house(client, personas):
    from tests.personas import SAFE_HOUSE_ADDRESS

    body = client.get("/help/").content.decode()
    assert personas.tehran_office.name_fa in body
    assert personas.safe_house.name_fa not in body
    assert SAFE_HOUSE_ADDRESS not in body


def test_calendar_is_a_plain_page(client):
    assert client.get("/calendar/").status_code == 200
