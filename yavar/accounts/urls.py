from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/enrol/", views.enrol, name="enrol"),
    path("home/", views.home, name="home"),
    path("security/", views.security, name="security"),
    path("tokens/", views.tokens, name="tokens"),
]
