from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBase
from django.urls import path

from cornerstone.govuk.views import InformationPage

app_name = "govuk"


def _page(template_name: str) -> Callable[..., HttpResponseBase]:
    return login_not_required(InformationPage.as_view(template_name=template_name))


urlpatterns = [
    path("accessibility/", _page("govuk/accessibility.html"), name="accessibility"),
    path("privacy/", _page("govuk/privacy.html"), name="privacy"),
    path("cookies/", _page("govuk/cookies.html"), name="cookies"),
]
