"""Do: the contracting process (one `ocid` each) and its tender, lots and award."""

import uuid

from django.db import models

from joinedup.core.models import Organisation

from ..choices import Route

__all__ = ["ContractingProcess", "Lot", "Award"]


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class ContractingProcess(models.Model):
    """Everything done to buy one thing, from planning to contract: identified by its `ocid`."""

    id = _uuid_pk()
    ocid = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    route = models.CharField(max_length=32, choices=Route.choices)
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    intention = models.ForeignKey(
        "commissioning.Intention",
        on_delete=models.PROTECT,
        related_name="processes",
        null=True,
        blank=True,
    )
    specification = models.ForeignKey(
        "commissioning.Specification",
        on_delete=models.PROTECT,
        related_name="processes",
        null=True,
        blank=True,
    )
    service_area = models.ForeignKey(
        "commissioning.ServiceArea", on_delete=models.PROTECT, related_name="processes"
    )

    def __str__(self):
        return self.title


class Lot(models.Model):
    id = _uuid_pk()
    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField(max_length=300)


class Award(models.Model):
    id = _uuid_pk()
    process = models.ForeignKey(
        ContractingProcess, on_delete=models.PROTECT, related_name="awards"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="awards", null=True)
