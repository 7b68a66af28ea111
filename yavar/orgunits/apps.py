from django.apps import AppConfig


class OrgunitsConfig(AppConfig):
    name = "yavar.orgunits"
    label = "orgunits"
