from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yavar.core"
    label = "core"
