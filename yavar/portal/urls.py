from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.service_list, name="services"),
    path("services/<str:service_id>/", views.service_detail, name="service"),
    path("help/", views.help_page, name="help"),
    path("calendar/", views.calendar_page, name="calendar"),
]
