from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "cornerstone.assessments"
    verbose_name = "Assessment frameworks"
