from django.urls import path

from . import public_views, views, views_figures

app_name = "volunteering"
urlpatterns = [
    # staff
    path("", views.volunteer_list, name="list"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.volunteer_action, name="action"),
    path("<int:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("<int:pk>/certificate/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("assignments/<int:pk>/hours/", views.hours_log, name="hours_log"),
    path("hours/<int:pk>/decide/", views.hours_decide, name="hours_decide"),
    path("figures/", views_figures.hours_figures, name="figures"),
    path("figures.xlsx", views_figures.hours_figures_export, name="figures_export"),
    # public
    path("join/", public_views.join, name="join"),
    path("join/counties/", public_views.join_counties, name="join_counties"),
    path("join/done/", public_views.joined, name="joined"),
    path("me/", public_views.me, name="me"),
    path("me/leave/", public_views.me_leave, name="me_leave"),
    path("me/<int:pk>/hours/", public_views.me_hours, name="me_hours"),
    path("me/<int:pk>/certificate/", public_views.me_certificate, name="me_certificate"),
    path(
        "me/certificate/<str:code>.pdf",
        public_views.me_certificate_pdf,
        name="me_certificate_pdf",
    ),
    path("certificate/<str:code>/", public_views.verify, name="verify"),
]
