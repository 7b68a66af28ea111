from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yavar.integrations.bank_gateway.client import HttpBankGateway
from yavar.integrations.bank_gateway.config import INQUIRY_PATH, config
from yavar.integrations.enums import InquiryMode
from yavar.integrations.log import InquiryTrace

from .models import Hit


@csrf_exempt  # the load client is not a browser; every other middleware still runs
@require_POST
def insert_one(request: HttpRequest) -> HttpResponse:
    Hit._default_manager.create(created_at=timezone.now())
    return HttpResponse("ok", content_type="text/plain")


@cache
def _bank() -> HttpBankGateway:
    return HttpBankGateway(config())


@csrf_exempt
@require_POST
def insert_and_ask_bank(request: HttpRequest) -> HttpResponse:
    """The bare insert plus one call to the bank through our real HTTP client (kept-alive
    connection, credentials, JSON both ways) and nothing else: no inquiry-log row, no check of
    the answer beyond its status. The floor of a step that talks to the bank."""
    Hit._default_manager.create(created_at=timezone.now())
    bank = _bank()
    trace = InquiryTrace(body="bank_gateway", operation="inquiry", mode=InquiryMode.ONLINE)
    answer = bank.post_json(
        INQUIRY_PATH,
        {"terminal_id": bank.config.terminal_id, "order_id": "000000000000"},
        trace=trace,
    )
    return HttpResponse(str(answer.status), content_type="text/plain")
