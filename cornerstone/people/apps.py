from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cornerstone.people"
    verbose_name = "Person index"
