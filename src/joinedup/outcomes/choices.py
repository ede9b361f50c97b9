"""The vocabularies of indicators, their subjects and their figures."""

from django.db import models

from . import periods


class SubjectKind(models.TextChoices):
    """What a subject of the figures is: an organisation of the partnership, or an area."""

    ORGANISATION = "organisation", "Partner organisation"
    NATION = "nation", "Nation"
    REGION = "region", "Region"
    SYSTEM = "system", "System footprint"
    PLACE = "place", "Place"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    PROVIDER = "provider", "Provider known by its code"
    AREA = "area", "Other area"


class ValueType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    RATE = "rate", "Rate per multiplier"
    DSR = "dsr", "Directly standardised rate"
    RATIO = "ratio", "Ratio"
    MEAN = "mean", "Mean"
    COUNT = "count", "Count"
    MONEY = "money", "Money"


# Figures of these types are a numerator over a denominator, so a group's figure is the sum of
# its members' numerators over the sum of their denominators.
SUMMED_AS_FRACTION = {ValueType.PROPORTION, ValueType.RATE, ValueType.RATIO, ValueType.MEAN}
# Figures of these types are totals, so a group's figure is the sum of its members' values.
SUMMED_AS_TOTAL = {ValueType.COUNT, ValueType.MONEY}
# A value of these types below zero is a mistake.
NEVER_NEGATIVE = {
    ValueType.PROPORTION,
    ValueType.RATE,
    ValueType.DSR,
    ValueType.RATIO,
    ValueType.COUNT,
}


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"
    NO_JUDGEMENT = "no_judgement", "No judgement"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL_FINANCIAL = "annual_financial", "Each financial year"
    ANNUAL_CALENDAR = "annual_calendar", "Each calendar year"
    OTHER = "other", "Other"


class PeriodType(models.TextChoices):
    WEEK = periods.WEEK, "Week"
    MONTH = periods.MONTH, "Month"
    QUARTER = periods.QUARTER, "Quarter"
    FINANCIAL_YEAR = periods.FINANCIAL_YEAR, "Financial year"
    CALENDAR_YEAR = periods.CALENDAR_YEAR, "Calendar year"


class ImportTarget(models.TextChoices):
    """What an import loads: what happened, or what was planned to."""

    OBSERVATIONS = "observations", "Observations (actuals)"
    PLANS = "plans", "Plans (trajectories)"
