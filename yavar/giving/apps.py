from django.apps import AppConfig


class GivingConfig(AppConfig):
    name = "yavar.giving"
    label = "giving"

    def ready(self) -> None:
        # Donations are requested and paid online on the portal: the card's request stage.
        from yavar.catalog import electronic

        from .enums import SERVICE_ID

        electronic.declare(SERVICE_ID, "request", channel="web", url_name="giving:donate")
