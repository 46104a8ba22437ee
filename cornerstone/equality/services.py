"""Every write of equality data. Each public function writes exactly one audit event, and the
event never holds an answer: only that equality data was recorded or changed, by whom, when."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.equality.baseline import BaselineRow
from cornerstone.equality.categories import ETHNICITY_CODES, ConditionRecorded, Religion, Sex
from cornerstone.equality.models import EqualityRecord, PopulationBaseline, PopulationCount
from cornerstone.equality.permissions import can_load_baseline, can_record_equality
from cornerstone.referrals.models import Referral


@dataclass(frozen=True)
class EqualityAnswers:
    """The answers given; "" for a question not answered."""

    ethnicity: str = ""
    religion: str = ""
    sex: str = ""
    condition_recorded: str = ""

    def validate(self) -> None:
        errors = {}
        if self.ethnicity and self.ethnicity not in ETHNICITY_CODES:
            errors["ethnicity"] = "Select an ethnic group from the list"
        if self.religion and self.religion not in Religion.values:
            errors["religion"] = "Select a religion from the list"
        if self.sex and self.sex not in Sex.values:
            errors["sex"] = "Select female, male or prefer not to say"
        if self.condition_recorded and self.condition_recorded not in ConditionRecorded.values:
            errors["condition_recorded"] = "Select yes, no, not known or prefer not to say"
        if errors:
            raise ValidationError(errors)


def equality_record_save(*, actor: Actor, referral_id: int, answers: EqualityAnswers) -> EqualityRecord:
    """Record the answers for the referral, or change the ones recorded."""
    answers.validate()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if not can_record_equality(actor, referral):
            raise PermissionDenied
        record = EqualityRecord.objects.select_for_update().filter(referral=referral).first()
        now = timezone.now()
        created = record is None
        if record is None:
            record = EqualityRecord(referral=referral, recorded_by=actor.user, recorded_at=now)
        else:
            record.changed_by = actor.user
            record.changed_at = now
        record.ethnicity = answers.ethnicity
        record.religion = answers.religion
        record.sex = answers.sex
        record.condition_recorded = answers.condition_recorded
        record.save()
        audit_event_record(
            actor=actor,
            action="equality.recorded" if created else "equality.changed",
            target=record,
            person_ref=referral.person.reference or "" if referral.person else "",
            # Deliberately no answers and no field names: only that it happened.
            changes={"referral": referral.reference or str(referral.pk)},
        )
    return record


def population_baseline_load(*, actor: Actor, file_name: str, rows: list[BaselineRow]) -> PopulationBaseline:
    """Save a checked file of population counts (``baseline.parse_baseline``) as one baseline."""
    if not can_load_baseline(actor):
        raise PermissionDenied
    if not rows:
        raise ValidationError("The file has no counts.")
    with transaction.atomic():
        baseline = PopulationBaseline.objects.create(
            file_name=file_name[:200],
            loaded_by=actor.user,
            loaded_by_label=actor.label,
            row_count=len(rows),
        )
        PopulationCount.objects.bulk_create(
            [
                PopulationCount(
                    baseline=baseline,
                    area_code=row.area_code,
                    characteristic=row.characteristic,
                    group=row.group,
                    count=row.count,
                    source=row.source,
                    year=row.year,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        audit_event_record(
            actor=actor,
            action="equality.population_baseline_loaded",
            target=baseline,
            changes={"file_name": baseline.file_name, "rows": len(rows)},
        )
    return baseline
