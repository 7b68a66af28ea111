from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yavar.core.errors import ApplicationError, ErrorCode

from .models import ApiToken, User
from .permissions import Perm
from .roles import spec


def capabilities_of(user: User) -> list[Perm]:
    """What the user may do, in the order the permission list declares it."""
    held = {p for m in user.active_memberships for p in spec(m.role).permissions}
    return [p for p in Perm if p in held]


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    if not user.has_yavar_perm(Perm.ACCOUNTS_MANAGE):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    return ApiToken.objects.select_related("org_unit", "created_by").order_by("-created_at")
