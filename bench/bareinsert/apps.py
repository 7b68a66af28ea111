from django.apps import AppConfig


class BareInsertConfig(AppConfig):
    name = "bench.bareinsert"
    label = "bareinsert"
    default_auto_field = "django.db.models.BigAutoField"
