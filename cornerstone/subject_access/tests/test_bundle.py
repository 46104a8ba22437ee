"""The bundle holds every kind of record a person has, built through the journeys, and nothing
about anyone else."""

from __future__ import annotations

from collections import Counter

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments.models import Assessment
from cornerstone.audit.disclosures.selectors import disclosures_about_person
from cornerstone.audit.tests import disclosure_fixtures as disclosures
from cornerstone.channel.models import ConsentRecord, InformationRequest, PostClosureReview
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.demo.journeys import seed_demo_journeys
from cornerstone.equality.models import EqualityRecord
from cornerstone.equality.permissions import can_record_equality
from cornerstone.equality.services import EqualityAnswers, equality_record_save
from cornerstone.panels.models import AgendaItem
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.people.models import Person
from cornerstone.referrals.demo import seed_demo_referrals
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import ScreeningDecision
from cornerstone.subject_access.bundle import SECTIONS, gather, people_of
from cornerstone.support.models import Intervention, InterventionSession

pytestmark = pytest.mark.django_db


def test_the_persons_own_equality_answers_are_in_the_bundle_in_words(world: DemoWorld) -> None:
    _journeys(world)
    record = EqualityRecord.objects.get()
    person = Referral.objects.get(pk=record.referral_id).person
    while person.merged_into_id:
        person = person.merged_into
    section = next(s for s in gather(person)["sections"] if s["key"] == "equality")
    values = {field["label"]: field["value"] for item in section["items"] for field in item["fields"]}
    assert values["Ethnicity"] == "Irish" and values["Sex"] == "Female"


def _journeys(world: DemoWorld) -> None:
    load_reference_lists()
    seed_demo_referrals(world, seed=DEMO_SEED)
    seed_demo_directory(world, seed=DEMO_SEED)
    seed_demo_journeys(world, seed=DEMO_SEED)
    # An onward disclosure on a Channel case, recorded as the coordinator would.
    disclosures.record(world)
    # Equality monitoring answers, recorded by the screening unit as on its page.
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    referral = next(
        r
        for r in Referral.objects.exclude(status=Status.DRAFT).order_by("pk")
        if can_record_equality(officer, r)
    )
    equality_record_save(
        actor=officer, referral_id=referral.pk, answers=EqualityAnswers(ethnicity="white_irish", sex="female")
    )


def _expected(person: Person) -> Counter[str]:
    """What the database holds about the person, counted by kind, straight from the models."""
    referrals = Referral.objects.filter(person__in=people_of(person))
    return Counter(
        {
            "person": len(people_of(person)),
            "referrals": referrals.count(),
            "screening": ScreeningDecision.objects.filter(referral__in=referrals).count()
            + sum(1 for r in referrals if hasattr(r, "deconfliction")),
            "assessments": Assessment.objects.filter(referral__in=referrals).count(),
            "channel": sum(1 for r in referrals if hasattr(r, "channel_case")),
            "information_requests": InformationRequest.objects.filter(case__referral__in=referrals).count(),
            "panels": AgendaItem.objects.filter(referral__in=referrals).count(),
            "consent": ConsentRecord.objects.filter(case__referral__in=referrals).count(),
            "interventions": Intervention.objects.filter(case__referral__in=referrals).count(),
            "sessions": InterventionSession.objects.filter(
                intervention__case__referral__in=referrals
            ).count(),
            "reviews": PostClosureReview.objects.filter(case__referral__in=referrals).count(),
            "disclosures": disclosures_about_person(person).count(),
            "equality": EqualityRecord.objects.filter(referral__in=referrals).count(),
            "timeline": TimelineEntry.objects.filter(referral__in=referrals).count(),
        }
    )


def _counts(bundle: dict) -> Counter[str]:
    return Counter({section["key"]: len(section["items"]) for section in bundle["sections"]})


def _ids(bundle: dict) -> set[str]:
    return {item["id"] for section in bundle["sections"] for item in section["items"]}


def test_every_kind_of_record_is_gathered_for_each_person_and_nothing_of_anyone_else(
    world: DemoWorld,
) -> None:
    _journeys(world)
    people = list(Person.objects.filter(merged_into__isnull=True, referrals__isnull=False).distinct())
    assert len(people) > 5
    seen_kinds: set[str] = set()
    bundles = {}
    for person in people:
        bundle = gather(person)
        bundles[person.pk] = bundle
        counts = _counts(bundle)
        assert +counts == +_expected(person), person.reference
        seen_kinds |= {key for key, count in counts.items() if count}
        # Every referral in the bundle is this person's (or someone merged into them).
        mine = set(Referral.objects.filter(person__in=people_of(person)).values_list("pk", flat=True))
        referral_ids = {
            int(item["id"].split(":")[1])
            for section in bundle["sections"]
            if section["key"] == "referrals"
            for item in section["items"]
        }
        assert referral_ids == mine
    # Across the journeys, every section of the bundle has something in it for someone.
    assert seen_kinds == {key for key, _ in SECTIONS}
    # No record appears in two people's bundles.
    all_ids = [item_id for bundle in bundles.values() for item_id in _ids(bundle)]
    assert len(all_ids) == len(set(all_ids))


def test_merged_people_and_referral_answers(world: DemoWorld) -> None:
    _journeys(world)
    # A person merged into another: the survivor's bundle has both index records and every referral.
    merged = Person.objects.filter(merged_into__isnull=False).first()
    assert merged is not None and merged.merged_into is not None
    target = merged.merged_into
    bundle = gather(target)
    person_items = next(s for s in bundle["sections"] if s["key"] == "person")["items"]
    expected = {f"person:{p.pk}" for p in Person.objects.filter(merged_into=target)} | {f"person:{target.pk}"}
    assert {item["id"] for item in person_items} == expected
    assert f"person:{merged.pk}" in expected
    referrals = next(s for s in bundle["sections"] if s["key"] == "referrals")["items"]
    assert len(referrals) == Referral.objects.filter(person__in=people_of(target)).count() >= 2
    # Referral answers appear as the form shows them, each field named once.
    item = referrals[0]
    labels = [field["label"] for field in item["fields"]]
    assert any(label.startswith("What is the person's name?") for label in labels)
    names = [field["name"] for field in item["fields"]]
    assert len(names) == len(set(names))
