"""Yavar's own URLs plus the bare-insert view (bench/spike_settings.py makes this the root)."""

from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as yavar_urlpatterns

from .views import insert_and_ask_bank, insert_one

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("_bench/insert/", insert_one, name="bench-insert"),
    path("_bench/insert-and-ask-bank/", insert_and_ask_bank, name="bench-insert-and-ask-bank"),
    *yavar_urlpatterns,
]
