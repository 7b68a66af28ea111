import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import jdatetime
import pytest
from django.template import Context, Template
from django.utils import translation

from yavar.core.forms import JalaliDateField

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_reports_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["reachable"] is True


@pytest.mark.django_db
def test_pages_are_persian_and_right_to_left_by_default(client):
    body = client.get("/").content.decode()
    assert '<html lang="fa" dir="rtl">' in body


@pytest.mark.django_db
def test_english_is_one_switch_away(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gives_a_persian_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "یافت نشد" in response.content.decode()


def test_jalali_filter_shows_persian_digits_in_persian_and_ascii_in_english():
    day = dt.date(2025, 3, 21)
    template = Template("{{ d|jdate }}|{{ n|number }}|{{ r|rials }}")
    context = Context({"d": day, "n": 1234567, "r": 2500000})
    with translation.override("fa"):
        assert template.render(context) == "۱۴۰۴/۰۱/۰۱|۱٬۲۳۴٬۵۶۷|۲٬۵۰۰٬۰۰۰"
    with translation.override("en"):
        assert template.render(context) == "1404/01/01|1,234,567|2,500,000"


def test_jalali_date_field_takes_persian_digits_and_refuses_impossible_dates():
    field = JalaliDateField()
    assert field.clean("۱۴۰۳/۱۲/۳۰") == jdatetime.date(1403, 12, 30).togregorian()
    from django.forms import ValidationError

    with pytest.raises(ValidationError):
        field.clean("1404/12/30")  # 1404 is not a leap year
    with pytest.raises(ValidationError):
        field.clean("1404/13/01")


def _settings_import(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("YAVAR_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_import({"YAVAR_ENV": "production", "YAVAR_ALLOWED_HOSTS": "yavar.example"})
    assert result.returncode != 0
    assert "YAVAR_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_import({"YAVAR_ENV": "production", "YAVAR_SECRET_KEY": "k" * 60})
    assert result.returncode != 0
    assert "YAVAR_ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deploy_check():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("YAVAR_")}
    env = {
        **clean,
        "YAVAR_ENV": "production",
        "YAVAR_SECRET_KEY": "s3cr3t-" * 10,
        "YAVAR_ALLOWED_HOSTS": "yavar.example",
        "YAVAR_CIVIL_REGISTRY_URL": "https://registry.example",
        "YAVAR_BANK_GATEWAY_URL": "https://ipg.example",
        "YAVAR_BANK_GATEWAY_TERMINAL_ID": "1",
        "YAVAR_SMS_URL": "https://sms.example",
        "YAVAR_SMS_API_KEY": "k",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
        assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    else:  # PostgreSQL: the test database is created UTF-8 (pg_trgm needs it for Persian)
        assert settings.DATABASES["default"]["TEST"]["CHARSET"] == "UTF8"


@pytest.mark.django_db
@pytest.mark.urls("tests.testapp.urls")
def test_server_error_page_is_persian_and_hides_the_details():
    from django.test import Client

    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert "MARKER-500" not in body and "Traceback" not in body
    assert any("\u0600" <= ch <= "\u06ff" for ch in body)


@pytest.mark.django_db
def test_permission_refusal_page_is_persian(personas, login):
    client = login(personas.tehran_expert)
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "مجوز انجام این کار را ندارید" in response.content.decode()


def test_a_domain_error_code_carries_its_own_readable_message():
    from django.db import models

    from yavar.core.errors import ApplicationError

    class Codes(models.TextChoices):
        FULL = "house_full", "The house has no free bed."

    assert str(ApplicationError(Codes.FULL).message) == "The house has no free bed."
