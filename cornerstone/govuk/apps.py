from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "cornerstone.govuk"
    verbose_name = "GOV.UK Design System"

    def ready(self) -> None:
        from cornerstone import checks  # noqa: F401  (registers the deploy checks)
