from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners import services
from cornerstone.partners.models import ApprovalStatus, InterventionProvider, PartnerService, ServiceType
from cornerstone.partners.service_types import ensure_service_types

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def details(world: DemoWorld) -> services.ServiceDetails:
    ensure_service_types()
    return services.ServiceDetails(
        name="Test boxing club",
        organisation_name="Test Sports Trust",
        service_type=ServiceType.objects.get(code="diversionary-activity"),
        description="Boxing sessions twice a week.",
        how_to_refer="Phone the coach.",
        local_authorities=[LocalAuthority.objects.get(code="WRT")],
        min_age=12,
        max_age=18,
        contact_email="coach@example.org",
        contact_phone="01632 960 001",
        website="https://www.example.org",
    )


def _events() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_create_writes_the_service_and_exactly_one_audit_event(coordinator: Actor, details) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    service = services.service_create(actor=coordinator, details=details, now=NOW)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "partner_service.create"
    assert event.object_id == str(service.pk)
    assert event.actor == coordinator.user
    assert event.changes["local_authorities"] == ["WRT"]
    assert service.last_confirmed_at == NOW
    assert list(service.local_authorities.values_list("code", flat=True)) == ["WRT"]


def test_update_confirm_and_withdraw_each_write_one_event(coordinator: Actor, details) -> None:  # type: ignore[no-untyped-def]
    service = services.service_create(actor=coordinator, details=details, now=NOW)
    later = NOW + dt.timedelta(days=10)
    count = AuditEvent.objects.count()
    services.service_update(
        actor=coordinator, service=service, details=replace(details, capacity="full"), now=later
    )
    assert AuditEvent.objects.count() == count + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "partner_service.update"
    assert event.changes == {"capacity": {"from": "open", "to": "full"}}
    service.refresh_from_db()
    assert service.last_confirmed_at == later

    services.service_confirm_current(actor=coordinator, service=service, now=later + dt.timedelta(days=1))
    assert AuditEvent.objects.count() == count + 2
    assert AuditEvent.objects.latest("pk").action == "partner_service.confirm"

    services.service_withdraw(actor=coordinator, service=service, reason="Funding ended")
    assert AuditEvent.objects.count() == count + 3
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.reason) == ("partner_service.withdraw", "Funding ended")
    service.refresh_from_db()
    assert service.is_withdrawn
    with pytest.raises(ValidationError):
        services.service_confirm_current(actor=coordinator, service=service)
    assert AuditEvent.objects.count() == count + 3


def test_a_referrer_cannot_write_to_the_directory(referrer: Actor, details) -> None:  # type: ignore[no-untyped-def]
    before = _events()
    with pytest.raises(PermissionDenied):
        services.service_create(actor=referrer, details=details)
    assert _events() == before
    assert not PartnerService.objects.filter(name=details.name).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"min_age": 19, "max_age": 12},
            "min_age",
            "Minimum age must be the same as or lower than the maximum age",
        ),
        (
            {"contact_email": "not an email"},
            "contact_email",
            "Enter an email address in the correct format, like name@example.org",
        ),
        (
            {"contact_phone": "call me"},
            "contact_phone",
            "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
        ),
        (
            {"contact_phone": "0123"},
            "contact_phone",
            "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
        ),
        (
            {"website": "javascript:alert(1)"},
            "website",
            "Enter a website address in the correct format, like https://www.example.org",
        ),
        (
            {"website": "www example org"},
            "website",
            "Enter a website address in the correct format, like https://www.example.org",
        ),
        ({"local_authorities": []}, "local_authorities", "Select at least one area the service covers"),
        ({"name": "  "}, "name", "Enter the name of the service"),
    ],
)
def test_invalid_details_are_refused_in_plain_english(
    coordinator: Actor, details, change, field, message
) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.service_create(actor=coordinator, details=replace(details, **change))
    assert caught.value.message_dict[field] == [message]
    assert AuditEvent.objects.count() == before


def test_equal_ages_and_international_numbers_are_accepted(coordinator: Actor, details) -> None:  # type: ignore[no-untyped-def]
    service = services.service_create(
        actor=coordinator, details=replace(details, min_age=16, max_age=16, contact_phone="+44 808 157 0192")
    )
    assert (service.min_age, service.max_age, service.contact_phone) == (16, 16, "+44 808 157 0192")


def test_provider_save_records_approval_with_one_event(world: DemoWorld, coordinator: Actor) -> None:
    organisation = world.organisations["mentoring"]
    wrt = LocalAuthority.objects.get(code="WRT")
    before = AuditEvent.objects.count()
    provider = services.provider_save(
        actor=coordinator,
        organisation=organisation,
        details=services.ProviderDetails(
            approval_status=ApprovalStatus.APPROVED,
            approved_on=dt.date(2026, 1, 5),
            review_due_on=dt.date(2027, 1, 5),
            specialisms=["Online radicalisation", " ", "Young adults"],
            local_authorities=[wrt],
        ),
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "intervention_provider.create"
    assert provider.specialism_list == ["Online radicalisation", "Young adults"]

    services.provider_save(
        actor=coordinator,
        organisation=organisation,
        details=services.ProviderDetails(
            approval_status=ApprovalStatus.SUSPENDED,
            approved_on=dt.date(2026, 1, 5),
            review_due_on=dt.date(2027, 1, 5),
            local_authorities=[wrt],
        ),
    )
    assert AuditEvent.objects.count() == before + 2
    event = AuditEvent.objects.latest("pk")
    assert event.action == "intervention_provider.update"
    assert event.changes["approval_status"] == {"from": "approved", "to": "suspended"}
    assert InterventionProvider.objects.get().approval_status == ApprovalStatus.SUSPENDED


def test_provider_rules(world: DemoWorld, coordinator: Actor) -> None:
    wrt = LocalAuthority.objects.get(code="WRT")
    with pytest.raises(ValidationError) as caught:
        services.provider_save(
            actor=coordinator,
            organisation=world.organisations["mentoring"],
            details=services.ProviderDetails(
                approval_status=ApprovalStatus.APPROVED,
                approved_on=dt.date(2026, 1, 5),
                review_due_on=dt.date(2025, 1, 5),
                local_authorities=[wrt],
                contact_email="nope",
            ),
        )
    assert caught.value.message_dict["review_due_on"] == ["Review date must be after the date of approval"]
    assert "contact_email" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.provider_save(
            actor=coordinator,
            organisation=world.organisations["community"],
            details=services.ProviderDetails(
                approval_status=ApprovalStatus.NOT_APPROVED, local_authorities=[wrt]
            ),
        )
    assert caught.value.message_dict["organisation"] == [
        "Select an organisation that is an intervention provider"
    ]
