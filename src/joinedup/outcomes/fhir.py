"""FHIR R4 resources of the outcomes: an indicator as a `Measure`, a subject's figures on it as
`MeasureReport`s in a search-set `Bundle`.

Plain dictionaries in FHIR's JSON shape, built from stored rows; the API serves them as
`application/fhir+json`. The tests parse them with `fhir.resources` (R4B, which reads R4 JSON).
"""

from __future__ import annotations

import re

from .choices import Polarity, ValueType
from .models import Indicator, Observation, Subject

CONTENT_TYPE = "application/fhir+json"
SCORING = "http://terminology.hl7.org/CodeSystem/measure-scoring"
IMPROVEMENT = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation"
POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population"
MEASURE_TYPE = "http://terminology.hl7.org/CodeSystem/measure-type"
UCUM = "http://unitsofmeasure.org"

# A proportion is a numerator of a denominator; rates and ratios are a numerator over a
# denominator that is not a subset of it; a count is the size of a population; means and money
# are aggregates of an observed value.
SCORING_OF = {
    ValueType.PROPORTION: "proportion",
    ValueType.RATE: "ratio",
    ValueType.DSR: "ratio",
    ValueType.RATIO: "ratio",
    ValueType.COUNT: "cohort",
    ValueType.MEAN: "continuous-variable",
    ValueType.MONEY: "continuous-variable",
}
POPULATIONS_OF = {
    "proportion": ("numerator", "denominator"),
    "ratio": ("numerator", "denominator"),
    "cohort": ("initial-population",),
    "continuous-variable": ("measure-population", "measure-observation"),
}
IMPROVEMENT_OF = {
    Polarity.HIGHER_IS_BETTER: "increase",
    Polarity.LOWER_IS_BETTER: "decrease",
}


def resource_id(text: str) -> str:
    """A FHIR id (letters, digits, `-` and `.`, at most 64) made from a code."""
    return re.sub(r"[^A-Za-z0-9.-]", "-", text)[:64]


def measure_url(base: str, indicator: Indicator) -> str:
    """The Measure's canonical URL: where the API serves it."""
    return f"{base}/Measure/{indicator.code}"


def _coding(system: str, code: str) -> dict:
    return {"coding": [{"system": system, "code": code}]}


def _improvement(indicator: Indicator) -> dict | None:
    code = IMPROVEMENT_OF.get(indicator.polarity)
    return _coding(IMPROVEMENT, code) if code else None


def _computable_name(name: str) -> str:
    """`Seen within 4 hours` → `SeenWithin4Hours`: FHIR's machine-processable name."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    joined = "".join(word[:1].upper() + word[1:] for word in words)
    return joined if joined[:1].isalpha() else f"Indicator{joined}"


def _population_text(indicator: Indicator, code: str) -> str:
    if code == "numerator":
        return indicator.numerator_definition or f"Numerator of {indicator.name}"
    if code == "denominator":
        return indicator.denominator_definition or f"Denominator of {indicator.name}"
    return indicator.definition


def measure(indicator: Indicator, *, base: str) -> dict:
    """The indicator as a FHIR `Measure`: its code, definition, scoring and which way is better."""
    scoring = SCORING_OF[indicator.value_type]
    populations = [
        {
            "code": _coding(POPULATION, code),
            "description": _population_text(indicator, code),
            "criteria": {
                "language": "text/plain",
                "expression": _population_text(indicator, code),
            },
        }
        for code in POPULATIONS_OF[scoring]
    ]
    resource = {
        "resourceType": "Measure",
        "id": resource_id(indicator.code),
        "url": measure_url(base, indicator),
        "identifier": [{"system": f"{base}/indicator-codes", "value": indicator.code}],
        "version": str(indicator.version),
        "name": _computable_name(indicator.name),
        "title": indicator.name,
        "status": "active",
        "experimental": False,
        "publisher": "Joined Up",
        "description": indicator.definition,
        "scoring": _coding(SCORING, scoring),
        "type": [_coding(MEASURE_TYPE, "outcome")],
        "group": [{"population": populations}],
    }
    if indicator.source:
        resource["purpose"] = f"Source: {indicator.source}"
    if improvement := _improvement(indicator):
        resource["improvementNotation"] = improvement
    return resource


def _count(number: float | None) -> int | None:
    """A population count, which FHIR keeps whole: none for a fractional figure."""
    if number is None or number != int(number):
        return None
    return int(number)


def _score(indicator: Indicator, value: float) -> dict:
    score = {"value": value}
    if indicator.unit:
        score["unit"] = indicator.unit
    if indicator.value_type == ValueType.PROPORTION and indicator.multiplier in (1.0, 100.0):
        score.update(system=UCUM, code="%" if indicator.multiplier == 100.0 else "1")
    return score


def _report_group(indicator: Indicator, figure: Observation) -> dict:
    scoring = SCORING_OF[indicator.value_type]
    counts = {"numerator": figure.numerator, "denominator": figure.denominator}
    if scoring == "cohort":
        counts = {"initial-population": figure.value}
    populations = []
    for code, number in counts.items():
        population = {"code": _coding(POPULATION, code)}
        if (count := _count(number)) is not None:
            population["count"] = count
        populations.append(population)
    group = {"population": populations}
    if figure.value is not None:
        group["measureScore"] = _score(indicator, figure.value)
    return group


def measure_report(indicator: Indicator, subject: Subject, figure: Observation, *, base: str):
    """One period's figure as a summary `MeasureReport` of the indicator's Measure."""
    report = {
        "resourceType": "MeasureReport",
        "id": str(figure.pk),
        "status": "complete",
        "type": "summary",
        "measure": measure_url(base, indicator),
        "subject": {
            "identifier": {"system": f"{base}/subject-codes", "value": subject.code},
            "display": subject.name,
        },
        "period": {
            "start": figure.period_start.isoformat(),
            "end": figure.period_end.isoformat(),
        },
        "group": [_report_group(indicator, figure)],
    }
    if improvement := _improvement(indicator):
        report["improvementNotation"] = improvement
    return report


def report_bundle(indicator: Indicator, subject: Subject, figures, *, base: str, self_url: str):
    """A search-set `Bundle` of the subject's reports on the indicator, one per period."""
    entries = [
        {
            "fullUrl": f"urn:uuid:{figure.pk}",
            "resource": measure_report(indicator, subject, figure, base=base),
            "search": {"mode": "match"},
        }
        for figure in figures
    ]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(entries),
        "link": [{"relation": "self", "url": self_url}],
        "entry": entries,
    }
