from django.urls import path

from . import views

app_name = "reconciliation"
urlpatterns = [
    path("", views.statements, name="statements"),
    path("<int:pk>/", views.statement_detail, name="statement"),
    path("<int:pk>/rematch/", views.statement_rematch, name="rematch"),
    path("unmatched/", views.unmatched, name="unmatched"),
    path("suggested/", views.suggested, name="suggested"),
    path("missing/", views.missing, name="missing"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("lines/<int:pk>/confirm/", views.line_confirm, name="line_confirm"),
    path("lines/<int:pk>/dismiss/", views.line_dismiss, name="line_dismiss"),
    path("lines/<int:pk>/match/", views.line_match, name="line_match"),
    path("lines/<int:pk>/exclude/", views.line_exclude, name="line_exclude"),
    path("lines/<int:pk>/record/", views.line_record, name="line_record"),
    path("lines/<int:pk>/reopen/", views.line_reopen, name="line_reopen"),
]
