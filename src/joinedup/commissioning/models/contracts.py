"""Do and review: the contracts register, its parties, funding and term, the providers' KPI
returns, variations, extension options and the reminders sent before the dates that matter."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from joinedup.core.choices import CareSetting
from joinedup.core.fields import uuid_pk
from joinedup.core.models import Organisation
from joinedup.core.visibility import Visible, VisibleQuerySet

from ..choices import (
    CommissioningModel,
    ContractStatus,
    FundingSource,
    KpiReturnStatus,
    OptionDecision,
    PartyRole,
    PerformanceRating,
    ReminderKind,
)

__all__ = [
    "Contract",
    "ContractParty",
    "FundingStream",
    "ExtensionOption",
    "KpiReturn",
    "Variation",
    "ContractReminder",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


class ContractQuerySet(VisibleQuerySet):
    def with_status(self, status: str, on: date) -> "ContractQuerySet":
        """Contracts whose term, on the day, puts them in `status` (derived, never stored)."""
        if status == ContractStatus.NOT_STARTED:
            return self.filter(starts_on__gt=on)
        if status == ContractStatus.ENDED:
            return self.filter(ends_on__lt=on)
        return self.filter(starts_on__lte=on, ends_on__gte=on)

    def involving(self, organisation_id) -> "ContractQuerySet":
        """Contracts in which the organisation is a party (lead, sub-contractor or member)."""
        return self.filter(
            Q(lead_provider_id=organisation_id) | Q(parties__organisation_id=organisation_id)
        ).distinct()


class Contract(Visible):
    """A contract or partnership agreement: the end of a contracting process, and what the
    partnership then manages: parties, money, term, KPIs, returns, variations and extensions."""

    id = uuid_pk()
    process = models.ForeignKey(
        "commissioning.ContractingProcess", on_delete=models.PROTECT, related_name="contracts"
    )
    award = models.ForeignKey(
        "commissioning.Award",
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
    )
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    service_area = models.ForeignKey(
        "commissioning.ServiceArea", on_delete=models.PROTECT, related_name="contracts"
    )
    specification_version = models.ForeignKey(
        "commissioning.SpecificationVersion",
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
        help_text="The version of the service specification the contract delivers: its KPIs.",
    )
    model = models.CharField(max_length=40, choices=CommissioningModel.choices)
    care_setting = models.CharField(max_length=32, choices=CareSetting.choices)
    value = models.DecimalField(
        **MONEY, help_text="Total value in £: the initial term's, plus any variations."
    )
    starts_on = models.DateField()
    initial_ends_on = models.DateField(help_text="The end of the initial term (before options).")
    ends_on = models.DateField(help_text="The end as it now stands, moved by extensions.")
    signed_on = models.DateField(null=True, blank=True)
    remind_days_before_end = models.PositiveSmallIntegerField(
        default=180, help_text="How many days before the end to remind the commissioners."
    )
    remind_days_before_decision = models.PositiveSmallIntegerField(
        default=90, help_text="How many days before each extension decision to remind them."
    )
    synthetic = models.BooleanField(
        default=False, help_text="Generated for the demo: its figures are not real."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(initial_ends_on__gt=F("starts_on")),
                name="contract_initial_term_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
        ]

    def __str__(self):
        return self.title

    def status_on(self, day: date) -> str:
        """Not started, live or ended on the day: derived from the term, never stored."""
        if day < self.starts_on:
            return ContractStatus.NOT_STARTED
        if day > self.ends_on:
            return ContractStatus.ENDED
        return ContractStatus.LIVE


class ContractParty(models.Model):
    """An organisation in a contract: its lead, a sub-contractor, or a partnership member
    (who may opt out of a partnership, which the strategy's measures count)."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=PartyRole.choices)
    joined_on = models.DateField(null=True, blank=True)
    opted_out_on = models.DateField(null=True, blank=True)
    opt_out_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"], name="one_party_per_contract_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) in {self.contract}"


class FundingStream(models.Model):
    """Where a contract's money comes from: public, private or charitable, with how much."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=16, choices=FundingSource.choices)
    funder = models.CharField(max_length=200, help_text="Who pays: a fund, a donor, a charity.")
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["source", "funder"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive")
        ]

    def __str__(self):
        return f"{self.funder} ({self.get_source_display()}): £{self.amount}"


class ExtensionOption(models.Model):
    """An option to extend a contract beyond its initial term (the "+ 2" of "3 + 2"), decided
    by the commissioner by a date, exercised in order."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveSmallIntegerField()
    length_months = models.PositiveSmallIntegerField()
    decision_due_on = models.DateField()
    decision = models.CharField(
        max_length=16, choices=OptionDecision.choices, default=OptionDecision.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="one_option_per_number"),
            models.CheckConstraint(condition=Q(length_months__gt=0), name="option_has_length"),
        ]

    def __str__(self):
        return f"Option {self.number}: {self.length_months} months"


class KpiReturnQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(validated_at__isnull=False)

    def standing(self):
        """Returns not sent back: submitted (awaiting validation) or validated."""
        return self.filter(returned_at__isnull=True)


class KpiReturn(models.Model):
    """A provider's figure for one KPI of its contract and one period; validated by a
    commissioner, when it becomes an outcomes observation, or returned with a reason. Its status
    is read from the timestamps, never stored."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="kpi_returns")
    kpi = models.ForeignKey("commissioning.Kpi", on_delete=models.PROTECT, related_name="returns")
    period_type = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(help_text="The figure: as given, or numerator over denominator.")
    commentary = models.TextField(blank=True)
    rating = models.CharField(max_length=24, choices=PerformanceRating.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    validated_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(blank=True)
    observation = models.ForeignKey(
        "outcomes.Observation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = KpiReturnQuerySet.as_manager()

    class Meta:
        ordering = ["period_start", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kpi", "period_type", "period_start"],
                condition=Q(returned_at__isnull=True),
                name="one_standing_return_per_kpi_period",
            ),
            models.CheckConstraint(
                condition=Q(validated_at__isnull=True) | Q(returned_at__isnull=True),
                name="return_validated_or_returned_not_both",
            ),
        ]

    def __str__(self):
        return f"{self.kpi.indicator} for {self.period_start:%b %Y}: {self.value}"

    @property
    def status(self) -> str:
        if self.validated_at is not None:
            return KpiReturnStatus.VALIDATED
        if self.returned_at is not None:
            return KpiReturnStatus.RETURNED
        return KpiReturnStatus.SUBMITTED

    def get_status_display(self) -> str:
        return KpiReturnStatus(self.status).label


class Variation(models.Model):
    """A change to a contract in its life: what changed, by how much money, why, and when."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    varied_on = models.DateField()
    description = models.TextField(help_text="What changed.")
    value_change = models.DecimalField(**MONEY, default=0)
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["varied_on", "recorded_at"]

    def __str__(self):
        return f"Variation of {self.contract} on {self.varied_on}"


class ContractReminder(models.Model):
    """A reminder sent to the commissioners before a contract's end or an extension decision:
    recorded so that each is sent once."""

    id = uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    option = models.ForeignKey(
        ExtensionOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    about_on = models.DateField(help_text="The date reminded of: the end, or the decision date.")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField()
    sent_to = models.TextField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "key"], name="one_reminder_per_date")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.contract}"
