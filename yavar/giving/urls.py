from django.urls import path

from . import urls_campaigns, urls_figures, urls_office, views

app_name = "giving"
urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("donate/", views.donate, name="donate"),
    path("donate/counties/", views.donate_counties, name="donate_counties"),
    path("callback/", views.callback, name="callback"),
    path("receipt/<str:tracking_code>/", views.receipt, name="receipt"),
    path("receipt/<str:tracking_code>.pdf", views.receipt_download, name="receipt_pdf"),
    path("account/", views.allocations, name="allocations"),
    path("account/<int:pk>/decision/", views.allocation_decision, name="allocation_decision"),
    *urls_campaigns.urlpatterns,
    *urls_office.urlpatterns,
    *urls_figures.urlpatterns,
]
