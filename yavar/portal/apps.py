from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yavar.portal"
    label = "portal"

    def ready(self) -> None:
        # The portal publishes every card, so each service's informing stage is online.
        from yavar.catalog import electronic
        from yavar.catalog.reference import CARDS_DIR

        service_ids = [path.stem for path in CARDS_DIR.glob("*.json")]
        electronic.declare_for_all(
            service_ids, "informing", channel="web", url_name="portal:service"
        )
