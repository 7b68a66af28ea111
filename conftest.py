"""Fixtures shared by every test: personas and logged-in clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD, Personas, build
from yavar.giving.known_choices import forget_known_choices


@pytest.fixture(autouse=True)
def _no_choices_kept_from_another_test() -> Iterator[None]:
    """A test's rolled-back rows may come back under the same keys in the next one (SQLite
    reuses them): a donation form's kept pair (giving.known_choices) must not outlive its test."""
    forget_known_choices()
    yield
    forget_known_choices()


@pytest.fixture
def personas(db: None) -> Personas:
    return build()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """login(user) signs the test client in through the real login form (and 2FA if needed)."""

    def _login(user, *, second_factor: bool = True) -> Client:  # type: ignore[no-untyped-def]
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302, response.content[:500]
        if second_factor and user.requires_second_factor():
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            code = str(totp(device.bin_key)).zfill(6)
            response = client.post("/accounts/2fa/", {"token": code})
            assert response.status_code == 302, response.content[:500]
        return client

    return _login
