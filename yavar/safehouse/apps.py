from django.apps import AppConfig


class SafehouseConfig(AppConfig):
    name = "yavar.safehouse"
    label = "safehouse"
