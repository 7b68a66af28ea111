from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Hit


@csrf_exempt  # the load client is not a browser; every other middleware still runs
@require_POST
def insert_one(request: HttpRequest) -> HttpResponse:
    Hit._default_manager.create(created_at=timezone.now())
    return HttpResponse("ok", content_type="text/plain")
