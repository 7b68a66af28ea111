from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("<str:service_id>/pdf", views.card_print, name="pdf"),
    path("<str:service_id>/edit/", views.card_edit, name="edit"),
    path("<str:service_id>/versions/", views.card_compare, name="compare"),
]
