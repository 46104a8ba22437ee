"""Property: whatever order rows are written, committed late and sealed in, the chain verifies;
and any single change to one sealed row is detected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.audit import chain
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent, SealedRow

LOGS: tuple[type[SealedRow], ...] = (AuditEvent, AccessLogEntry)
FIRST_ID = 1000

# append a row (optionally holding back an earlier id, as a transaction that commits late),
# commit a held-back row, or run the sealer.
operations = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.sampled_from(LOGS), st.booleans()),
        st.tuples(st.just("late"), st.sampled_from(LOGS), st.just(False)),
        st.tuples(st.just("seal"), st.sampled_from(LOGS), st.just(False)),
    ),
    max_size=25,
)

MUTATIONS = (
    "edit",
    "edit_time",
    "delete",
    "renumber",
    "unseal",
    "relink",
    "rehash",
    "reseal_time",
    "swap_sequence",
    "swap_content",
)


def _create(model: type[SealedRow], row_id: int) -> None:
    if model is AuditEvent:
        AuditEvent.objects.create(id=row_id, actor_label="system: tests", action=f"thing.{row_id}")
    else:
        AccessLogEntry.objects.create(
            id=row_id, user_label="system: tests", kind=AccessKind.VIEW, description=f"looked {row_id}"
        )


def _breaks() -> list[chain.ChainBreak]:
    return [found for model in LOGS for found in chain.verify(model)]


def _run(steps: list[tuple[str, type[SealedRow], bool]]) -> None:
    next_id = dict.fromkeys(LOGS, FIRST_ID)
    held: dict[type[SealedRow], list[int]] = {model: [] for model in LOGS}
    for step, model, hold_back in steps:
        if step == "append":
            if hold_back:
                held[model].append(next_id[model])
                next_id[model] += 1
            _create(model, next_id[model])
            next_id[model] += 1
        elif step == "late" and held[model]:
            _create(model, held[model].pop(0))
        elif step == "seal":
            chain.seal(model)
            assert _breaks() == []
    for model in LOGS:
        for row_id in held[model]:
            _create(model, row_id)
    chain.seal_all()


def _text_field(model: type[SealedRow]) -> str:
    return "action" if model is AuditEvent else "description"


def _mutate(model: type[SealedRow], mutation: str, target: Any, other: Any) -> None:
    rows = model.objects.filter(pk=target.pk)
    second = model.objects.filter(pk=other.pk)
    text = _text_field(model)
    if mutation == "edit":
        rows.update(**{text: getattr(target, text) + "!"})
    elif mutation == "edit_time":
        rows.update(occurred_at=target.occurred_at + dt.timedelta(seconds=1))
    elif mutation == "delete":
        rows.delete()
    elif mutation == "renumber":
        rows.update(sequence=model.objects.count() + 10)
    elif mutation == "unseal":
        rows.update(sequence=None)
    elif mutation == "relink":
        rows.update(previous_hash="f" * 64)
    elif mutation == "rehash":
        rows.update(entry_hash="e" * 64)
    elif mutation == "reseal_time":
        rows.update(sealed_at=target.sealed_at + dt.timedelta(seconds=1))
    elif mutation == "swap_sequence":
        rows.update(sequence=-1)
        second.update(sequence=target.sequence)
        rows.update(sequence=other.sequence)
    elif mutation == "swap_content":
        fields = (text, "occurred_at")
        rows.update(**{name: getattr(other, name) for name in fields})
        second.update(**{name: getattr(target, name) for name in fields})


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations, data=st.data())
def test_any_history_verifies_and_any_single_row_change_is_detected(
    steps: list[tuple[str, type[SealedRow], bool]], data: st.DataObject
) -> None:
    with transaction.atomic():
        _run(steps)
        assert _breaks() == []
        for model in LOGS:
            sequences = list(model.objects.order_by("sequence").values_list("sequence", flat=True))
            assert sequences == list(range(1, len(sequences) + 1))

        candidates = [model for model in LOGS if model.objects.exists()]
        if candidates:
            model = data.draw(st.sampled_from(candidates), label="log")
            rows = list(model.objects.order_by("sequence"))
            target = data.draw(st.sampled_from(rows), label="row")
            mutations = MUTATIONS if len(rows) > 1 else MUTATIONS[:-2]
            mutation = data.draw(st.sampled_from(mutations), label="mutation")
            other = data.draw(
                st.sampled_from([row for row in rows if row.pk != target.pk] or rows), label="other"
            )
            _mutate(model, mutation, target, other)
            assert _breaks(), f"{mutation} of {model.__name__} row {target.sequence} went unnoticed"
        transaction.set_rollback(True)
