from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yavar.demo"
    label = "demo"
