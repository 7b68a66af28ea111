"""Proving a member of the public holds a mobile number: a six-digit code by SMS, kept (hashed)
in their session. Donors see their history and volunteers log hours this way, with no password.

The code lives two minutes, allows five tries, and a new one can be asked for once a minute, so
guessing (a million codes) and texting someone else's phone in a loop both go nowhere. Only an
HMAC of the code is stored, keyed by the mobile and SECRET_KEY, so a leaked session row does
not reveal it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import to_ascii_digits
from yavar.core.validators import normalize_mobile

from .client import get_sms

CODE_LIFETIME_S = 120
RESEND_AFTER_S = 60
MAX_TRIES = 5
VERIFIED_LIFETIME_S = 30 * 60
_PENDING = "yavar.mobile_code"
_VERIFIED = "yavar.mobile_verified"


class VerificationErrorCode(models.TextChoices):
    TOO_SOON = "code_too_soon", _("A code was just sent. Please wait a minute before asking again.")
    WRONG_CODE = "code_wrong", _("The code is not correct.")
    EXPIRED = (
        "code_expired",
        _("The code has expired or was tried too many times. Ask for a new one."),
    )


def _digest(mobile: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def _mobile(raw: str) -> str:
    try:
        return normalize_mobile(raw)
    except ValidationError as error:
        raise ApplicationError(
            ErrorCode.INVALID_INPUT, fields={"mobile": error.messages}
        ) from error


def send_code(session: Any, mobile: str, *, text: str) -> str:
    """Texts a new code to `mobile`. `text` is a format string with `{code}` (the caller's
    wording, translated). Returns the normalised mobile."""
    number = _mobile(mobile)
    pending = session.get(_PENDING)
    now = time.time()
    if pending and pending["mobile"] == number and now - pending["sent_at"] < RESEND_AFTER_S:
        raise ApplicationError(VerificationErrorCode.TOO_SOON)
    code = f"{secrets.randbelow(1_000_000):06d}"
    get_sms().send(mobile=number, text=text.format(code=code))
    session[_PENDING] = {
        "mobile": number,
        "digest": _digest(number, code),
        "sent_at": now,
        "tries": 0,
    }
    return number


def confirm_code(session: Any, code: str) -> str:
    """Checks `code` against the one sent; on success the session holds the verified mobile,
    which is returned."""
    pending = session.get(_PENDING)
    now = time.time()
    if not pending or now - pending["sent_at"] > CODE_LIFETIME_S or pending["tries"] >= MAX_TRIES:
        session.pop(_PENDING, None)
        raise ApplicationError(VerificationErrorCode.EXPIRED)
    pending["tries"] += 1
    session[_PENDING] = pending
    given = "".join(ch for ch in to_ascii_digits(str(code)) if ch in "0123456789")
    if not hmac.compare_digest(pending["digest"], _digest(pending["mobile"], given)):
        raise ApplicationError(VerificationErrorCode.WRONG_CODE)
    session.pop(_PENDING, None)
    session[_VERIFIED] = {"mobile": pending["mobile"], "at": now}
    if hasattr(session, "cycle_key"):
        session.cycle_key()  # a new session id once the person is proven: no fixation
    return str(pending["mobile"])


def verified_mobile(session: Any) -> str | None:
    """The mobile this session proved within the last half hour, or None."""
    verified = session.get(_VERIFIED)
    if not verified or time.time() - verified["at"] > VERIFIED_LIFETIME_S:
        return None
    return str(verified["mobile"])


def forget(session: Any) -> None:
    session.pop(_VERIFIED, None)
    session.pop(_PENDING, None)
