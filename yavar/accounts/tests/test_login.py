import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_provincial_expert_logs_in_with_password_alone(personas, client):
    response = client.post("/accounts/login/", {"username": "tehran", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/home/").status_code == 200


def test_wrong_password_gives_a_clear_persian_error(personas, client):
    response = client.post("/accounts/login/", {"username": "tehran", "password": "nope"})
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه درست نیست" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(personas, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "tehran", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "tehran", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert 'data-testid="locked"' in body
    assert "قفل" in body
    assert client.get("/accounts/home/").status_code == 302  # still not signed in


def test_lockout_of_one_account_leaves_another_alone(personas, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "tehran", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "isfahan", "password": PASSWORD})
    assert response.status_code == 302


def test_safe_house_staff_cannot_get_in_without_the_second_factor(personas, client):
    response = client.post("/accounts/login/", {"username": "housestaff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")
    for path in ("/accounts/home/", "/orgunits/", "/orgunits/T-SH/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/2fa/")
    assert client.get("/api/v1/me").status_code in (401, 403)


def test_safe_house_staff_without_a_device_must_enrol_and_prove_the_code(personas, client):
    client.post("/accounts/login/", {"username": "housestaff", "password": PASSWORD})
    response = client.get("/accounts/2fa/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/enrol/")
    device = TOTPDevice.objects.get(user=personas.safehouse_staff, confirmed=False)
    bad = client.post("/accounts/2fa/enrol/", {"token": "000000"})
    assert bad.status_code == 200
    assert client.get("/accounts/home/").status_code == 302
    good = client.post("/accounts/2fa/enrol/", {"token": str(totp(device.bin_key)).zfill(6)})
    assert good.status_code == 302
    assert client.get("/accounts/home/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_wrong_totp_code_is_refused_with_a_message(personas, client):
    TOTPDevice.objects.create(user=personas.safehouse_staff, name="phone", confirmed=True)
    client.post("/accounts/login/", {"username": "housestaff", "password": PASSWORD})
    response = client.post("/accounts/2fa/", {"token": "12345"})
    assert response.status_code == 200
    assert "شش رقم" in response.content.decode()
    assert client.get("/accounts/home/").status_code == 302


def test_session_expires_after_the_idle_timeout(personas, login):
    client = login(personas.tehran_expert)
    client.get("/accounts/home/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_home_lists_what_the_role_can_do(personas, login):
    client = login(personas.auditor)
    page = client.get("/accounts/home/").content.decode()
    assert "جست‌وجو در ردپای ممیزی" in page
    assert "/audit/" in page
    assert "/accounts/tokens/" not in page


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert "Argon2PasswordHasher" in "".join(settings.PASSWORD_HASHERS)
