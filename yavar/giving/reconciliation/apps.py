from django.apps import AppConfig


class ReconciliationConfig(AppConfig):
    """The participation account's bank statements matched against donations. A separate app
    (inside giving) so its tables and migrations stand apart from the donations themselves."""

    name = "yavar.giving.reconciliation"
    label = "reconciliation"
