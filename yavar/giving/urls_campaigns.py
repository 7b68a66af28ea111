"""Staff pages for running campaigns."""

from django.urls import path

from . import views_campaigns as v

urlpatterns = [
    path("campaigns/", v.campaign_admin, name="campaign_admin"),
    path("campaigns/new/", v.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", v.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/", v.campaign_close, name="campaign_close"),
]
