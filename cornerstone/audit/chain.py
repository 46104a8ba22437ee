"""Hash chaining of the audit trail and the access log.

Writers insert rows unsealed and never lock anything shared. After commit, the sealer takes
the lock on one ``ChainHead`` row per log, numbers the committed unsealed rows in id order and
chains each one's hash to the previous. A row that commits late (a lower id than one already
sealed) is simply sealed in the next run, so the chain order is the sealing order.

Each row's hash covers the hash of the row before it, its own position (sequence number and
when it was sealed) and everything it records, so an edited, deleted, inserted or reordered
row breaks the chain. ``ChainHead`` remembers where the chain ends, so rows removed from the
end are noticed too. See docs/adr/0002-audit-trail-and-hash-chain.md for what this does not
protect against.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cornerstone.audit.models import AccessLogEntry, AuditEvent, ChainHead, SealedRow

# Fields that hold the seal itself rather than the facts recorded. ``sequence`` and
# ``sealed_at`` are hashed as the row's position (see ``entry_hash``); the hashes cannot cover
# themselves; ``id`` is hashed with the content.
SEAL_FIELDS = frozenset({"id", "sequence", "previous_hash", "entry_hash", "sealed_at"})
CHAINED_MODELS: tuple[type[SealedRow], ...] = (AuditEvent, AccessLogEntry)

LOG_TITLES: dict[str, str] = {
    "audit.auditevent": "Audit trail (changes)",
    "audit.accesslogentry": "Access log",
}


def _timestamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


# What each log's hash covers, besides the row's id. Frozen: rows already sealed were hashed
# over exactly these fields, so a field added to a log later must not silently join the hash
# (every sealed row would then fail verification). A test fails when the models and this list
# disagree; see docs/adr/0002-audit-trail-and-hash-chain.md before changing either.
HASHED_FIELDS: dict[str, tuple[str, ...]] = {
    "audit.auditevent": (
        "occurred_at",
        "actor_id",
        "actor_label",
        "organisation_id",
        "role",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "person_ref",
        "reason",
        "changes",
    ),
    "audit.accesslogentry": (
        "occurred_at",
        "user_id",
        "user_label",
        "organisation_id",
        "role",
        "kind",
        "object_type",
        "object_id",
        "object_repr",
        "person_ref",
        "description",
        "path",
    ),
}


def canonical_content(row: SealedRow) -> str:
    """The row's recorded facts (everything but the seal itself) as canonical JSON."""
    content: dict[str, Any] = {"id": row.pk}
    for attname in HASHED_FIELDS[row._meta.label_lower]:
        value = getattr(row, attname)
        if isinstance(value, datetime):
            value = _timestamp(value)
        content[attname] = value
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(previous_hash: str, row: SealedRow) -> str:
    """The hash sealing ``row`` at its place in the chain: it binds the row before it, the
    row's sequence number and sealing time, and its content."""
    position = f"{row.sequence}\n{_timestamp(row.sealed_at)}"
    return hashlib.sha256(f"{previous_hash}\n{position}\n{canonical_content(row)}".encode()).hexdigest()


def log_name(model: type[models.Model]) -> str:
    return model._meta.label_lower


def log_title(log: str) -> str:
    return LOG_TITLES.get(log, log)


def seal(model: type[SealedRow], *, batch_size: int = 2000) -> int:
    """Seal every committed unsealed row of one log; returns how many were sealed.

    Safe to run concurrently with writers and with other sealers: sealers queue on the
    ``ChainHead`` row lock, writers never touch it. Each batch commits on its own, so a long
    backlog does not hold the lock for the whole run.
    """
    sealed = 0
    log = log_name(model)
    ChainHead.objects.get_or_create(log=log)
    while True:
        with transaction.atomic():
            head = ChainHead.objects.select_for_update().get(log=log)
            # Uses the partial index on unsealed rows, so the cost does not grow with the log.
            rows = list(model._default_manager.filter(sequence__isnull=True).order_by("id")[:batch_size])
            if not rows:
                return sealed
            now = timezone.now()
            for row in rows:
                head.last_sequence += 1
                row.sequence = head.last_sequence
                row.sealed_at = now
                row.previous_hash = head.last_hash
                row.entry_hash = entry_hash(head.last_hash, row)
                head.last_hash = row.entry_hash
            model._default_manager.bulk_update(rows, ["sequence", "previous_hash", "entry_hash", "sealed_at"])
            head.save(update_fields=["last_sequence", "last_hash"])
            sealed += len(rows)


def seal_all() -> int:
    return sum(seal(model) for model in CHAINED_MODELS)


