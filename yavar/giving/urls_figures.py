"""Finance and HQ dashboards of donations, with .xlsx exports."""

from django.urls import path

from . import views_figures

urlpatterns = [
    path("figures/", views_figures.dashboard, name="dashboard"),
    path("figures/<slug:table>.xlsx", views_figures.export, name="figures_export"),
]
