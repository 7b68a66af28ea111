from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError
from yavar.orgunits.models import OrgUnit

from .enums import AccountErrorCode
from .models import ApiToken, Membership, User
from .roles import Role, spec

TOKEN_PREFIX_LENGTH = 8


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    mobile: str = "",
) -> User:
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, mobile=mobile
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        data={"username": username, "first_name": first_name, "last_name": last_name},
    )
    return user


@transaction.atomic
def membership_grant(*, actor: Any, user: User, role: Role, org_unit: OrgUnit) -> Membership:
    role_spec = spec(role)
    if not role_spec.interactive:
        raise ApplicationError(AccountErrorCode.ROLE_NOT_INTERACTIVE)
    if org_unit.kind not in role_spec.unit_kinds:
        raise ApplicationError(AccountErrorCode.ROLE_NOT_ALLOWED_AT_UNIT)
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, org_unit=org_unit, defaults={"active": True}
    )
    if not created and membership.active:
        raise ApplicationError(AccountErrorCode.MEMBERSHIP_EXISTS)
    if not created:
        Membership.objects.filter(pk=membership.pk).update(active=True)
        membership.active = True
    user.__dict__.pop("active_memberships", None)
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        data={"user": user.pk, "role": role, "org_unit": org_unit.pk},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> None:
    Membership.objects.filter(pk=membership.pk).update(active=False)
    membership.active = False
    audit_record(
        actor=actor, action="membership.revoke", obj=membership, changes={"active": (True, False)}
    )


# --- Two-factor ------------------------------------------------------------------------------


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrol_start(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed device; it counts only once the user proves they hold the secret."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        raise ApplicationError(AccountErrorCode.BAD_TOTP)
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="2fa.enrol", obj=user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    device = totp_device_for(user)
    if device is None or not device.verify_token(token):
        raise ApplicationError(AccountErrorCode.BAD_TOTP)
    return device


# --- API tokens ------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, actor: Any, name: str, role: Role, org_unit: OrgUnit
) -> tuple[ApiToken, str]:
    """Returns the token row and its secret; the secret is never stored or shown again."""
    role_spec = spec(role)
    if role_spec.interactive:
        raise ApplicationError(AccountErrorCode.API_ROLE_NOT_ALLOWED)
    if org_unit.kind not in role_spec.unit_kinds:
        raise ApplicationError(AccountErrorCode.ROLE_NOT_ALLOWED_AT_UNIT)
    secret = "yvr_" + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[4 : 4 + TOKEN_PREFIX_LENGTH],
        token_hash=_hash(secret),
        role=role,
        org_unit=org_unit,
        created_by=actor if isinstance(actor, User) else None,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        data={"name": name, "role": role, "org_unit": org_unit.pk},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.revoked_at = now
    audit_record(
        actor=actor, action="api_token.revoke", obj=token, changes={"revoked": (False, True)}
    )


def api_token_authenticate(secret: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("org_unit")
        .filter(token_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
