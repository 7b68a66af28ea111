from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yavar.integrations.bank_gateway.client import HttpBankGateway, get_bank_gateway
from yavar.integrations.bank_gateway.config import BODY, INQUIRY_PATH
from yavar.integrations.enums import InquiryMode
from yavar.integrations.log import InquiryTrace

from .models import Hit


@csrf_exempt  # the load client is not a browser; every other middleware still runs
@require_POST
def insert_one(request: HttpRequest) -> HttpResponse:
    Hit._default_manager.create(created_at=timezone.now())
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def insert_and_ask_bank(request: HttpRequest) -> HttpResponse:
    """The bare insert plus one call to the bank through our real HTTP client (kept-alive
    connection, credentials, JSON both ways) and nothing else: no inquiry-log row, no check of
    the answer beyond its status. The floor of a step that talks to the bank."""
    Hit._default_manager.create(created_at=timezone.now())
    bank = get_bank_gateway()  # the app's own shared client
    assert isinstance(bank, HttpBankGateway)
    trace = InquiryTrace(body=BODY, operation="inquiry", mode=InquiryMode.ONLINE)
    answer = bank.post_json(
        INQUIRY_PATH,
        {"terminal_id": bank.config.terminal_id, "order_id": "000000000000"},
        trace=trace,
    )
    return HttpResponse(str(answer.status), content_type="text/plain")
