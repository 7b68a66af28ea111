from django.urls import path

from . import views

app_name = "safehouse"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_open, name="open"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/<int:pk>/ack/", views.break_glass_ack, name="break_glass_ack"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
    path("referrals/<int:pk>/feedback/", views.referral_feedback, name="referral_feedback"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/<str:action>/", views.case_action, name="action"),
]
