"""The simulator itself, spoken to over plain HTTP as another system would."""

import base64
import json
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from yavar.integrations.civil_registry.config import config

from .conftest import CODE, OTHER_CODE, PASSWORD, USERNAME


def post(url, payload, *, auth=(USERNAME, PASSWORD)):
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
    assert url.startswith("http://127.0.0.1:")
    data = json.dumps(payload).encode()
    request = urllib.request.Request(url, data, headers, method="POST")  # noqa: S310 - checked
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - checked
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_simulator_answers_401_without_the_right_credentials(registry):
    url = registry.url + "/v1/identity/inquiry"
    assert post(url, {"national_code": CODE}, auth=None)[0] == 401
    assert post(url, {"national_code": CODE}, auth=(USERNAME, "nope"))[0] == 401
    assert post(url, {"national_code": CODE})[0] == 200


def test_simulator_answers_400_for_an_invalid_national_code(registry):
    status, body = post(registry.url + "/v1/identity/inquiry", {"national_code": "1111111111"})
    assert (status, body["error"]) == (400, "invalid_national_code")


def test_records_unknown_and_deceased_codes_can_be_loaded_over_http(registry):
    record = {
        "national_code": OTHER_CODE,
        "first_name": "نرگس",
        "last_name": "کریمی",
        "father_name": "حسن",
        "birth_date": "1995-01-30",
        "gender": "female",
    }
    assert post(registry.url + "/_sim/records", {"records": [record]}, auth=None)[0] == 200
    assert post(registry.url + "/_sim/deceased", {"national_codes": [OTHER_CODE]})[0] == 200
    _, body = post(registry.url + "/v1/identity/inquiry", {"national_code": OTHER_CODE})
    assert body["record"]["first_name"] == "نرگس" and body["record"]["alive"] is False

    assert post(registry.url + "/_sim/unknown", {"national_codes": [OTHER_CODE]})[0] == 200
    _, body = post(registry.url + "/v1/identity/inquiry", {"national_code": OTHER_CODE})
    assert body == {"found": False}


def test_faults_can_be_set_and_cleared_over_http(registry):
    assert post(registry.url + "/_sim/faults", {"fail_next": 1})[0] == 200
    assert post(registry.url + "/v1/identity/inquiry", {"national_code": CODE})[0] == 500
    assert post(registry.url + "/v1/identity/inquiry", {"national_code": CODE})[0] == 200
    assert post(registry.url + "/_sim/faults", {"nonsense": 1})[0] == 400
    assert post(registry.url + "/_sim/reset", {})[0] == 200


def test_settings_have_working_defaults_and_refuse_misspelt_keys(settings):
    del settings.YAVAR_INTEGRATIONS
    assert config().url == "http://127.0.0.1:8101"
    settings.YAVAR_INTEGRATIONS = {"civil_registry": {"timout": 3}}
    with pytest.raises(ImproperlyConfigured, match="timout"):
        config()


def test_run_simulator_refuses_unknown_bodies_and_production(settings):
    with pytest.raises(CommandError, match="No simulator for nowhere"):
        call_command("run_simulator", "nowhere")
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="not production"):
        call_command("run_simulator")
