import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_without_login(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Yavar API"
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/orgunits/{code}" in schema["paths"]
    public = [
        "/api/v1/giving/causes",
        "/api/v1/giving/campaigns",
        "/api/v1/giving/donations/{tracking_code}",
        "/api/v1/volunteers/certificates/{code}",
    ]
    for path in public:
        assert not schema["paths"][path]["get"].get("security"), path
    assert schema["paths"]["/api/v1/giving/figures"]["get"]["security"]


def test_docs_page_needs_a_staff_login(client, personas, login):
    assert client.get("/api/v1/docs").status_code == 302
    login(personas.national_expert)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    # Every script and stylesheet comes from our own static files, none from a CDN. (Matched
    # on the addresses, not the whole page: the page's random CSRF token can spell "cdn".)
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sources and not [s for s in sources if "cdn" in s.lower() or "//" in s], sources


def test_anonymous_call_gets_a_stable_code_and_a_persian_message(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])


def test_session_user_reads_only_their_area(personas, login):
    client = login(personas.tehran_expert)
    assert client.get("/api/v1/orgunits/C2301").status_code == 200
    other = client.get("/api/v1/orgunits/C1002")
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    codes = {u["code"] for u in client.get("/api/v1/orgunits?limit=500").json()}
    assert "P23" in codes and "C2301" in codes
    assert "P10" not in codes and "T-SH" not in codes


def test_me_reports_roles_and_permissions(personas, login):
    client = login(personas.auditor)
    body = client.get("/api/v1/me").json()
    assert body["kind"] == "user"
    assert body["roles"] == [{"role": "auditor", "org_unit_code": "HQ"}]
    assert "audit.view" in body["permissions"]


def test_validation_error_is_mapped_to_the_stable_shape(personas, login):
    client = login(personas.national_expert)
    response = client.get("/api/v1/orgunits?limit=abc")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "limit" in response.json()["fields"]
