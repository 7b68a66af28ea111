from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("new/<str:kind>/", views.batch_upload, name="batch_upload"),
    path("template/<str:kind>.xlsx", views.template_file, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("<int:pk>/approve/", views.batch_approve, name="batch_approve"),
    path("<int:pk>/reject/", views.batch_reject, name="batch_reject"),
    path("<int:pk>/recheck/", views.batch_recheck, name="batch_recheck"),
    path("<int:pk>/errors.xlsx", views.batch_report, name="batch_report"),
    path("<int:pk>/file/", views.batch_file, name="batch_file"),
]
