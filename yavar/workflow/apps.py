from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "yavar.workflow"
    label = "workflow"
