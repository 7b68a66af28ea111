"""Finance and HQ dashboards of donations, with .xlsx exports."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("figures/", lambda request: HttpResponse("in progress"), name="dashboard"),  # replaced
]