@dataclass(frozen=True)
class ChainBreak:
    log: str
    sequence: int | None
    row_id: int | None
    problem: str

    def describe(self) -> str:
        """The break in plain English, for people reading ``verify_audit`` output."""
        where = []
        if self.sequence is not None:
            where.append(f"row {self.sequence}")
        if self.row_id is not None:
            where.append(f"id {self.row_id}")
        place = f" ({', '.join(where)})" if where else ""
        return f"{log_title(self.log)}{place}: {self.problem}"


@dataclass
class VerifyTally:
    """Filled in by ``verify`` as it walks a log."""

    checked: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class ChainStatus:
    log: str
    sealed: int
    waiting: int

    @property
    def title(self) -> str:
        return log_title(self.log)


def status(model: type[SealedRow]) -> ChainStatus:
    """How far sealing has got in one log: rows in the chain, rows waiting to join it."""
    log = log_name(model)
    sealed = ChainHead.objects.filter(log=log).values_list("last_sequence", flat=True).first() or 0
    waiting = model._default_manager.filter(sequence__isnull=True).count()
    return ChainStatus(log=log, sealed=sealed, waiting=waiting)


def _head(log: str) -> tuple[int, str] | None:
    return ChainHead.objects.filter(log=log).values_list("last_sequence", "last_hash").first()


def _rows(first: int, last: int) -> str:
    return f"row {first} is" if first == last else f"rows {first} to {last} are"


def verify(model: type[SealedRow], *, tally: VerifyTally | None = None) -> Iterator[ChainBreak]:
    """Walk one log in chain order and report every place the chain does not hold.

    Reads only. Safe to run while the system is in use: rows sealed during the walk are
    checked against the chain head as it was before and after the walk, not reported as breaks.
    """
    tally = tally if tally is not None else VerifyTally()
    log = log_name(model)
    head_before = _head(log)
    expected_sequence = 1
    previous_hash = ""
    hash_at_head: str | None = None
    rows = model._default_manager.filter(sequence__isnull=False).order_by("sequence")
    for row in rows.iterator(chunk_size=2000):
        if row.sequence is None:  # excluded by the filter; narrows the type
            continue
        tally.checked += 1
        if row.sequence != expected_sequence:
            yield ChainBreak(
                log,
                expected_sequence,
                None,
                f"{_rows(expected_sequence, row.sequence - 1)} missing: deleted, or renumbered",
            )
        elif row.previous_hash != previous_hash:
            yield ChainBreak(
                log,
                row.sequence,
                row.pk,
                "does not follow on from the row before it: rows have been reordered, "
                "or the row before it was changed or replaced",
            )
        if row.entry_hash != entry_hash(row.previous_hash, row):
            yield ChainBreak(
                log,
                row.sequence,
                row.pk,
                "has been changed since it was sealed (its content, its position or its seal)",
            )
        # Carry on from what this row claims, so one break does not hide the ones after it.
        previous_hash = row.entry_hash
        expected_sequence = row.sequence + 1
        if head_before is not None and row.sequence == head_before[0]:
            hash_at_head = row.entry_hash
    last_sequence = expected_sequence - 1
    head_after = _head(log)

    if head_before is None and head_after is None:
        if last_sequence:
            yield ChainBreak(
                log,
                None,
                None,
                "the record of where the chain ends is missing, so rows removed from the end "
                "could not be noticed",
            )
    elif head_before is not None:
        head_sequence, head_hash = head_before
        if last_sequence < head_sequence:
            yield ChainBreak(
                log,
                last_sequence + 1,
                None,
                f"the chain should end at row {head_sequence} but ends at row {last_sequence}: "
                f"{_rows(last_sequence + 1, head_sequence)} missing from the end",
            )
        elif head_sequence and hash_at_head != head_hash:
            yield ChainBreak(
                log,
                head_sequence,
                None,
                "differs from the row recorded as the end of the chain when it was sealed",
            )
    if head_after is not None and last_sequence > head_after[0]:
        yield ChainBreak(
            log,
            head_after[0] + 1,
            None,
            f"{_rows(head_after[0] + 1, last_sequence)} after the end of the sealed chain: "
            "added without going through the sealer",
        )

    unsealed = model._default_manager.filter(sequence__isnull=True)
    tally.waiting = unsealed.count()
    # The sealer sets the sequence and the hashes together; a seal with no sequence means a
    # sealed row was taken out of the chain.
    for row_id in unsealed.exclude(entry_hash="").order_by("pk").values_list("pk", flat=True):
        yield ChainBreak(
            log,
            None,
            row_id,
            "carries a seal but has no place in the chain: its sequence number was removed",
        )
