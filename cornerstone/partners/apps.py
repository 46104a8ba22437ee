from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "cornerstone.partners"
    verbose_name = "Partners and services"
