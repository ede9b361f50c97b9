"""Do and review: the contracts register, its parties and the providers' KPI returns."""

import uuid

from django.db import models

from joinedup.core.choices import CareSetting
from joinedup.core.models import Organisation

from ..choices import CommissioningModel, PartyRole

__all__ = ["Contract", "ContractParty"]

MONEY = {"max_digits": 14, "decimal_places": 2}


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Contract(models.Model):
    """A contract or partnership agreement: the end of a contracting process."""

    id = _uuid_pk()
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
    lead_provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    service_area = models.ForeignKey(
        "commissioning.ServiceArea", on_delete=models.PROTECT, related_name="contracts"
    )
    model = models.CharField(max_length=40, choices=CommissioningModel.choices)
    care_setting = models.CharField(max_length=32, choices=CareSetting.choices)
    value = models.DecimalField(**MONEY, help_text="Total value over the initial term, in £.")
    starts_on = models.DateField()
    ends_on = models.DateField()

    def __str__(self):
        return self.title


class ContractParty(models.Model):
    """An organisation in a contract: its lead, a sub-contractor, or a partnership member
    (who may opt out of a partnership, which the strategy's measures count)."""

    id = _uuid_pk()
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=PartyRole.choices)
    joined_on = models.DateField(null=True, blank=True)
    opted_out_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"], name="one_party_per_contract_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) in {self.contract}"
