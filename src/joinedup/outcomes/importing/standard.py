"""The standard mappings for the real NHS England data in `shared/data` (see its README), and
the indicators, subject and grouping they need. Data only: `services.ensure_standard_mappings`
creates what is missing.

Providers (`org_code`, `nhs_trust22_code`) are created as providers, and integrated care boards
(`icb22_code`) as systems, all members of England, so that England's figure is the sum of its
providers' (or its systems') numerators over the sum of their denominators.
"""

from datetime import date

from ..choices import Frequency, Polarity, SubjectKind, ValueType

DATA_FROM = date(2016, 4, 1)  # the earliest month of the files: the definitions hold from then

ENGLAND = {"code": "E92000001", "name": "England", "kind": SubjectKind.NATION}
THEME = {"code": "hospital-performance", "name": "Hospital performance", "position": 1}
PRIORITY_AREA = {
    "code": "urgent-emergency-care",
    "name": "Urgent and emergency care",
    "position": 1,
}

AE_SOURCE = "NHS England, A&E attendances and emergency admissions"
BEDS_SOURCE = "NHS England, bed availability and occupancy"
_PERCENT = {"multiplier": 100.0, "unit": "%", "frequency": Frequency.MONTHLY}


def _four_hour(code, name, departments):
    return {
        "code": code,
        "name": name,
        "definition": f"The share of attendances at {departments} that were admitted, transferred "
        "or discharged within four hours of arrival.",
        "numerator_definition": "Attendances less those over four hours from arrival to "
        "admission, transfer or discharge (breaches).",
        "denominator_definition": f"Attendances at {departments}.",
        "value_type": ValueType.PROPORTION,
        "polarity": Polarity.HIGHER_IS_BETTER,
        "target": 95.0,
        "benchmark_label": "England",
        "source": AE_SOURCE,
        **_PERCENT,
    }


def _occupancy(code, name, beds, target=None):
    return {
        "code": code,
        "name": name,
        "definition": f"Occupied {beds} as a share of those available. Occupied beds can exceed "
        "the available ones when escalation beds open, so it is a ratio, not a proportion.",
        "numerator_definition": f"Occupied {beds}.",
        "denominator_definition": f"Available {beds}.",
        "value_type": ValueType.RATIO,
        "polarity": Polarity.LOWER_IS_BETTER,
        "target": target,
        "source": BEDS_SOURCE,
        **_PERCENT,
    }


INDICATORS = [
    _four_hour("AE-4H-ALL", "A&E four-hour performance, all departments", "all A&E departments"),
    _four_hour(
        "AE-4H-T1",
        "A&E four-hour performance, type 1 departments",
        "type 1 (major, consultant-led, 24-hour) A&E departments",
    ),
    {
        "code": "AE-ATT",
        "name": "A&E attendances",
        "definition": "Attendances at all A&E departments in the month.",
        "value_type": ValueType.COUNT,
        "polarity": Polarity.NO_JUDGEMENT,
        "frequency": Frequency.MONTHLY,
        "unit": "attendances",
        "source": AE_SOURCE,
    },
    {
        "code": "EA-4H-WAIT",
        "name": "Emergency admissions waiting over four hours from decision to admit",
        "definition": "Emergency admissions that waited more than four hours from the decision "
        "to admit to admission, as a share of all emergency admissions.",
        "numerator_definition": "Emergency admissions waiting over four hours from decision to "
        "admit to admission.",
        "denominator_definition": "Emergency admissions.",
        "value_type": ValueType.PROPORTION,
        "polarity": Polarity.LOWER_IS_BETTER,
        "source": AE_SOURCE,
        **_PERCENT,
    },
    _occupancy("BEDS-GA-OCC", "General and acute bed occupancy", "general and acute beds", 85.0),
    _occupancy(
        "BEDS-GA-ADULT-OCC", "Adult general and acute bed occupancy", "adult general and acute beds"
    ),
    _occupancy(
        "BEDS-GA-PAED-OCC",
        "Paediatric general and acute bed occupancy",
        "paediatric general and acute beds",
    ),
    _occupancy(
        "BEDS-CC-ADULT-OCC", "Adult critical care bed occupancy", "adult critical care beds"
    ),
    _occupancy(
        "BEDS-PICU-OCC", "Paediatric intensive care bed occupancy", "paediatric intensive care beds"
    ),
    _occupancy(
        "BEDS-NICU-OCC", "Neonatal intensive care bed occupancy", "neonatal intensive care beds"
    ),
]


