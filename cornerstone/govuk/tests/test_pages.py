"""The base layout, the information pages, the error pages and the security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import Client, RequestFactory

from cornerstone.accounts.roles import Role, role_label
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.govuk import views
from cornerstone.govuk.templatetags.govuk import TITLE_SUFFIX
from cornerstone.govuk.tests.html import Element, parse

STATIC = Path(__file__).resolve().parents[1] / "static" / "govuk"
PUBLIC_PAGES = ["/accessibility/", "/privacy/", "/cookies/"]


def csp_nonce(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


def classification_banners(page: Element) -> list[str]:
    return [banner.text() for banner in page.find_all(cls="app-classification-banner")]


# Information pages and the layout -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading", "phrases"),
    [
        (
            "/accessibility/",
            "Accessibility statement for Cornerstone",
            ["WCAG", "2.2", "Equality and Human Rights Commission", "Equality Advisory and Support Service"],
        ),
        (
            "/privacy/",
            "Privacy notice",
            [
                "UK General Data Protection Regulation",
                "Part 3 of the Data Protection Act 2018",
                "public task",
                "subject access request",
                "section 62",
                "Information Commissioner",
            ],
        ),
        ("/cookies/", "Cookies", ["cornerstone-session", "cornerstone-csrf", "__Host-", "analytics"]),
    ],
)
def test_information_pages_are_open_to_everyone(
    client: Client, path: str, heading: str, phrases: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text() == heading
    assert page.find("title").text() == f"{heading.split(' for ')[0]}{TITLE_SUFFIX}"
    text = page.find("main").text()
    for phrase in phrases:
        assert phrase in text, phrase


@pytest.mark.django_db
def test_the_layout_for_someone_not_signed_in(client: Client) -> None:
    page = parse(client.get("/accessibility/").content)
    body = page.find("body")
    assert "govuk-template__body" in body.classes
    # The skip link, then the classification, before anything else that is visible.
    skip = page.find("a", cls="govuk-skip-link")
    assert skip.attrs["href"] == "#main-content" and page.find("main").attrs["id"] == "main-content"
    top = page.find(cls="app-classification-banner")
    assert top.attrs["role"] == "region" and top.attrs["aria-label"] == "Security classification"
    assert classification_banners(page) == ["OFFICIAL", "Security classification: OFFICIAL"]
    home = page.find("a", cls="govuk-generic-header__homepage-link")
    assert (home.attrs["href"], home.text()) == ("/", "Cornerstone")
    assert page.find_all(cls="app-header__account") == []
    assert page.find_all(cls="govuk-service-navigation") == []
    footer_links = {a.attrs["href"]: a.text() for a in page.find("footer").find_all("a")}
    assert footer_links == {
        "/accessibility/": "Accessibility statement",
        "/privacy/": "Privacy notice",
        "/cookies/": "Cookies",
        "/about-prevent/": "About Prevent",
    }
    assert "© Cornerstone partnership" in page.find("footer").text()


@pytest.mark.django_db
def test_not_a_gov_uk_service_no_crown_no_gds_transport(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    for branding in (
        "govuk-logo",
        "govuk-header__logotype",
        "Crown copyright",
        "govuk-crest",
        "Open Government Licence",
    ):
        assert branding not in html
    css = (STATIC / "cornerstone.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css and "govuk-crest" not in css
    assert not (STATIC / "fonts").exists()


def test_every_image_the_stylesheet_uses_is_shipped() -> None:
    css = (STATIC / "cornerstone.css").read_text()
    urls = {url.strip("\"'") for url in re.findall(r"url\(([^)]*)\)", css)}
    assert urls, "expected the MoJ icons"
    for url in urls:
        if not url.startswith("data:"):
            assert (STATIC / url).is_file(), url


def test_the_scripts_start_both_libraries_from_a_module() -> None:
    init = (STATIC / "init.js").read_text()
    assert "from './govuk-frontend.min.js'" in init and "from './moj-frontend.min.js'" in init
    for library in ("govuk-frontend.min.js", "moj-frontend.min.js"):
        source = (STATIC / library).read_text()
        assert "export{" in source.replace(" ", "") and "initAll" in source
        assert "sourceMappingURL" not in source


@pytest.mark.django_db
def test_the_header_of_someone_signed_in(client: Client, world: DemoWorld) -> None:
    membership = world.memberships_by_role[Role.DATA_PROTECTION_OFFICER]
    sign_in(client, membership.user, membership)
    page = parse(client.get("/account/").content)
    account = page.find(cls="app-header__account")
    text = account.text()
    assert membership.user.full_name in text
    assert f"{role_label(membership.role)}, {membership.organisation.name}" in text
    assert account.find("a", href="/account/").text() == "Your account"
    form = account.find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/sign-out/")
    assert form.find("input", name="csrfmiddlewaretoken")
    assert form.find("button").text() == "Sign out"

    navigation = page.find(cls="govuk-service-navigation")
    links = navigation.find_all("a")
    assert [a.text() for a in links][:1] == ["Home"]
    current = [a for a in links if "aria-current" in a.attrs]
    assert [(a.text(), a.attrs["aria-current"]) for a in current] == [("Your account", "page")]


def render_page(source: str, **context: object) -> Element:
    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"  # type: ignore[attr-defined]
    return parse(Template(source).render(Context({"request": request, **context})))


def test_a_page_with_personal_data_is_marked_official_sensitive_top_and_bottom() -> None:
    page = render_page(
        '{% extends "govuk/base.html" %}{% block classification %}OFFICIAL-SENSITIVE{% endblock %}'
        "{% block content %}<h1>Case</h1>{% endblock %}"
    )
    assert classification_banners(page) == [
        "OFFICIAL-SENSITIVE",
        "Security classification: OFFICIAL-SENSITIVE",
    ]


def test_the_title_says_error_when_the_form_has_errors() -> None:
    from django import forms

    class NameForm(forms.Form):
        name = forms.CharField()

    source = '{% extends "govuk/base.html" %}{% block page_title %}Your name{% endblock %}'
    assert render_page(source, form=NameForm()).find("title").text() == f"Your name{TITLE_SUFFIX}"
    assert (
        render_page(source, form=NameForm(data={})).find("title").text() == f"Error: Your name{TITLE_SUFFIX}"
    )
    # A page that already adds "Error: " itself does not get it twice.
    doubled = '{% extends "govuk/base.html" %}{% block page_title %}{% if form.errors %}Error: {% endif %}Your name{% endblock %}'
    assert (
        render_page(doubled, form=NameForm(data={})).find("title").text() == f"Error: Your name{TITLE_SUFFIX}"
    )


def test_service_navigation_marks_the_current_page() -> None:
    navigation = [
        {"label": "Home", "url": "/", "active": False},
        {"label": "Cases", "url": "/cases/", "active": True},
    ]
    page = render_page('{% extends "govuk/base.html" %}', service_navigation=navigation)
    nav = page.find("nav", cls="govuk-service-navigation__wrapper")
    items = nav.find_all("li")
    assert "govuk-service-navigation__item--active" in items[1].classes
    assert nav.find("a", href="/cases/").attrs["aria-current"] == "page"
    assert "aria-current" not in nav.find("a", href="/").attrs


def test_messages_are_notification_banners() -> None:
    messages = [
        Message(message_levels.SUCCESS, "Role changed."),
        Message(message_levels.INFO, "Your export is being prepared."),
    ]
    page = render_page('{% extends "govuk/base.html" %}', messages=messages)
    success, important = page.find_all(cls="govuk-notification-banner")
    assert "govuk-notification-banner--success" in success.classes and success.attrs["role"] == "alert"
    assert success.find(cls="govuk-notification-banner__heading").text() == "Role changed."
    assert important.attrs["role"] == "region"
    assert important.find("h2").text() == "Important"
    assert "Your export is being prepared." in important.text()


# Scripts, styles and headers ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/sign-in/", "/no-such-page/"])
def test_every_script_has_a_source_or_the_nonce(client: Client, path: str) -> None:
    response = client.get(path)
    nonce = csp_nonce(response)
    scripts = parse(response.content).find_all("script")
    assert len(scripts) == 2
    inline = [script for script in scripts if "src" not in script.attrs]
    assert [script.attrs.get("nonce") for script in inline] == [nonce]
    (module,) = [script for script in scripts if "src" in script.attrs]
    assert module.attrs == {"type": "module", "src": "/static/govuk/init.js"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/sign-in/", "/no-such-page/"])
def test_no_inline_styles(client: Client, path: str) -> None:
    page = parse(client.get(path).content)
    assert page.find_all("style") == []
    assert page.filter(lambda element: "style" in element.attrs) == []


@pytest.mark.django_db
def test_content_security_policy_and_security_headers(client: Client) -> None:
    response = client.get("/accessibility/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Cache-Control" not in response  # a public page may be cached


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached(client: Client, world: DemoWorld) -> None:
    membership = world.memberships_by_role[Role.REFERRER]
    sign_in(client, membership.user, membership)
    response = client.get("/accessibility/")
    assert response["Cache-Control"] == "no-store"
    assert response["Permissions-Policy"]


# Error pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_address_is_page_not_found(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = parse(response.content)
    assert page.find("h1").text() == "Page not found"
    assert page.find("title").text() == f"Page not found{TITLE_SUFFIX}"
    assert "govuk-heading-l" in page.find("h1").classes
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_unknown_address_when_signed_in(client: Client, world: DemoWorld) -> None:
    membership = world.memberships_by_role[Role.REFERRER]
    sign_in(client, membership.user, membership)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert parse(response.content).find(cls="app-header__account")


@pytest.mark.django_db
def test_csrf_failure_explains_the_session_may_have_expired() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    page = parse(response.content)
    assert page.find("h1").text() == "Your session may have expired"
    links = {a.attrs["href"] for a in page.find("main").find_all("a")}
    assert "/sign-in/" in links
    assert "CSRF" not in page.find("main").text()  # no technical reasons shown
    assert csp_nonce(response) == page.find("script").attrs["nonce"]


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (views.bad_request, 400, "Sorry, there is a problem with your request"),
        (views.permission_denied, 403, "You do not have access to this page"),
        (views.page_not_found, 404, "Page not found"),
        (views.csrf_failure, 403, "Your session may have expired"),
    ],
)
def test_error_pages_render_without_user_or_actor_on_the_request(view, status: int, heading: str) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/somewhere/")  # no user, actor, session or nonce: middleware never ran
    response = view(request, Exception("boom")) if view is not views.csrf_failure else view(request, "reason")
    assert response.status_code == status
    page = parse(response.content)
    assert page.find("h1").text() == heading
    assert "boom" not in response.content.decode()


def test_server_error_page_needs_no_context_processors() -> None:
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()  # type: ignore[assignment]
    response = views.server_error(request)
    assert response.status_code == 500
    page = parse(response.content)
    assert page.find("h1").text() == "Sorry, there is a problem with the service"
    assert page.find("title").text() == f"Sorry, there is a problem with the service{TITLE_SUFFIX}"
    assert classification_banners(page)[0] == "OFFICIAL"


def test_server_error_page_when_even_the_template_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template engine is broken")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"template engine is broken" not in response.content


@pytest.mark.django_db
def test_an_exception_in_a_view_gives_the_500_page(
    client: Client, settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.govuk import urls

    def explode(request: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(urls.InformationPage, "get", lambda self, request, *a, **k: explode(request))
    client.raise_request_exception = False
    response = client.get("/cookies/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"secret detail" not in response.content and b"Traceback" not in response.content
    assert "Content-Security-Policy" in response


def test_cookie_expiry_in_words() -> None:
    assert views.cookie_expiry(None) == "When you close your browser"
    assert views.cookie_expiry(60 * 60 * 24 * 7 * 52) == "After 52 weeks"
    assert views.cookie_expiry(60 * 60 * 24) == "After 1 day"
    assert views.cookie_expiry(60 * 30) == "After 30 minutes"
