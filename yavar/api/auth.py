"""Who is calling the API: a staff session (with CSRF) or a system client's bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from yavar.accounts.models import User
from yavar.accounts.services import api_token_authenticate


class StaffSession(SessionAuth):
    """The browser session; a sensitive role must also have passed its second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not isinstance(user, User) or not user.is_active or user.second_factor_pending():
            return None
        return user


class SystemToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_token_authenticate(token)


AUTH = [SystemToken(), StaffSession()]
