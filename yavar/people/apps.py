from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "yavar.people"
    label = "people"

    def ready(self) -> None:
        from yavar.audit.links import register_person_link

        from .provenance import import_events_of_person

        register_person_link(import_events_of_person)