def _providers(column: str) -> dict:
    return {
        "column": column,
        "create_as": SubjectKind.PROVIDER,
        "parent": ENGLAND["code"],
        "create_unknown": True,
    }


def _ae_by_month(subject: dict) -> dict:
    """The A&E files by trust and by ICB share their columns and dates (`April 2022`)."""
    return {
        "subject": subject,
        "period": {"column": "date", "type": "month"},
        "missing": "skip",
        "source": AE_SOURCE + ", via github.com/humaniverse/healthyr",
        "measures": [
            {
                "indicator": "AE-4H-ALL",
                "numerator": "total_attendances - attendances_over_4hours",
                "denominator": "total_attendances",
            },
            {"indicator": "AE-ATT", "value": "total_attendances"},
            {
                "indicator": "EA-4H-WAIT",
                "numerator": "emergency_admissions_over_4hours",
                "denominator": "total_emergency_admissions",
            },
        ],
    }


def _beds(indicator: str, available: str, occupied: str) -> dict:
    return {"indicator": indicator, "numerator": occupied, "denominator": available}


MAPPINGS = {
    "ae-four-hour": (
        "ae_attendances.csv: monthly A&E attendances and four-hour breaches by provider and "
        "department type, April 2016 to March 2019. Type 1 departments, and all types summed.",
        {
            "subject": _providers("org_code"),
            "period": {"column": "period", "type": "month"},
            "source": AE_SOURCE + ", via github.com/nhs-r-community/NHSRdatasets",
            "measures": [
                {
                    "indicator": "AE-4H-T1",
                    "numerator": "attendances - breaches",
                    "denominator": "attendances",
                    "filter": "type = 1",
                },
                {
                    "indicator": "AE-4H-ALL",
                    "numerator": "attendances - breaches",
                    "denominator": "attendances",
                    "sum_rows": True,
                },
                {"indicator": "AE-ATT", "value": "attendances", "sum_rows": True},
            ],
        },
    ),
    "ae-icb": (
        "england_icb_accidents_emergency.csv: monthly A&E four-hour performance and waits for "
        "admission by integrated care board (system), April 2022 to July 2025.",
        _ae_by_month({**_providers("icb22_code"), "create_as": SubjectKind.SYSTEM}),
    ),
    "ae-trust": (
        "england_trust_accidents_emergency.csv: monthly A&E four-hour performance and waits for "
        "admission by NHS trust, April 2021 to July 2025; rows with a missing value are left out "
        "of the measure that needs it.",
        _ae_by_month(_providers("nhs_trust22_code")),
    ),
    "bed-occupancy": (
        "england_critical_general_acute_beds.csv: monthly beds available and occupied by NHS "
        "trust, April 2022 to August 2025; rows with a missing value are left out of the measure "
        "that needs it.",
        {
            "subject": _providers("nhs_trust22_code"),
            "period": {"column": "date", "type": "month"},
            "missing": "skip",
            "source": BEDS_SOURCE + ", via github.com/humaniverse/healthyr",
            "measures": [
                _beds("BEDS-GA-OCC", "general_acute_beds_available", "general_acute_beds_occupied"),
                _beds(
                    "BEDS-GA-ADULT-OCC",
                    "adult_general_acute_beds_available",
                    "adult_general_acute_beds_occupied",
                ),
                _beds(
                    "BEDS-GA-PAED-OCC",
                    "paediatric_general_acute_beds_available",
                    "paediatric_general_acute_beds_occupied",
                ),
                _beds(
                    "BEDS-CC-ADULT-OCC",
                    "adult_critical_care_beds_available",
                    "adult_critical_care_beds_occupied",
                ),
                _beds(
                    "BEDS-PICU-OCC",
                    "paediatric_intensive_cared_beds_available",
                    "paediatric_intensive_cared_beds_occupied",
                ),
                _beds(
                    "BEDS-NICU-OCC",
                    "neonatal_intensive_care_bed_available",
                    "neonatal_intensive_care_bed_occupied",
                ),
            ],
        },
    ),
}
