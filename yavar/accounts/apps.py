from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yavar.accounts"
    label = "accounts"
