"""The onward-disclosure register's services: plain-English refusals with nothing saved, an
agreement unless a court order or vital interests, no disclosure about a case the recorder
cannot open, one audit event and a timeline entry that never holds what was shared."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import services
from cornerstone.audit.disclosures.selectors import disclosures_about_person
from cornerstone.audit.models import (
    BASES_WITHOUT_AGREEMENT,
    AuditEvent,
    InformationSharingAgreement,
    LawfulBasis,
    OnwardDisclosure,
)
from cornerstone.audit.tests import disclosure_fixtures as fx
from cornerstone.channel.selectors import timeline_for
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {name: " ".join(messages) for name, messages in error.value.message_dict.items()}


def _counts() -> tuple[int, int, int]:
    return OnwardDisclosure.objects.count(), AuditEvent.objects.count(), TimelineEntry.objects.count()


# Recording a disclosure -----------------------------------------------------------------------


def test_recording_writes_the_disclosure_one_audit_event_and_a_timeline_entry(world: DemoWorld) -> None:
    referral = fx.case(world)
    before_events = AuditEvent.objects.count()
    disclosure = fx.record(world, referral=referral)

    assert disclosure.referral == referral
    assert disclosure.agreement == fx.agreement(world)
    assert disclosure.organisation == world.organisations["warrington"]
    assert disclosure.role == Role.CHANNEL_COORDINATOR
    assert AuditEvent.objects.count() == before_events + 1
    event = AuditEvent.objects.get(action="disclosure.record")
    assert event.person_ref == referral.person_ref
    assert event.changes["agreement"] == fx.AGREEMENT_REFERENCE

    entry = TimelineEntry.objects.get(referral=referral, kind=services.TIMELINE_KIND)
    assert entry.title == "Information shared outside the partnership"
    assert "Department for Work and Pensions" in entry.detail
    assert fx.AGREEMENT_REFERENCE in entry.detail
    # What was shared, which records and why are for the register, never the timeline.
    for content in ("housing concern", "referral form", "emergency housing", "Jo Bloggs"):
        assert content not in entry.detail
    # It is on the person's timeline as every case holder sees it.
    for role in (Role.CHANNEL_COORDINATOR, Role.POLICE_PREVENT_OFFICER):
        assert entry in timeline_for(fx.actor(world, role), referral)


def test_police_prevent_staff_record_on_the_cases_routed_to_their_unit(world: DemoWorld) -> None:
    referral = fx.case(world, Status.IN_SCREENING)
    disclosure = fx.record(world, role=Role.POLICE_PREVENT_SUPERVISOR, referral=referral)
    assert disclosure.organisation == world.organisations["ctp"]


def test_every_required_answer_is_asked_for_in_plain_english(world: DemoWorld) -> None:
    referral = fx.case(world)
    before = _counts()
    blank = services.DisclosureDetails(
        recipient_organisation=" ",
        recipient_contact="",
        lawful_basis="",
        shared_description="",
        disclosed_on=None,
        decided_by="",
        reason="",
    )
    with pytest.raises(ValidationError) as error:
        services.onward_disclosure_record(
            actor=fx.actor(world, Role.CHANNEL_COORDINATOR), referral_id=referral.pk, details=blank
        )
    assert _messages(error) == {
        "recipient_organisation": "Enter the organisation the information was shared with",
        "recipient_contact": "Enter who received it: their name, role or contact details",
        "lawful_basis": "Select the lawful basis for sharing",
        "shared_description": "Describe what was shared",
        "disclosed_on": "Enter the date the information was shared",
        "decided_by": "Enter who decided to share it",
        "reason": "Enter why it was necessary to share it",
    }
    assert _counts() == before


@pytest.mark.parametrize("basis", sorted(set(LawfulBasis.values) - BASES_WITHOUT_AGREEMENT))
def test_an_agreement_is_required_unless_a_court_order_or_vital_interests(
    world: DemoWorld, basis: str
) -> None:
    fx.case(world), fx.agreement(world)  # made first: only the refused write is counted
    before = _counts()
    with pytest.raises(ValidationError) as error:
        fx.record(world, lawful_basis=basis, agreement_id=None, no_agreement_reason="We had no time")
    assert _messages(error)["agreement"].startswith("Select the information sharing agreement")
    assert _counts() == before


def test_the_agreement_rule_over_every_basis(world: DemoWorld) -> None:
    """Accepted exactly when there is an agreement, or the basis allows none and a reason is given."""
    agreement = fx.agreement(world)
    for basis, with_agreement, with_reason in itertools.product(
        LawfulBasis.values, (True, False), (True, False)
    ):
        allowed = with_agreement or (basis in BASES_WITHOUT_AGREEMENT and with_reason)
        try:
            made = fx.record(
                world,
                lawful_basis=basis,
                agreement_id=agreement.pk if with_agreement else None,
                no_agreement_reason="Ordered by Warrington Crown Court" if with_reason else "",
            )
        except ValidationError as error:
            assert not allowed, (basis, with_agreement, with_reason, error)
        else:
            assert allowed, (basis, with_agreement, with_reason)
            # The reason for going without is kept only when there is no agreement.
            assert bool(made.no_agreement_reason) == (not with_agreement)


@pytest.mark.parametrize("basis", sorted(BASES_WITHOUT_AGREEMENT))
def test_without_an_agreement_a_reason_is_required(world: DemoWorld, basis: str) -> None:
    with pytest.raises(ValidationError) as error:
        fx.record(world, lawful_basis=basis, agreement_id=None)
    assert _messages(error) == {
        "no_agreement_reason": "Enter why the information was shared without an agreement"
    }
    made = fx.record(world, lawful_basis=basis, agreement_id=None, no_agreement_reason="Life at risk")
    entry = TimelineEntry.objects.get(referral=made.referral, kind=services.TIMELINE_KIND)
    assert "No information sharing agreement" in entry.detail


def test_the_agreement_must_be_in_force_and_include_the_recorders_organisation(world: DemoWorld) -> None:
    stopped = fx.agreement(world, "ISA-STOPPED", is_active=False)
    others = InformationSharingAgreement.objects.create(
        reference="ISA-OTHERS",
        title="Not ours",
        purpose="Other work",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        starts_on=dt.date(2025, 1, 1),
        review_on=dt.date(2027, 1, 1),
        external_parties="Someone\nSomeone else",
    )
    for agreement in (stopped, others):
        with pytest.raises(ValidationError) as error:
            fx.record(world, agreement_id=agreement.pk)
        assert _messages(error) == {
            "agreement": "Select a current information sharing agreement your organisation is a party to"
        }


def test_sharing_within_the_partnership_is_not_an_onward_disclosure(world: DemoWorld) -> None:
    with pytest.raises(ValidationError) as error:
        fx.record(world, recipient_organisation=world.organisations["health"].name.upper())
    assert "is part of the partnership" in _messages(error)["recipient_organisation"]


def test_the_date_cannot_be_in_the_future(world: DemoWorld) -> None:
    with pytest.raises(ValidationError) as error:
        fx.record(world, disclosed_on=timezone.localdate() + dt.timedelta(days=1))
    assert _messages(error) == {"disclosed_on": "The date it was shared must be today or in the past"}


def test_nobody_records_a_disclosure_about_a_referral_they_cannot_see(world: DemoWorld) -> None:
    screening_only = fx.case(world, Status.IN_SCREENING)
    channel_case = fx.case(world)
    other_unit_officer = Membership.objects.create(
        user=world.users_by_role[Role.REFERRER],
        organisation=world.organisations["force"],
        role=Role.POLICE_PREVENT_OFFICER,
    )
    refused: list[tuple[Actor, Referral]] = [
        # A coordinator holds Channel cases, not referrals still with police screening.
        (fx.actor(world, Role.CHANNEL_COORDINATOR), screening_only),
        # Police staff of another organisation do not see the unit's referrals.
        (Actor.for_membership(other_unit_officer), channel_case),
        # Roles that do not hold cases, however senior.
        *(
            (fx.actor(world, role), channel_case)
            for role in (
                Role.PANEL_CHAIR,
                Role.DATA_PROTECTION_OFFICER,
                Role.SYSTEM_ADMINISTRATOR,
                Role.PANEL_MEMBER,
            )
        ),
    ]
    before = _counts()
    for who, referral in refused:
        with pytest.raises(PermissionDenied):
            services.onward_disclosure_record(
                actor=who, referral_id=referral.pk, details=fx.details(agreement_id=fx.agreement(world).pk)
            )
    assert _counts() == before


def test_disclosures_about_a_person_span_all_their_referrals(world: DemoWorld) -> None:
    first = fx.case(world)
    second = fx.case(world, Status.IN_SCREENING)
    assert first.person_id is not None
    Referral.objects.filter(pk=second.pk).update(person=first.person)
    one = fx.record(world, referral=first)
    two = fx.record(
        world,
        role=Role.POLICE_PREVENT_OFFICER,
        referral=second,
        recipient_organisation="HM Revenue and Customs",
    )
    someone_else = fx.case(world, Status.POLICE_MANAGED)
    fx.record(world, role=Role.POLICE_PREVENT_OFFICER, referral=someone_else)
    assert someone_else.person_id != first.person_id
    assert set(disclosures_about_person(first.person)) == {one, two}  # type: ignore[arg-type]


# Information sharing agreements ---------------------------------------------------------------


def _agreement(**overrides: object) -> services.AgreementDetails:
    values: dict[str, object] = {
        "reference": "ISA-2026-010",
        "title": "Youth offending information sharing",
        "purpose": "Safeguarding",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "starts_on": dt.date(2026, 4, 1),
        "review_on": dt.date(2027, 3, 31),
        "organisations": [],
        "external_parties": "Department for Education\nOfsted",
    }
    values.update(overrides)
    return services.AgreementDetails(**values)  # type: ignore[arg-type]


def test_agreement_refusals_are_plain_english_and_save_nothing(world: DemoWorld) -> None:
    admin = fx.actor(world, Role.SYSTEM_ADMINISTRATOR)
    fx.agreement(world)
    before = InformationSharingAgreement.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.sharing_agreement_create(
            actor=admin,
            details=_agreement(
                reference=fx.AGREEMENT_REFERENCE.lower(),
                title="",
                purpose=" ",
                lawful_basis="",
                external_parties="Only one",
                review_on=dt.date(2026, 1, 1),
            ),
        )
    assert _messages(error) == {
        "reference": f"An agreement with the reference {fx.AGREEMENT_REFERENCE.lower()} is already recorded",
        "title": "Enter the agreement's title",
        "organisations": "Add at least two parties: organisations in the partnership or external parties",
        "purpose": "Enter what the agreement allows information to be shared for",
        "lawful_basis": "Select the lawful basis of the agreement",
        "review_on": "The review date must be the same as or after the start date",
    }
    assert (InformationSharingAgreement.objects.count(), AuditEvent.objects.count()) == before


def test_a_data_protection_officer_keeps_their_own_organisations_agreements(world: DemoWorld) -> None:
    dpo = fx.actor(world, Role.DATA_PROTECTION_OFFICER)
    force = world.organisations["force"]
    with pytest.raises(ValidationError) as error:
        services.sharing_agreement_create(
            actor=dpo, details=_agreement(organisations=[world.organisations["ctp"]])
        )
    assert _messages(error) == {"organisations": f"Include your own organisation, {force.name}, as a party"}

    made = services.sharing_agreement_create(actor=dpo, details=_agreement(organisations=[force]))
    assert list(made.organisations.all()) == [force]
    assert made.external_party_list == ["Department for Education", "Ofsted"]

    theirs = fx.agreement(world, "ISA-THEIRS")
    theirs.organisations.set([world.organisations["warrington"]])
    with pytest.raises(PermissionDenied):
        services.sharing_agreement_update(
            actor=dpo, agreement_id=theirs.pk, details=_agreement(reference="X")
        )


def test_changing_an_agreement_records_what_changed(world: DemoWorld) -> None:
    admin = fx.actor(world, Role.SYSTEM_ADMINISTRATOR)
    agreement = services.sharing_agreement_create(actor=admin, details=_agreement())
    services.sharing_agreement_update(
        actor=admin, agreement_id=agreement.pk, details=_agreement(is_active=False, title="Renamed")
    )
    event = AuditEvent.objects.filter(action="sharing_agreement.update").get()
    assert event.changes == {
        "title": ["Youth offending information sharing", "Renamed"],
        "is_active": [True, False],
    }


@pytest.mark.parametrize(
    "role", [Role.CHANNEL_COORDINATOR, Role.POLICE_PREVENT_OFFICER, Role.ORGANISATION_ADMINISTRATOR]
)
def test_only_keepers_make_agreements(world: DemoWorld, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.sharing_agreement_create(actor=fx.actor(world, role), details=_agreement())
