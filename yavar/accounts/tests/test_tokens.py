import hashlib

import pytest

from yavar.accounts import services
from yavar.accounts.enums import AccountErrorCode
from yavar.accounts.models import ApiToken
from yavar.accounts.roles import Role
from yavar.core.errors import ApplicationError
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_a_hash(personas):
    token, secret = services.api_token_issue(
        actor=personas.national_expert,
        name="insurer",
        role=Role.INSURER,
        org_unit=OrgUnit.objects.get(code="HQ"),
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.token_hash, stored.prefix, stored.name)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_staff_roles_cannot_be_issued_as_tokens(personas):
    with pytest.raises(ApplicationError) as err:
        services.api_token_issue(
            actor=None, name="x", role=Role.HQ_EXPERT, org_unit=OrgUnit.objects.get(code="HQ")
        )
    assert err.value.code == AccountErrorCode.API_ROLE_NOT_ALLOWED


def test_role_at_the_wrong_kind_of_unit_is_refused(personas):
    with pytest.raises(ApplicationError) as err:
        services.membership_grant(
            actor=None,
            user=personas.tehran_expert,
            role=Role.PROVINCIAL_EXPERT,
            org_unit=OrgUnit.objects.get(code="C1002"),
        )
    assert err.value.code == AccountErrorCode.ROLE_NOT_ALLOWED_AT_UNIT


def test_api_me_with_token_then_revoked(personas, client):
    token, secret = services.api_token_issue(
        actor=None, name="insurer", role=Role.INSURER, org_unit=OrgUnit.objects.get(code="HQ")
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    me = client.get("/api/v1/me", **auth)
    assert me.status_code == 200
    assert me.json()["permissions"] == ["childinsurance.exchange"]
    services.api_token_revoke(actor=personas.national_expert, token=token)
    again = client.get("/api/v1/me", **auth)
    assert again.status_code == 401
    assert again.json()["code"] == "unauthenticated"


def test_token_issue_page_is_only_for_account_managers(personas, login):
    client = login(personas.tehran_expert)
    assert client.get("/accounts/tokens/").status_code == 403
