"""Role-by-page matrix: every page, requested by every demo role and by nobody, is shown only to
the roles that should see it; the others get 403 or are sent to sign in. Records of another
organisation are refused the same way.

Pages of later parts of the service join ``PROTECTED_PAGES`` as they are built; the coverage
test fails if a named URL is in neither list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.api.tests import shared_matrices as api_pages
from cornerstone.assessments.tests import shared_matrices as assessments_pages
from cornerstone.audit.tests import shared_matrices as disclosures_pages
from cornerstone.channel.tests import shared_matrices as channel_pages
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement.tests import shared_matrices as engagement
from cornerstone.equality.tests import shared_matrices as equality_pages
from cornerstone.exercises.tests import shared_matrices as exercises
from cornerstone.guidance.tests.shared_matrices import PAGES as GUIDANCE_PAGES
from cornerstone.notifications.tests import shared_matrices as notifications_pages
from cornerstone.panels.tests import shared_matrices as panels_pages
from cornerstone.partners.tests.shared_matrices import PAGES as PARTNER_PAGES
from cornerstone.people.models import Person
from cornerstone.people.services import person_create
from cornerstone.people.types import PersonDetails
from cornerstone.records.tests import shared_matrices as records_pages
from cornerstone.referrals.tests.shared_matrices import PAGES as REFERRAL_PAGES
from cornerstone.screening.tests import shared_matrices as screening_pages
from cornerstone.statistics.tests import shared_matrices as statistics_pages
from cornerstone.subject_access.tests import shared_matrices as subject_access_pages
from cornerstone.support.tests import shared_matrices as support_pages

ADMINS = frozenset({Role.ORGANISATION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR})
EVERY_ROLE = frozenset(Role.values)
POLICE_PREVENT = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})

# Pages anyone may open, signed in or not.
PUBLIC_PAGES = {
    "accounts:sign-in",
    "accounts:signed-out",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:set-password",
    "accounts:password-set",
    "govuk:accessibility",
    "govuk:privacy",
    "govuk:cookies",
    "about:index",
    "about:what-prevent-is",
    "about:after-a-referral",
    "about:support-is-voluntary",
    "about:your-data",
    *engagement.PUBLIC_PAGES,
    *exercises.PUBLIC_PAGES,
    *screening_pages.PUBLIC_PAGES,
    *assessments_pages.PUBLIC_PAGES,
    *channel_pages.PUBLIC_PAGES,
    *panels_pages.PUBLIC_PAGES,
    *support_pages.PUBLIC_PAGES,
    *notifications_pages.PUBLIC_PAGES,
    *statistics_pages.PUBLIC_PAGES,
    *equality_pages.PUBLIC_PAGES,
    *api_pages.PUBLIC_PAGES,
    *disclosures_pages.PUBLIC_PAGES,
    *subject_access_pages.PUBLIC_PAGES,
}
# Steps of signing in itself (and sign-out, a POST), tested in test_sign_in.
SIGN_IN_STEPS = {
    "accounts:sign-out",
    "accounts:second-factor",
    "accounts:backup-codes",
    "accounts:choose-role",
    "accounts:sign-out-everywhere",
    "accounts:regenerate-backup-codes",
}
# Forms that only accept POST; each app's own tests check who may post them.
POST_ONLY = {
    "people:unmerge",
    *engagement.POST_ONLY,
    *exercises.POST_ONLY,
    *screening_pages.POST_ONLY,
    *assessments_pages.POST_ONLY,
    *channel_pages.POST_ONLY,
    *panels_pages.POST_ONLY,
    *support_pages.POST_ONLY,
    *notifications_pages.POST_ONLY,
    *statistics_pages.POST_ONLY,
    *equality_pages.POST_ONLY,
    *disclosures_pages.POST_ONLY,
    *subject_access_pages.POST_ONLY,
}


def _person(world: DemoWorld) -> Person:
    """A person in the index with a possible match waiting, for the person index pages."""
    existing = Person.objects.filter(proposals__isnull=False).first()
    if existing is not None:
        return existing
    details = PersonDetails("Robert", "Nash", date_of_birth=dt.date(2008, 11, 2), postcode="WA1 1AA")
    person_create(actor=Actor.system("tests"), details=details, source="tests")
    again = PersonDetails("Bob", "Nash", date_of_birth=dt.date(2008, 11, 2), postcode="WA1 1AA")
    return person_create(actor=Actor.system("tests"), details=again, source="tests")


def _staff(world: DemoWorld, org_key: str) -> Membership:
    return world.organisations[org_key].memberships.get(user__email__startswith=f"{org_key}-staff-")


@dataclass(frozen=True)
class Page:
    url_name: str
    path: Callable[[DemoWorld], str]
    allowed: frozenset[str]
    note: str = ""


PROTECTED_PAGES: tuple[Page, ...] = (
    Page("accounts:home", lambda w: "/", EVERY_ROLE),
    Page("accounts:account", lambda w: "/account/", EVERY_ROLE),
    Page("accounts:users", lambda w: "/users/", ADMINS),
    Page("accounts:invite-user", lambda w: "/users/invite/", ADMINS),
    # The organisation administrator is at Warrington: its people are theirs, Halton's are not.
    Page("accounts:user-detail", lambda w: f"/users/{_staff(w, 'warrington').user_id}/", ADMINS),
    Page(
        "accounts:user-detail",
        lambda w: f"/users/{_staff(w, 'halton').user_id}/",
        frozenset({Role.SYSTEM_ADMINISTRATOR}),
        "another organisation's person",
    ),
    Page(
        "accounts:deactivate-user", lambda w: f"/users/{_staff(w, 'warrington').user_id}/deactivate/", ADMINS
    ),
    Page(
        "accounts:deactivate-user",
        lambda w: f"/users/{_staff(w, 'halton').user_id}/deactivate/",
        frozenset({Role.SYSTEM_ADMINISTRATOR}),
        "another organisation's person",
    ),
    Page(
        "accounts:change-membership", lambda w: f"/memberships/{_staff(w, 'warrington').pk}/change/", ADMINS
    ),
    Page(
        "accounts:change-membership",
        lambda w: f"/memberships/{_staff(w, 'halton').pk}/change/",
        frozenset({Role.SYSTEM_ADMINISTRATOR}),
        "another organisation's person",
    ),
    Page("accounts:end-membership", lambda w: f"/memberships/{_staff(w, 'warrington').pk}/remove/", ADMINS),
    Page(
        "accounts:end-membership",
        lambda w: f"/memberships/{_staff(w, 'halton').pk}/remove/",
        frozenset({Role.SYSTEM_ADMINISTRATOR}),
        "another organisation's person",
    ),
    Page("accounts:organisations", lambda w: "/organisations/", frozenset({Role.SYSTEM_ADMINISTRATOR})),
    Page(
        "accounts:organisation-new", lambda w: "/organisations/new/", frozenset({Role.SYSTEM_ADMINISTRATOR})
    ),
    Page(
        "accounts:organisation-edit",
        lambda w: f"/organisations/{w.organisations['halton'].pk}/",
        frozenset({Role.SYSTEM_ADMINISTRATOR}),
    ),
    Page("audit:search", lambda w: "/audit/", frozenset({Role.DATA_PROTECTION_OFFICER})),
    Page("people:search", lambda w: "/people/", POLICE_PREVENT),
    Page("people:person", lambda w: f"/people/{_person(w).reference}/", POLICE_PREVENT),
    Page("people:reviews", lambda w: "/people/possible-matches/", POLICE_PREVENT),
    Page(
        "people:review",
        lambda w: f"/people/possible-matches/{_person(w).proposals.get().pk}/",
        POLICE_PREVENT,
    ),
)
PROTECTED_PAGES += tuple(
    Page(*page)
    for page in (
        *REFERRAL_PAGES,
        *PARTNER_PAGES,
        *GUIDANCE_PAGES,
        *engagement.PAGES,
        *exercises.PAGES,
        *screening_pages.PAGES,
        *assessments_pages.PAGES,
        *channel_pages.PAGES,
        *panels_pages.PAGES,
        *support_pages.PAGES,
        *notifications_pages.PAGES,
        *statistics_pages.PAGES,
        *equality_pages.PAGES,
        *api_pages.PAGES,
        *disclosures_pages.PAGES,
        *records_pages.PAGES,
        *subject_access_pages.PAGES,
    )
)


def _named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names |= _named_urls(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_named_page_is_in_the_matrix() -> None:
    covered = PUBLIC_PAGES | SIGN_IN_STEPS | POST_ONLY | {page.url_name for page in PROTECTED_PAGES}
    assert _named_urls() - covered == set(), "add the new page to the access matrix"


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_sees_only_its_pages(role: str, world: DemoWorld) -> None:
    membership = world.memberships_by_role[role]
    client = sign_in(Client(), membership.user, membership)
    failures = []
    for page in PROTECTED_PAGES:
        path = page.path(world)
        status = client.get(path).status_code
        expected = 200 if role in page.allowed else 403
        if status != expected:
            failures.append(f"{path} ({page.note or page.url_name}): got {status}, expected {expected}")
    assert failures == []


@pytest.mark.django_db
def test_nobody_signed_in_is_sent_to_sign_in(world: DemoWorld) -> None:
    client = Client()
    for page in PROTECTED_PAGES:
        response = client.get(page.path(world))
        assert response.status_code == 302, page.url_name
        assert response["Location"].startswith("/sign-in/"), page.url_name


@pytest.mark.django_db
def test_public_pages_open_without_signing_in(client: Client) -> None:
    for path in (
        "/sign-in/",
        "/signed-out/",
        "/password-reset/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/about-prevent/",
        "/about-prevent/what-prevent-is/",
        "/about-prevent/after-a-referral/",
        "/about-prevent/support-is-voluntary/",
        "/about-prevent/your-data/",
    ):
        assert client.get(path).status_code == 200, path
