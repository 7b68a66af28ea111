from django.http import HttpResponse
from django.urls import path

app_name = "volunteering"
urlpatterns = [
    path(
        "", lambda request: HttpResponse("in progress"), name="list"
    ),  # replaced by the volunteers work
]
