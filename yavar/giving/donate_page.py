"""The donate page for a first visit, built once.

Under a campaign spike most requests are first visits to the donate page: anonymous, nothing
posted, no proven mobile, no message waiting. Such a page is the same for every visitor with
the same language, address and day, while the form's lists stand (donate_choices.py); only the
CSRF token differs. So it is rendered once with a placeholder where the token goes, and each
visitor gets that HTML with their own token put in. Anything personal is rendered afresh and
never held.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .donate_choices import memo_render

TEMPLATE = "giving/donate.html"
# Letters and digits only, like a real token, so escaping leaves it as it is.
_PLACEHOLDER = "csrfplaceholder" + secrets.token_hex(16)


def is_first_visit(request: HttpRequest, form: Any, benefactor: object) -> bool:
    user: Any = request.user
    return (
        request.method == "GET"
        and benefactor is None
        and not form.is_personal()
        and not user.is_authenticated
        and len(messages.get_messages(request)) == 0
    )


def donate_page(request: HttpRequest, form: Any, benefactor: object) -> HttpResponse:
    if not is_first_visit(request, form, benefactor):
        return render(request, TEMPLATE, {"form": form, "benefactor": benefactor})
    key = (
        TEMPLATE,
        get_language(),
        request.get_full_path(),
        timezone.localdate(),
        form.lists(),
    )
    context = {"form": form, "benefactor": None, "csrf_token": _PLACEHOLDER}
    page = memo_render(key, lambda: render_to_string(TEMPLATE, context, request))
    # get_token also has the CSRF cookie set on this response, as the template tag would.
    return HttpResponse(page.replace(_PLACEHOLDER, get_token(request)))
