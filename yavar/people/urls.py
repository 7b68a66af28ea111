from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/", views.duplicate_resolve, name="duplicate_resolve"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/identity-check/", views.person_check_identity, name="check_identity"),
    path("<int:pk>/household/", views.household_create, name="household_create"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/unmerge/", views.person_unmerge, name="unmerge"),
]
