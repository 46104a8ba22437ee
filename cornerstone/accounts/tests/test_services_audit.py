"""Every service write leaves exactly one audit event, written in the same transaction.

The list of services is discovered, so a new service without a scenario here fails the suite.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

import cornerstone
from cornerstone.accounts import services
from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.api.tests import shared_matrices as api_scenarios
from cornerstone.assessments.tests import shared_matrices as assessments_scenarios
from cornerstone.audit.models import AuditEvent
from cornerstone.audit.tests import shared_matrices as disclosures_scenarios
from cornerstone.channel.tests import shared_matrices as channel_scenarios
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement.tests import shared_matrices as engagement
from cornerstone.equality.tests import shared_matrices as equality_scenarios
from cornerstone.exercises.tests import shared_matrices as exercises
from cornerstone.geography.models import LocalAuthority
from cornerstone.guidance.tests.shared_matrices import SCENARIOS as GUIDANCE_SCENARIOS
from cornerstone.notifications.tests import shared_matrices as notifications_scenarios
from cornerstone.panels.tests import shared_matrices as panels_scenarios
from cornerstone.partners.tests.shared_matrices import SCENARIOS as PARTNER_SCENARIOS
from cornerstone.people.tests.shared_matrices import SCENARIOS as PEOPLE_SCENARIOS
from cornerstone.records.tests import shared_matrices as records_scenarios
from cornerstone.referrals.tests.shared_matrices import EVENTS_PER_CALL
from cornerstone.referrals.tests.shared_matrices import SCENARIOS as REFERRAL_SCENARIOS
from cornerstone.screening.tests import shared_matrices as screening_scenarios
from cornerstone.subject_access.tests import shared_matrices as subject_access_scenarios
from cornerstone.support.tests import shared_matrices as support_scenarios

# Functions in services modules that are the audit machinery itself, not writes of domain data.
NOT_DOMAIN_WRITES = {
    "cornerstone.audit.services.audit_event_record",
    "cornerstone.audit.services.access_log_record",
    # Called inside other services' transactions, which write the audit event.
    "cornerstone.notifications.services.notify",
}


def _admin(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR])


def _sysadmin(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR])


def _colleague(world: DemoWorld) -> Any:
    admin = world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR]
    return services.user_invite(
        actor=_admin(world),
        organisation=admin.organisation,
        email="colleague@example.org",
        full_name="A Colleague",
        role=Role.REFERRER,
    )


def _details(name: str) -> services.OrganisationDetails:
    return services.OrganisationDetails(
        name=name,
        type=OrganisationType.SCHOOL_OR_COLLEGE,
        local_authorities=LocalAuthority.objects.filter(code="WRT"),
    )


SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.accounts.services.organisation_create": lambda w: (
        lambda: services.organisation_create(actor=_sysadmin(w), details=_details("Oakfield School (test)"))
    ),
    "cornerstone.accounts.services.organisation_update": lambda w: (
        lambda org: (
            lambda: services.organisation_update(
                actor=_sysadmin(w), organisation=org, details=_details("Renamed School (test)")
            )
        )
    )(w.organisations["secondary"]),
    "cornerstone.accounts.services.user_invite": lambda w: lambda: _colleague(w),
    "cornerstone.accounts.services.membership_change_role": lambda w: (
        lambda m: (
            lambda: services.membership_change_role(actor=_admin(w), membership=m, role=Role.PANEL_MEMBER)
        )
    )(_colleague(w)),
    "cornerstone.accounts.services.membership_end": lambda w: (
        lambda m: lambda: services.membership_end(actor=_admin(w), membership=m, reason="Left")
    )(_colleague(w)),
    "cornerstone.accounts.services.user_deactivate": lambda w: (
        lambda m: lambda: services.user_deactivate(actor=_admin(w), user=m.user, reason="Left")
    )(_colleague(w)),
    "cornerstone.accounts.services.user_sign_out_everywhere": lambda w: (
        lambda: services.user_sign_out_everywhere(
            actor=_admin(w), user=w.users_by_role[Role.ORGANISATION_ADMINISTRATOR]
        )
    ),
    "cornerstone.accounts.services.user_set_password": lambda w: (
        lambda: services.user_set_password(
            actor=Actor(user=w.users_by_role[Role.REFERRER]),
            user=w.users_by_role[Role.REFERRER],
            password="a brand new password",
            action="user.password_reset",
        )
    ),
    "cornerstone.accounts.services.session_record_sign_in": lambda w: (
        lambda: services.session_record_sign_in(actor=_admin(w), second_factor="authenticator app")
    ),
    "cornerstone.accounts.services.session_record_sign_out": lambda w: (
        lambda: services.session_record_sign_out(actor=_admin(w))
    ),
    "cornerstone.accounts.services.totp_device_confirm": lambda w: (
        lambda user: (
            lambda: services.totp_device_confirm(
                actor=Actor(user=user),
                device=TOTPDevice.objects.create(user=user, name="new", confirmed=False),
            )
        )
    )(w.users_by_role[Role.REFERRER]),
    "cornerstone.accounts.services.backup_codes_regenerate": lambda w: (
        lambda: services.backup_codes_regenerate(actor=_admin(w))
    ),
}


for app_scenarios in (
    REFERRAL_SCENARIOS,
    PEOPLE_SCENARIOS,
    PARTNER_SCENARIOS,
    GUIDANCE_SCENARIOS,
    engagement.SCENARIOS,
    exercises.SCENARIOS,
    screening_scenarios.SCENARIOS,
    assessments_scenarios.SCENARIOS,
    channel_scenarios.SCENARIOS,
    panels_scenarios.SCENARIOS,
    support_scenarios.SCENARIOS,
    equality_scenarios.SCENARIOS,
    notifications_scenarios.SCENARIOS,
    api_scenarios.SCENARIOS,
    disclosures_scenarios.SCENARIOS,
    records_scenarios.SCENARIOS,
    subject_access_scenarios.SCENARIOS,
):
    SCENARIOS.update(app_scenarios)
EVENTS_PER_CALL = {
    **EVENTS_PER_CALL,
    **engagement.EVENTS_PER_CALL,
    **exercises.EVENTS_PER_CALL,
    **screening_scenarios.EVENTS_PER_CALL,
    **assessments_scenarios.EVENTS_PER_CALL,
    **channel_scenarios.EVENTS_PER_CALL,
    **panels_scenarios.EVENTS_PER_CALL,
    **support_scenarios.EVENTS_PER_CALL,
    **equality_scenarios.EVENTS_PER_CALL,
    **notifications_scenarios.EVENTS_PER_CALL,
    **api_scenarios.EVENTS_PER_CALL,
    **disclosures_scenarios.EVENTS_PER_CALL,
    **records_scenarios.EVENTS_PER_CALL,
    **subject_access_scenarios.EVENTS_PER_CALL,
}


def discovered_services() -> set[str]:
    found = set()
    for module_info in pkgutil.walk_packages(cornerstone.__path__, "cornerstone."):
        if not module_info.name.endswith(".services"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module.__name__}.{name}")
    return found - NOT_DOMAIN_WRITES


def test_every_service_has_an_audit_scenario() -> None:
    assert discovered_services() == set(SCENARIOS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("service", sorted(SCENARIOS))
def test_each_service_write_leaves_exactly_one_audit_event(service: str, world: DemoWorld) -> None:
    call = SCENARIOS[service](world)
    before = AuditEvent.objects.count()
    call()
    assert AuditEvent.objects.count() == before + EVENTS_PER_CALL.get(service, 1)


@pytest.mark.django_db(transaction=True)
def test_the_audit_event_rolls_back_with_a_failed_write(world: DemoWorld) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _colleague(world)
        raise RuntimeError("the surrounding work failed")
    assert AuditEvent.objects.count() == before
    assert (
        not world.organisations["warrington"].memberships.filter(user__email="colleague@example.org").exists()
    )


@pytest.mark.django_db(transaction=True)
def test_audit_events_record_who_where_and_in_which_role(world: DemoWorld) -> None:
    membership = _colleague(world)
    event = AuditEvent.objects.get(action="user.invite", object_id=str(membership.pk))
    admin = world.memberships_by_role[Role.ORGANISATION_ADMINISTRATOR]
    assert event.actor == admin.user
    assert event.organisation == admin.organisation
    assert event.role == Role.ORGANISATION_ADMINISTRATOR
    assert event.changes["role"] == Role.REFERRER
    # Committed events are sealed into the hash chain straight after commit.
    assert event.sequence is not None and len(event.entry_hash) == 64
