"""The shared person index: one record per person, with every name, address and identifier
partners hold, and the keys and decisions the matching uses.

A person's ``str()`` is their index reference, never their name: audit rows and log lines store
``str()`` of what they touch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Greatest, Length, LPad


def person_reference(pk: int) -> str:
    """The index reference made from a record's primary key: ``PER-000123``."""
    return f"PER-{pk:06d}"


def person_reference_sql() -> Concat:
    """``person_reference`` computed by the database, to set many references in one UPDATE
    (``bulk_update`` would send a CASE with a branch per row)."""
    digits = Cast("pk", CharField())
    return Concat(Value("PER-"), LPad(digits, Greatest(Value(6), Length(digits)), Value("0")))


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class IdentifierKind(models.TextChoices):
    UPN = "upn", "Unique pupil number"
    NHS = "nhs", "NHS number"
    PNC = "pnc", "Police National Computer reference"


class NameKind(models.TextChoices):
    PRIMARY = "primary", "Name"
    ALIAS = "alias", "Alias or other name"
    PREVIOUS = "previous", "Previous name"


class Person(models.Model):
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # The age was given on this date, so the estimate ages with the record.
    approximate_age_on = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    school_or_employer = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_people"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.reference or f"person {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:person", args=[self.reference])


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices, default=NameKind.PRIMARY)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person}"

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class PersonAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    lines = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-date_from", "pk"]

    def __str__(self) -> str:
        return f"address of {self.person}"


class PersonIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=30)

    class Meta:
        ordering = ["person", "kind"]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person}"


class MatchKey(models.Model):
    """A blocking key: candidates are the people who share at least one key with the query."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    kind = models.CharField(max_length=12)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["value"], name="people_matchkey_value")]

    def __str__(self) -> str:
        return f"{self.kind} key of {self.person}"


class MatchBand(models.TextChoices):
    STRONG = "strong", "Strong"
    POSSIBLE = "possible", "Possible"
    WEAK = "weak", "Weak"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "To review"
    NOT_SURE = "not_sure", "Not sure yet"
    DECIDED = "decided", "Decided"


class MatchProposal(models.Model):
    """The index suggests that ``person`` (new) may be ``candidate`` (already known). A member of
    police Prevent staff decides; nothing is merged automatically."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposals")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposed_as_candidate")
    band = models.CharField(max_length=10, choices=MatchBand.choices)
    explanations = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "candidate"], name="one_proposal_per_pair")]

    def __str__(self) -> str:
        return f"possible match {self.person} / {self.candidate}"


class Decision(models.TextChoices):
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different people"
    NOT_SURE = "not_sure", "Not sure"


class MatchDecision(models.Model):
    """A person's decision about a pair. "Different" is remembered: the pair is never proposed
    again. Stored with the lower primary key first so each pair has one row."""

    person_low = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_high = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["person_low", "person_high"])]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.person_low} / {self.person_high}"


class PersonMerge(models.Model):
    """``source`` was found to be ``target``: every record that pointed at the source was moved.
    ``moved`` lists them exactly ([app_label.model, pk, field]) so that an unmerge can put them
    back."""

    source = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_source")
    target = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_target")
    moved = models.JSONField(default=list)
    reason = models.TextField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"merge of {self.source} into {self.target}"
