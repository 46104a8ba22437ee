"""Who sees which referral: every role against every kind of record, through the selectors the
views use, and through the pages themselves."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.geography.models import LocalAuthority
from cornerstone.referrals import selectors
from cornerstone.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db

SCREENING = {Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR}

# What each role sees of the records below (by name), when acting as the demo user of the role.
EXPECTED: dict[str, set[str]] = {role: set() for role in Role.values}
EXPECTED[Role.REFERRER] = {"own draft", "other draft by me", "submitted by me", "submitted by me, other unit"}
EXPECTED[Role.SAFEGUARDING_LEAD] = {
    "own draft",
    "submitted by me",
    "submitted by my organisation",
    "submitted by me, other unit",
}
EXPECTED[Role.POLICE_PREVENT_OFFICER] = {
    "own draft",
    "submitted by me",
    "submitted by me, other unit",  # its status only, as for any referrer
    "submitted by my organisation",
    "submitted by another organisation",
}
EXPECTED[Role.POLICE_PREVENT_SUPERVISOR] = set(EXPECTED[Role.POLICE_PREVENT_OFFICER])


ROUTED_TO_MY_UNIT = {"submitted by me", "submitted by my organisation", "submitted by another organisation"}


def _visible(actor: Actor) -> set[int]:
    querysets = (
        selectors.drafts_for(actor),
        selectors.own_referrals_for(actor),
        selectors.organisation_referrals_for(actor),
        selectors.referrals_visible_to(actor),
    )
    return {pk for queryset in querysets for pk in queryset.values_list("pk", flat=True)}


def _records(world, role: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The records of the matrix, from the point of view of the demo user of ``role``."""
    me = world.memberships_by_role[role]
    colleague = (
        Membership.objects.filter(organisation=me.organisation, role=Role.REFERRER)
        .exclude(user=me.user)
        .first()
    )
    assert colleague is not None
    stranger = Membership.objects.filter(
        organisation=world.organisations["health"], role=Role.REFERRER
    ).first()
    elsewhere = (
        LocalAuthority.objects.exclude(police_force_area__code="cheshire")
        .exclude(prevent_region=world.organisations["ctp"].prevent_regions.first())
        .first()
    )
    other_unit, _ = Organisation.objects.get_or_create(
        name="Counter Terrorism Policing Elsewhere (test)",
        defaults={"type": OrganisationType.CT_POLICING_UNIT},
    )
    other_unit.police_force_areas.add(elsewhere.police_force_area)
    records = {
        "draft by someone else": draft(colleague, complete=False).pk,
        "submitted by my organisation": submitted(colleague).pk,
        "submitted by another organisation": submitted(stranger).pk,
    }
    if role in selectors.REFERRING_ROLES:
        records["own draft"] = draft(me, complete=False).pk
        records["submitted by me"] = submitted(me).pk
        records["submitted by me, other unit"] = submitted(me, local_authority=elsewhere.code).pk
    if role == Role.REFERRER:
        records["other draft by me"] = draft(me, complete=False).pk
    return records


@pytest.mark.parametrize("role", Role.values)
def test_access_matrix(world, role: str, client: Client) -> None:  # type: ignore[no-untyped-def]
    records = _records(world, role)
    me = world.memberships_by_role[role]
    actor = Actor.for_membership(me)
    expected = {name for name in EXPECTED[role] if name in records}
    # A safeguarding lead's own referral routed elsewhere is still their organisation's.
    seen = {name for name, pk in records.items() if pk in _visible(actor)}
    assert seen == expected, role

    sign_in(client, me.user, me)
    for name, pk in records.items():
        detail = client.get(reverse("referrals:detail", args=[pk]))
        full_access = role in SCREENING and name in ROUTED_TO_MY_UNIT
        assert detail.status_code == (200 if full_access else 403), (role, name)
        step = client.get(reverse("referrals:step", args=[pk, "name"]))
        if name in ("own draft", "other draft by me"):
            assert step.status_code == 200, (role, name)
        elif name.startswith("submitted by me"):
            # The back button after sending: its writer is shown the confirmation again.
            assert step.url == reverse("referrals:confirmation", args=[pk]), (role, name)
        else:
            assert step.status_code == 403, (role, name)


def test_a_draft_is_not_visible_to_the_same_user_in_another_role(world) -> None:  # type: ignore[no-untyped-def]
    me = world.memberships_by_role[Role.REFERRER]
    referral = draft(me, complete=False)
    other_role = Membership.objects.create(
        user=me.user, organisation=me.organisation, role=Role.SAFEGUARDING_LEAD
    )
    assert not selectors.drafts_for(Actor.for_membership(other_role)).filter(pk=referral.pk).exists()


def test_referrer_lists_show_only_plain_status(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals import services

    me = world.memberships_by_role[Role.REFERRER]
    received = submitted(me)
    screening = submitted(me)
    services.referral_receipt_record(
        actor=Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]),
        referral_id=screening.pk,
    )
    closed = submitted(me)
    type(closed).objects.filter(pk=closed.pk).update(status="closed")
    sign_in(client, me.user, me)
    html = client.get(reverse("referrals:mine")).content.decode()
    assert received.reference in html and "Received" in html
    assert "Being looked at" in html and "Closed" in html
    for leak in ("Sam", "Taylor", "PER-", "Extreme Right Wing", "Being screened", "Counter Terrorism"):
        assert leak not in html, leak
    lead = world.memberships_by_role[Role.SAFEGUARDING_LEAD]
    sign_in(client, lead.user, lead)
    html = client.get(reverse("referrals:organisation")).content.decode()
    assert received.reference in html and "Sam" not in html and "PER-" not in html


def test_staff_page_logs_the_read(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.audit.models import AccessLogEntry

    referral = submitted(world.memberships_by_role[Role.REFERRER])
    officer = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    sign_in(client, officer.user, officer)
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Sam" in html and "OFFICIAL-SENSITIVE" in html
    entry = AccessLogEntry.objects.get(object_id=str(referral.pk))
    assert entry.user == officer.user and entry.person_ref == str(referral.person)
