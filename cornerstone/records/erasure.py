"""Erasing a person: every row holding their personal data is deleted or blanked, and each of
their referrals is kept as an anonymised statistical stub so published returns do not change.

Called by ``services.retention_review_confirm`` inside its transaction. The walk is generic: it
follows every relation pointing at the person and their referrals (hidden ones too), so a table
another part of the service adds later is removed with them unless it is listed in
``STUB_MODELS``. See docs/records.md and docs/adr/0007-erasure-and-the-sealed-logs.md.

Kept, per referral (what ``cornerstone/statistics/national_return.py`` reads):
- the referral row: dates, status, sector, concern type and taxonomy, local authority, its own
  reference; ``answers`` emptied; the person replaced by an anonymous placeholder that has only
  the gender and the lowest age of the age band at referral (no name, no date of birth);
- screening decisions (outcome, state, dates), agenda items (decision, removed), the Channel
  case (dates, exit reason), the import record (discussed at panel), the equality record
  (reduced to the high-level ethnic group), onward disclosures (that one was made, and when):
  each with every free-text field emptied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cornerstone.audit.models import AccessLogEntry, AuditEvent
from cornerstone.people.models import Person, PersonMerge
from cornerstone.referrals.models import Referral
from cornerstone.statistics.national_return import AGE_BANDS, age_on

ERASED = "[erased]"

# Rows the statistics read: kept, with their free text emptied.
STUB_MODELS = frozenset(
    {
        "screening.screeningdecision",
        "panels.agendaitem",
        "channel.channelcase",
        "referrals.importedrecord",
        "equality.equalityrecord",
        "audit.onwarddisclosure",
        "records.erasedreferral",
    }
)
# Text columns of stub rows that are categories, not free text.
KEEP_FIELDS = frozenset(
    {
        ("referrals.referral", "reference"),
        ("panels.agendaitem", "decision"),
        ("referrals.importedrecord", "source_system"),
        ("audit.onwarddisclosure", "recipient_organisation"),
        ("audit.onwarddisclosure", "decided_by"),
        ("audit.onwarddisclosure", "recorded_by_label"),
        ("audit.onwarddisclosure", "role"),
    }
)


@dataclass
class Erasure:
    """What one erasure removed, by kind of record, and what is left to do after commit."""

    removed: Counter[str] = field(default_factory=Counter)
    blanked: Counter[str] = field(default_factory=Counter)
    files: list[tuple[Any, str]] = field(default_factory=list)
    stubs: int = 0
    stub_referral_ids: list[int] = field(default_factory=list)

    def count(self, counter: Counter[str], row: models.Model) -> None:
        counter[str(row._meta.verbose_name_plural).capitalize()] += 1


def _reverse_relations(model: type[models.Model]) -> Iterator[Any]:
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel


def _children(row: models.Model) -> Iterator[models.Model]:
    for rel in _reverse_relations(type(row)):
        # A row that only loses its link (a retention review) is not about the person.
        if rel.on_delete is models.SET_NULL:
            continue
        manager = rel.related_model._default_manager
        yield from manager.filter(**{rel.field.name: row}).order_by("pk")


def _is_free_text(model_label: str, model_field: models.Field[Any, Any]) -> bool:
    if (model_label, model_field.name) in KEEP_FIELDS or model_field.is_relation:
        return False
    if isinstance(model_field, models.JSONField | models.TextField):
        return True
    return isinstance(model_field, models.CharField) and not model_field.choices


def _blank(row: models.Model, erasure: Erasure) -> None:
    """Empty every free-text column of a row that is kept as part of a stub."""
    label = row._meta.label_lower
    changed = []
    ethnicity = getattr(row, "ethnicity", "")
    for model_field in row._meta.concrete_fields:
        if not _is_free_text(label, model_field):
            continue
        if not getattr(row, model_field.attname):
            continue
        if isinstance(model_field, models.JSONField):
            empty: Any = model_field.get_default()
        else:
            # A marker, not "": some rows must say something (a panel decision has reasons).
            fits = model_field.max_length is None or model_field.max_length >= len(ERASED)
            empty = ERASED if fits else ""
        setattr(row, model_field.attname, empty)
        changed.append(model_field.attname)
    if label == "referrals.importedrecord":
        # Unique per organisation and source: the source's reference could find the person again.
        row.source_reference = f"erased-{row.pk}"  # type: ignore[attr-defined]
        changed.append("source_reference")
    if label == "equality.equalityrecord":
        try:
            from cornerstone.equality.categories import ETHNIC_GROUP_OF
        except ImportError:  # pragma: no cover - the equality app is always installed
            ETHNIC_GROUP_OF = {}
        # Only the high-level group the national return reports survives.
        row.ethnicity = ETHNIC_GROUP_OF.get(ethnicity, ethnicity)  # type: ignore[attr-defined]
        for name in ("religion", "sex", "condition_recorded"):
            setattr(row, name, "")
        changed += ["ethnicity", "religion", "sex", "condition_recorded"]
    if changed:
        row.save(update_fields=sorted(set(changed)))
    erasure.count(erasure.blanked, row)


def _under(row: models.Model, erasure: Erasure) -> None:
    """Keep the stub rows under ``row`` (emptied of free text) and remove every other one."""
    for child in list(_children(row)):
        if child._meta.label_lower in STUB_MODELS:
            _blank(child, erasure)
            _under(child, erasure)
        else:
            _remove(child, erasure)


def _remove(row: models.Model, erasure: Erasure) -> None:
    """Delete a row and everything under it, bottom up, noting files to remove after commit."""
    _under(row, erasure)
    for model_field in row._meta.concrete_fields:
        if isinstance(model_field, models.FileField):
            stored = getattr(row, model_field.attname)
            if stored:
                erasure.files.append((stored.storage, stored.name))
    erasure.count(erasure.removed, row)
    row.delete()


def _band_floor(age: int | None) -> int | None:
    """The lowest age of the age band ``age`` falls in: enough for the returns, no more."""
    if age is None or age < 0:
        return None
    for _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return low
    return None


def _stub(referral: Referral, person: Person, erasure: Erasure) -> None:
    submitted = referral.submitted_at or referral.created_at
    age = age_on(
        day=timezone.localtime(submitted).date(),
        date_of_birth=person.date_of_birth,
        approximate_age=person.approximate_age,
        approximate_age_on=person.approximate_age_on,
    )
    placeholder = Person.objects.create(gender=person.gender, approximate_age=_band_floor(age))
    _under(referral, erasure)
    referral.person = placeholder
    referral.save(update_fields=["person"])
    _blank(referral, erasure)
    erasure.stubs += 1
    erasure.stub_referral_ids.append(referral.pk)


def identities(person: Person) -> list[Person]:
    """The person and every index record merged into them (all hold their details)."""
    found = [person]
    frontier = [person.pk]
    while frontier:
        merged = list(Person.objects.filter(merged_into_id__in=frontier).order_by("pk"))
        found += merged
        frontier = [p.pk for p in merged]
    return found


def erase(person: Person) -> Erasure:
    """Erase ``person`` (and the records merged into them). Must run inside a transaction."""
    erasure = Erasure()
    people = identities(person)
    ids = [p.pk for p in people]
    by_id = {p.pk: p for p in people}
    referrals = Referral.objects.select_for_update().filter(person_id__in=ids).order_by("pk")
    for referral in referrals:
        assert referral.person_id is not None  # noqa: S101 - filtered on it
        _stub(referral, by_id[referral.person_id], erasure)
    # The merge history names both records; it goes with them.
    for merge in PersonMerge.objects.filter(models.Q(source_id__in=ids) | models.Q(target_id__in=ids)):
        erasure.count(erasure.removed, merge)
        merge.delete()
    # Records merged into another go first: they point at it.
    for record in reversed(people):
        _remove(record, erasure)
    for storage, name in erasure.files:
        transaction.on_commit(partial(storage.delete, name), robust=True)
    return erasure


def log_rows_mentioning(references: list[str], needles: list[str]) -> int:
    """How many audit or access log rows about the person carry any of ``needles`` in their text.

    The logs are sealed in a hash chain and hold references, not names, by design; erasure does
    not edit them (docs/adr/0007). This count goes on the certificate so that a row where someone
    typed a name into a reason is known and can be dealt with."""
    needles = [n.casefold() for n in needles if n]
    if not references or not needles:
        return 0
    found = 0
    for model, columns in (
        (AuditEvent, ("object_repr", "reason", "changes")),
        (AccessLogEntry, ("object_repr", "description", "path")),
    ):
        for values in model._default_manager.filter(person_ref__in=references).values_list(*columns):
            text = " ".join(str(v) for v in values).casefold()
            if any(needle in text for needle in needles):
                found += 1
    return found
