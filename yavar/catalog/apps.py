from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "yavar.catalog"
    label = "catalog"
