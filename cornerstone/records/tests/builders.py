"""A person with records in every part of the service, each mentioning their details."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase, ConsentRecord, InformationRequest
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels.models import AgendaItem, AgendaSection, Meeting, Panel
from cornerstone.people.models import Person, PersonIdentifier, PersonMerge, PersonName
from cornerstone.records.models import RetentionReview
from cornerstone.referrals.models import Referral, ReferralAttachment, TimelineEntry
from cornerstone.referrals.tests.helpers import submitted
from cornerstone.screening.models import DecisionState, Deconfliction, ScreeningDecision
from cornerstone.support.models import Intervention, InterventionSession

GIVEN, FAMILY, ALIAS = "Zephyrine", "Quillfeather", "Zephyquill"
BORN = dt.date(2009, 9, 7)
UPN, PNC = "H801200001001", "09/123456X"
NEEDLES = (GIVEN, FAMILY, ALIAS, UPN, PNC, "2009-09-07", "07/09/2009", "7/9/2009", "07-09-2009", "7 9 2009")
DECIDED_AT = dt.datetime(2020, 5, 4, 10, tzinfo=dt.UTC)


@dataclass
class Subject:
    person: Person
    referral: Referral
    attachment_name: str


def subject_with_everything(world: DemoWorld) -> Subject:
    membership = world.memberships_by_role[Role.REFERRER]
    officer = world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    coordinator = world.memberships_by_role[Role.CHANNEL_COORDINATOR]
    referral = submitted(membership, given=GIVEN, family=FAMILY, born="7 9 2009")
    person = referral.person
    assert person is not None
    PersonIdentifier.objects.create(person=person, kind="upn", value=UPN)
    # An earlier index record of the same person, merged into this one.
    earlier = Person.objects.create(reference="PER-EARLIER", date_of_birth=BORN, merged_into=person)
    PersonName.objects.create(person=earlier, given_names=ALIAS, family_name=FAMILY)
    PersonIdentifier.objects.create(person=earlier, kind="pnc", value=PNC)
    PersonMerge.objects.create(source=earlier, target=person, reason=f"Same {GIVEN}", merged_by=officer)
    text = f"{GIVEN} {FAMILY}, born 07/09/2009"
    Deconfliction.objects.create(
        referral=referral, outcome="no_interest", outcome_note=text, recorded_by=officer
    )
    ScreeningDecision.objects.create(
        referral=referral,
        outcome="progressed",
        state=DecisionState.MADE,
        rationale=text,
        decided_by=officer,
        decided_at=DECIDED_AT,
    )
    case = ChannelCase.objects.create(
        referral=referral,
        local_authority=referral.local_authority,
        adopted_at=DECIDED_AT,
        exit_reason="risk_reduced",
        exit_note=text,
        exited_at=DECIDED_AT,
    )
    InformationRequest.objects.create(
        case=case,
        organisation=coordinator.organisation,
        question=f"What do you know of {GIVEN}?",
        answer=text,
        due_on=dt.date(2020, 6, 1),
        sent_by=coordinator.user,
    )
    ConsentRecord.objects.create(
        case=case,
        decision="given",
        decided_on=dt.date(2020, 5, 5),
        method="in_person",
        is_child=True,
        parent_name=f"Alex {FAMILY}",
        child_view=text,
        recorded_by=coordinator.user,
    )
    intervention = Intervention.objects.create(
        case=case,
        type="mentoring",
        description=text,
        provider=coordinator.organisation,
        owner=coordinator.user,
        frequency_days=7,
        starts_on=dt.date(2020, 5, 6),
        created_by=coordinator.user,
    )
    InterventionSession.objects.create(
        intervention=intervention,
        held_on=dt.date(2020, 5, 7),
        status="delivered",
        note=text,
        logged_by=coordinator.user,
    )
    panel = Panel.objects.create(organisation=coordinator.organisation, name="Erasure test panel")
    meeting = Meeting.objects.create(panel=panel, starts_at=DECIDED_AT, created_by=coordinator.user)
    AgendaItem.objects.create(
        meeting=meeting,
        referral=referral,
        section=AgendaSection.NEW,
        decision="adopt",
        notes=text,
        reasons=text,
    )
    TimelineEntry.objects.create(
        referral=referral, kind="note", title="Note", detail=text, actor_label="Officer"
    )
    attachment = ReferralAttachment(
        referral=referral,
        original_name=f"{FAMILY}.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=membership.user,
    )
    attachment.file.save("x", ContentFile(b"%PDF"), save=False)
    attachment.save()
    return Subject(person=person, referral=referral, attachment_name=attachment.file.name)


def pending_review(subject: Subject) -> RetentionReview:
    return RetentionReview.objects.create(
        person=subject.person, person_reference=subject.person.reference or "", due_on=dt.date(2026, 5, 4)
    )
