"""The audit trail (every write) and the access log (every read of a record about a person,
and every export). Rows are append-only; a sealer chains them with hashes after commit so that
an edited, deleted or reordered row is detectable (``manage.py verify_audit``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

# Rows the sealer has not reached yet.
UNSEALED = models.Q(sequence__isnull=True)


class SealedRow(models.Model):
    """Tamper-evidence fields shared by both logs. Blank until the sealer reaches the row."""

    sequence = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class AuditEvent(SealedRow):
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A snapshot, so the trail still reads correctly after a user is renamed.
    actor_label = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    # The person a record is about, where there is one, so an auditor can search by person.
    person_ref = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_when"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_when"),
            models.Index(fields=["organisation", "occurred_at"], name="audit_event_org_when"),
            models.Index(fields=["person_ref", "occurred_at"], name="audit_event_person_when"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            # The sealer's and the status page's work list: small, whatever the log's size.
            models.Index(fields=["id"], condition=UNSEALED, name="audit_event_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class AccessKind(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"


class AccessLogEntry(SealedRow):
    occurred_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user_label = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    person_ref = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["occurred_at"], name="access_log_when"),
            models.Index(fields=["user", "occurred_at"], name="access_log_user_when"),
            models.Index(fields=["organisation", "occurred_at"], name="access_log_org_when"),
            models.Index(fields=["person_ref", "occurred_at"], name="access_log_person_when"),
            models.Index(fields=["id"], condition=UNSEALED, name="access_log_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_label} {self.kind}"


class ChainHead(models.Model):
    """Where the sealer has got to in one log: the only row that sealing locks, so writers of
    audit events never wait on each other."""

    log = models.CharField(max_length=80, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.log} at {self.last_sequence}"


# The onward-disclosure register -------------------------------------------------------------
# Nothing is shared outside the partnership by the software. These record a disclosure a person
# decided on and made, with its lawful basis, so that the person's timeline, the data protection
# officer's register and a subject access bundle can all say what went where and why.


class LawfulBasis(models.TextChoices):
    """The lawful bases for sharing outside the partnership that practitioners choose from."""

    PUBLIC_TASK = "uk_gdpr_6_1_e", "Public task (UK GDPR Article 6(1)(e))"
    LAW_ENFORCEMENT = "dpa_2018_s35", "Law enforcement purposes (Data Protection Act 2018 Part 3, section 35)"
    CRIME_AND_TAXATION = (
        "dpa_2018_sch2_crime",
        "Crime and taxation exemption (Data Protection Act 2018 Schedule 2, paragraph 2)",
    )
    CONSENT = "consent", "Consent of the person (or of the person with parental responsibility)"
    VITAL_INTERESTS = "vital_interests", "Vital interests: to protect someone's life"
    COURT_ORDER = "court_order", "Court order or other legal requirement to disclose"


# Bases where the disclosure may be made without an information sharing agreement: a court
# orders it, or a life is at risk. A reason for going without one is then required instead.
BASES_WITHOUT_AGREEMENT = frozenset({LawfulBasis.COURT_ORDER, LawfulBasis.VITAL_INTERESTS})


class InformationSharingAgreement(models.Model):
    """An agreement between organisations about what may be shared, why and on what basis."""

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="sharing_agreements"
    )
    # Parties outside the system (another force, a government department), one a line.
    external_parties = models.TextField(blank=True)
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    starts_on = models.DateField()
    review_on = models.DateField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("starts_on")), name="isa_review_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def external_party_list(self) -> list[str]:
        return [line.strip() for line in self.external_parties.splitlines() if line.strip()]


class OnwardDisclosure(models.Model):
    """Information about a person shared outside the partnership, as recorded by the person who
    made (or decided on) the disclosure. Append-only: a correction is a further record."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="onward_disclosures"
    )
    recipient_organisation = models.CharField(max_length=200)
    recipient_contact = models.CharField(max_length=300)
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    agreement = models.ForeignKey(
        InformationSharingAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    # Why there is no agreement (court order or vital interests only).
    no_agreement_reason = models.TextField(blank=True)
    shared_description = models.TextField()
    shared_records = models.TextField(blank=True)
    disclosed_on = models.DateField()
    decided_by = models.CharField(max_length=200)
    reason = models.TextField()
    # Who recorded it, acting where and in which role (snapshots, as in the audit trail).
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_by_label = models.CharField(max_length=300)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40)

    class Meta:
        ordering = ["-disclosed_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "disclosed_on"], name="disclosure_org_when"),
            models.Index(fields=["referral", "disclosed_on"], name="disclosure_referral_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreement__isnull=False)
                | (
                    models.Q(lawful_basis__in=[LawfulBasis.COURT_ORDER, LawfulBasis.VITAL_INTERESTS])
                    & ~models.Q(no_agreement_reason="")
                ),
                name="disclosure_agreement_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_organisation} on {self.disclosed_on:%Y-%m-%d}"
