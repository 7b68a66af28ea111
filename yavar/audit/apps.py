from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yavar.audit"
    label = "audit"
