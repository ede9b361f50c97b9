"""Analyse and plan: the needs assessment, the commissioning intentions, service areas and their
commissioning model, and the service specifications whose KPIs are outcomes indicators."""

import uuid

from django.db import models

from joinedup.core.choices import CareSetting

from ..choices import CommissioningModel

__all__ = ["NeedsChapter", "Intention", "ServiceArea", "Specification", "SpecificationVersion", "Kpi"]


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class NeedsChapter(models.Model):
    """A chapter of the needs assessment (the Jersey Needs Assessment)."""

    id = _uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)

    def __str__(self):
        return self.title


class Intention(models.Model):
    """One of the strategy's commissioning intentions."""

    id = _uuid_pk()
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)

    def __str__(self):
        return self.title


class ServiceArea(models.Model):
    """A service area and its current commissioning model."""

    id = _uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    care_setting = models.CharField(max_length=32, choices=CareSetting.choices)
    model = models.CharField(max_length=40, choices=CommissioningModel.choices)

    def __str__(self):
        return self.name


class Specification(models.Model):
    """A service specification; its content lives in numbered versions."""

    id = _uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    intention = models.ForeignKey(
        Intention, on_delete=models.PROTECT, related_name="specifications", null=True, blank=True
    )
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="specifications"
    )

    def __str__(self):
        return self.title


class SpecificationVersion(models.Model):
    id = _uuid_pk()
    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "version"], name="one_number_per_specification_version"
            )
        ]


class Kpi(models.Model):
    """A key performance indicator of a specification version: an outcomes indicator and target."""

    id = _uuid_pk()
    specification_version = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="kpis"
    )
    indicator = models.ForeignKey(
        "outcomes.Indicator", on_delete=models.PROTECT, related_name="commissioning_kpis"
    )
    target = models.FloatField(null=True, blank=True)
