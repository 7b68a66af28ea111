from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "yavar.imports"
    label = "imports"
    verbose_name = "Staged bulk import"
