from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "yavar.volunteering"
    label = "volunteering"
