"""The real URLs plus one view that fails, to see the 500 page people would get."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as real_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail MARKER-500")


urlpatterns = [path("boom/", boom), *real_urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
