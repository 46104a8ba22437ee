from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cornerstone.accounts"
    verbose_name = "Accounts and organisations"
