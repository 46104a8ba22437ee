"""Nobody can grant a role above their own, act outside their organisation, or change their own
roles: the most common hole in systems of this kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cornerstone.accounts import permissions, services
from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import ROLES_FOR_ORGANISATION_TYPE, OrganisationType, Role, role_level
from cornerstone.accounts.tests.factories import MembershipFactory, OrganisationFactory
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent

ALL_ROLES = list(Role.values)
ALL_TYPES = list(OrganisationType.values)


class GrantRulesProperties(TestCase):
    """For any actor, organisation and role, a grant is allowed only if every rule holds."""

    @settings(max_examples=150, deadline=None)
    @given(
        actor_type=st.sampled_from(ALL_TYPES),
        target_type=st.sampled_from(ALL_TYPES),
        actor_role=st.sampled_from(ALL_ROLES),
        granted_role=st.sampled_from(ALL_ROLES),
        same_organisation=st.booleans(),
    )
    def test_grant_is_allowed_only_within_the_rules(
        self, actor_type: str, target_type: str, actor_role: str, granted_role: str, same_organisation: bool
    ) -> None:
        actor_org = OrganisationFactory(type=actor_type)
        target_org = actor_org if same_organisation else OrganisationFactory(type=target_type)
        membership = MembershipFactory(organisation=actor_org, role=actor_role)
        actor = Actor.for_membership(membership)

        allowed = permissions.can_grant_role(actor, target_org, granted_role)

        if allowed:
            assert actor_role in (Role.ORGANISATION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR)
            assert role_level(granted_role) <= role_level(actor_role)
            assert granted_role in ROLES_FOR_ORGANISATION_TYPE[target_org.type]
            assert same_organisation or actor_role == Role.SYSTEM_ADMINISTRATOR
            assert granted_role != Role.SYSTEM_ADMINISTRATOR or actor_role == Role.SYSTEM_ADMINISTRATOR
        elif (
            actor_role == Role.ORGANISATION_ADMINISTRATOR
            and same_organisation
            and granted_role in ROLES_FOR_ORGANISATION_TYPE[target_org.type]
            and granted_role != Role.SYSTEM_ADMINISTRATOR
        ):
            pytest.fail(f"an organisation administrator should be able to grant {granted_role}")

    @settings(max_examples=60, deadline=None)
    @given(actor_role=st.sampled_from(ALL_ROLES), granted_role=st.sampled_from(ALL_ROLES))
    def test_refused_grants_change_nothing(self, actor_role: str, granted_role: str) -> None:
        organisation = OrganisationFactory(type=OrganisationType.OTHER)
        actor = Actor.for_membership(MembershipFactory(organisation=organisation, role=actor_role))
        if permissions.can_grant_role(actor, organisation, granted_role):
            return
        users_before, memberships_before, events_before = (
            User.objects.count(),
            Membership.objects.count(),
            AuditEvent.objects.count(),
        )
        with pytest.raises(PermissionDenied):
            services.user_invite(
                actor=actor,
                organisation=organisation,
                email="new.person@example.org",
                full_name="New Person",
                role=granted_role,
            )
        assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == (
            users_before,
            memberships_before,
            events_before,
        )


@pytest.mark.django_db
def test_an_organisation_administrator_cannot_make_a_system_administrator() -> None:
    organisation = OrganisationFactory(type=OrganisationType.OTHER)
    actor = Actor.for_membership(
        MembershipFactory(organisation=organisation, role=Role.ORGANISATION_ADMINISTRATOR)
    )
    assert not permissions.can_grant_role(actor, organisation, Role.SYSTEM_ADMINISTRATOR)
    assert permissions.can_grant_role(actor, organisation, Role.ORGANISATION_ADMINISTRATOR)


@pytest.mark.django_db
def test_nobody_changes_their_own_roles() -> None:
    admin = MembershipFactory(role=Role.ORGANISATION_ADMINISTRATOR)
    actor = Actor.for_membership(admin)
    assert not permissions.can_change_membership(actor, admin)
    with pytest.raises(PermissionDenied):
        services.membership_change_role(actor=actor, membership=admin, role=Role.REFERRER)
    assert not permissions.can_deactivate_user(actor, admin.user)


@pytest.mark.django_db
def test_an_administrator_cannot_touch_another_organisations_people() -> None:
    admin = MembershipFactory(role=Role.ORGANISATION_ADMINISTRATOR)
    elsewhere = MembershipFactory(role=Role.REFERRER)
    actor = Actor.for_membership(admin)
    assert not permissions.can_change_membership(actor, elsewhere)
    assert not permissions.can_deactivate_user(actor, elsewhere.user)
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=actor, membership=elsewhere, reason="test")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=actor, user=elsewhere.user, reason="test")


@pytest.mark.django_db
def test_a_person_with_roles_elsewhere_cannot_be_deactivated_by_one_organisation() -> None:
    admin = MembershipFactory(role=Role.ORGANISATION_ADMINISTRATOR)
    shared = MembershipFactory(organisation=admin.organisation, role=Role.REFERRER)
    MembershipFactory(user=shared.user, role=Role.PANEL_MEMBER)  # a role in another organisation
    assert not permissions.can_deactivate_user(Actor.for_membership(admin), shared.user)


@pytest.mark.django_db
def test_the_invite_page_refuses_a_role_above_the_administrators(client) -> None:  # type: ignore[no-untyped-def]
    admin = MembershipFactory(role=Role.ORGANISATION_ADMINISTRATOR, organisation__type=OrganisationType.OTHER)
    sign_in(client, admin.user, admin)
    response = client.post(
        "/users/invite/",
        {"full_name": "Eve Escalate", "email": "eve@example.org", "role": Role.SYSTEM_ADMINISTRATOR},
    )
    assert response.status_code == 200
    assert "Select one of the roles listed" in response.content.decode()
    assert not User.objects.filter(email="eve@example.org").exists()


@pytest.mark.django_db
def test_an_administrator_cannot_change_their_own_role_through_the_page(client) -> None:  # type: ignore[no-untyped-def]
    admin = MembershipFactory(role=Role.ORGANISATION_ADMINISTRATOR)
    sign_in(client, admin.user, admin)
    response = client.post(f"/memberships/{admin.pk}/change/", {"role": Role.REFERRER})
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.role == Role.ORGANISATION_ADMINISTRATOR


@pytest.mark.django_db
def test_roles_a_type_of_organisation_cannot_hold_are_never_offered() -> None:
    school = OrganisationFactory(type=OrganisationType.SCHOOL_OR_COLLEGE)
    actor = Actor.for_membership(MembershipFactory(organisation=school, role=Role.ORGANISATION_ADMINISTRATOR))
    offered = set(permissions.grantable_roles(actor, school))
    assert Role.POLICE_PREVENT_OFFICER not in offered
    assert Role.CHANNEL_COORDINATOR not in offered
    assert offered == set(ROLES_FOR_ORGANISATION_TYPE[OrganisationType.SCHOOL_OR_COLLEGE])


@pytest.mark.django_db
def test_a_system_administrator_can_set_up_another_organisations_administrator() -> None:
    operator = OrganisationFactory(type=OrganisationType.OTHER)
    council = OrganisationFactory(type=OrganisationType.LOCAL_AUTHORITY)
    actor = Actor.for_membership(MembershipFactory(organisation=operator, role=Role.SYSTEM_ADMINISTRATOR))
    membership = services.user_invite(
        actor=actor,
        organisation=council,
        email="admin@council.example.org",
        full_name="Council Admin",
        role=Role.ORGANISATION_ADMINISTRATOR,
    )
    assert membership.organisation == council
    assert Organisation.objects.filter(pk=council.pk).exists()
