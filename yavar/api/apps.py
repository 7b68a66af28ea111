from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "yavar.api"
    label = "api"
