from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "cornerstone.exercises"
    verbose_name = "Tabletop exercises"
