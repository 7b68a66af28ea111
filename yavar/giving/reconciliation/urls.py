from django.http import HttpResponse
from django.urls import path

app_name = "reconciliation"
urlpatterns = [
    path(
        "", lambda request: HttpResponse("in progress"), name="statements"
    ),  # replaced by the reconciliation work
]
