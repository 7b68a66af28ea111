from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yavar.portal"
    label = "portal"
