from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "yavar.people"
    label = "people"
