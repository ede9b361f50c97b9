"""The tables of the outcomes demo: the themes and priority areas, the constitutional standards
that the real data does not feed, and Jersey's own indicators for the five commissioning
intentions of seed 001, with the parameters their synthetic figures are drawn from.

Themes are the three of the STP progress dashboard (seed 003: hospital performance,
patient-focused change, transformation); its nine priority areas are here the three areas of
hospital performance that the constitutional standards measure and, under the other two
themes, the five commissioning intentions (intention 2 and 4 are patient-focused change,
1, 3 and 5 transformation) and cancer. Indicator names use the wording of seed 001's
outcomes-and-measures table and delivery plan where it has one.
"""

from datetime import date

from .choices import Frequency, Polarity, SubjectKind, ValueType

SYNTHETIC = "(synthetic demo data)"
JERSEY = {"code": "JE", "name": "Jersey", "kind": SubjectKind.NATION}
# Partner subjects: organisation (short name or name in the core demo) and the subject's code.
PARTNERS = {
    "HCS": "JE-HCS",
    "Family Nursing & Home Care": "JE-FNHC",
    "Mind Jersey": "JE-MIND",
    "Jersey Hospice Care": "JE-JHC",
}
# The strategy ran 2022 to 2025: three financial years of figures.
FIRST_MONTH, MONTHS = date(2022, 4, 1), 36
DATA_FROM = FIRST_MONTH

# code, name, position, weight, description
THEMES = [
    ("hospital-performance", "Hospital performance", 1, 1.0, ""),
    ("patient-focused-change", "Patient-focused change", 2, 1.0,
     "Care that Islanders can reach and direct themselves (seed 003's second theme)."),
    ("transformation", "Transformation", 3, 1.5,
     "Change against plan and integration achieved: weighted above the others because the "
     "STP dashboard was criticised for measuring neither (seed 003)."),
]  # fmt: skip
# code, name, theme, position, weight, description
PRIORITY_AREAS = [
    ("urgent-emergency-care", "Urgent and emergency care", "hospital-performance", 1, 1.0, ""),
    ("elective-care", "Elective care", "hospital-performance", 2, 1.0, ""),
    ("patient-flow", "Patient flow and beds", "hospital-performance", 3, 1.0, ""),
    ("cancer", "Cancer", "patient-focused-change", 1, 1.0, ""),
    ("right-care", "Right care, right time, right place", "patient-focused-change", 2, 1.5,
     "Commissioning intention 4: to support people of all ages to access the right care, at "
     "the right time, in the right place."),
    ("empowerment", "Islanders managing their own health and care", "patient-focused-change",
     3, 1.0, "Commissioning intention 2: to proactively create the right environment, "
     "empowering Islanders and their families to manage their own health and care needs."),
    ("community-capacity", "Resources moved to the community", "transformation", 1, 1.5,
     "Commissioning intention 1: to move resources to meet the health and care needs of "
     "Islanders (generate capacity in the community)."),
    ("partnership-prevention", "Partnership for prevention", "transformation", 2, 1.0,
     "Commissioning intention 3: to work in partnership to generate innovative, "
     "comprehensive, preventative health and care models."),
    ("co-production", "Co-production", "transformation", 3, 1.0,
     "Commissioning intention 5: to enable co-production, inclusive of 'equals by "
     "experience', in order to deliver care that provides best outcomes."),
]  # fmt: skip
# The standard indicators (created by `ensure_standard_mappings`) moved into these areas.
STANDARD_AREAS = {
    "BEDS-GA-OCC": "patient-flow", "BEDS-GA-ADULT-OCC": "patient-flow",
    "BEDS-GA-PAED-OCC": "patient-flow", "BEDS-CC-ADULT-OCC": "patient-flow",
    "BEDS-PICU-OCC": "patient-flow", "BEDS-NICU-OCC": "patient-flow",
}  # fmt: skip
# Standards whose benchmark is England's figure for the latest month of the data.
ENGLAND_BENCHMARKED = ["AE-4H-ALL", "AE-4H-T1", "EA-4H-WAIT", "BEDS-GA-OCC"]

_PCT = {"value_type": ValueType.PROPORTION, "multiplier": 100.0, "unit": "%"}
_MONTHLY, _QUARTERLY = Frequency.MONTHLY, Frequency.QUARTERLY
_UP, _DOWN = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
_HCS = "Health and Community Services, Government of Jersey"
_COMMISSIONING = "Commissioning team, Health and Community Services"

# The constitutional standards of METHODS.md that no real file feeds: Jersey's own figures.
CONSTITUTIONAL = [
    {"code": "RTT-18W", "name": "Referral to treatment within 18 weeks",
     "definition": "Patients waiting for consultant-led treatment who had waited no more than "
     "18 weeks from referral, at the end of the month.",
     "numerator_definition": "Patients on the waiting list waiting 18 weeks or less.",
     "denominator_definition": "Patients on the waiting list.", **_PCT, "polarity": _UP,
     "frequency": _MONTHLY, "target": 92.0, "source": _HCS, "area": "elective-care"},
    {"code": "CANCER-62D", "name": "Cancer treatment within 62 days of urgent referral",
     "definition": "Patients starting a first treatment for cancer in the month who had been "
     "referred urgently no more than 62 days before.",
     "numerator_definition": "First treatments started within 62 days of urgent referral.",
     "denominator_definition": "First treatments for cancer after an urgent referral.", **_PCT,
     "polarity": _UP, "frequency": _MONTHLY, "target": 85.0, "source": _HCS, "area": "cancer"},
    {"code": "DTOC", "name": "Delayed transfers of care",
     "definition": "Occupied bed days of patients medically fit to leave hospital whose "
     "transfer was delayed, as a share of all occupied bed days.",
     "numerator_definition": "Bed days of delayed transfers.",
     "denominator_definition": "Occupied bed days.", **_PCT, "polarity": _DOWN,
     "frequency": _MONTHLY, "target": 3.5, "source": _HCS, "area": "patient-flow"},
]  # fmt: skip
# Jersey's own indicators for the five commissioning intentions.
INTENTIONS = [
    {"code": "JCM-COMM-SPEND", "name": "Health and care spending on community services",
     "definition": "'The money is where the people are' (seed 001, intention 1): spending on "
     "community health and care services as a share of all commissioned health and care "
     "spending in the quarter.", "numerator_definition": "Spending on community services (£k).",
     "denominator_definition": "All commissioned health and care spending (£k).", **_PCT,
     "polarity": _UP, "frequency": _QUARTERLY, "target": 30.0, "source": _COMMISSIONING,
     "area": "community-capacity"},
    {"code": "JCM-COMM-STAFF", "name": "Appropriately qualified staff in the community",
     "definition": "Whole-time equivalent qualified health and care staff working in "
     "community settings (seed 001, intention 1: 'Right staff in the right place').",
     "value_type": ValueType.COUNT, "unit": "WTE", "polarity": _UP, "frequency": _QUARTERLY,
     "target": 420.0, "source": _COMMISSIONING, "area": "community-capacity"},
    {"code": "JCM-TELECARE", "name": "Islanders aged 65 and over with a modern telecare system",
     "definition": "Islanders aged 65 and over with a telecare system installed, per 1,000 "
     "Islanders of that age (seed 001, intention 2: 'Availability of modern telecare "
     "system').", "numerator_definition": "Islanders aged 65+ with telecare.",
     "denominator_definition": "Islanders aged 65+.", "value_type": ValueType.RATE,
     "multiplier": 1000.0, "unit": "per 1,000", "polarity": _UP, "frequency": _QUARTERLY,
     "target": 90.0, "source": _COMMISSIONING, "area": "empowerment"},
    {"code": "JCM-COACH", "name": "Islanders receiving health coaching",
     "definition": "Islanders who had at least one health coaching or mentoring session in the "
     "month (seed 001, intention 2: 'Care through health coaching', 'Mentoring').",
     "value_type": ValueType.COUNT, "unit": "people", "polarity": _UP, "frequency": _MONTHLY,
     "source": _COMMISSIONING, "area": "empowerment"},
    {"code": "JCM-PARTNERSHIPS", "name": "Partnerships in place",
     "definition": "'How many partnerships?' (seed 001's outcomes table): commissioned "
     "partnerships of two or more partners delivering a pathway, at the end of the quarter.",
     "value_type": ValueType.COUNT, "unit": "partnerships", "polarity": _UP,
     "frequency": _QUARTERLY, "target": 12.0, "source": _COMMISSIONING,
     "area": "partnership-prevention"},
    {"code": "JCM-SMALL-PARTNERS", "name": "Smaller partners included in the partnerships",
     "definition": "'How many smaller partners are included?' (seed 001's outcomes table): "
     "small partners (Jersey Care Commission categorisation) taking part in a commissioned "
     "partnership, as a share of the small partners on the approved list.",
     "numerator_definition": "Small partners in a partnership.",
     "denominator_definition": "Small partners on the approved list.", **_PCT,
     "polarity": _UP, "frequency": _QUARTERLY, "target": 75.0, "source": _COMMISSIONING,
     "area": "partnership-prevention"},
    {"code": "JCM-EMADM-65", "name": "Emergency admissions of Islanders aged 65 and over",
     "definition": "Emergency admissions of Islanders aged 65 and over in the month, per 1,000 "
     "Islanders of that age (seed 001, intention 4: the right care, at the right time, in the "
     "right place).", "numerator_definition": "Emergency admissions, aged 65+.",
     "denominator_definition": "Islanders aged 65+.", "value_type": ValueType.RATE,
     "multiplier": 1000.0, "unit": "per 1,000", "polarity": _DOWN, "frequency": _MONTHLY,
     "target": 17.0, "source": _HCS, "area": "right-care"},
    {"code": "JCM-SELF-REF", "name": "Commissioned services open to self-referral",
     "definition": "Commissioned services that Islanders can refer themselves to, as a share "
     "of all commissioned services (seed 001, intention 4: 'Access to timely assessment and "
     "self-referral').", "numerator_definition": "Services open to self-referral.",
     "denominator_definition": "Commissioned services.", **_PCT, "polarity": _UP,
     "frequency": _QUARTERLY, "target": 60.0, "source": _COMMISSIONING, "area": "right-care"},
    {"code": "JCM-COPROD", "name": "Services co-produced with Islanders",
     "definition": "Services whose specification was co-produced with people who use them, "
     "inclusive of 'equals by experience', as a share of the partner's commissioned services "
     "(seed 001, intention 5: 'No decision about me, without me').",
     "numerator_definition": "Services with a co-produced specification.",
     "denominator_definition": "Commissioned services.", **_PCT, "polarity": _UP,
     "frequency": _QUARTERLY, "target": 50.0, "source": _COMMISSIONING,
     "area": "co-production"},
]  # fmt: skip

# How each indicator's synthetic figures are drawn, for each subject (a partner's code, or
# "JE"): proportions and rates (start, end, noise) of a numerator over denominators around
# `size`; counts and money (start, end, noise) as values. `plan` draws a straight trajectory
# from the start to `plan`. `sum_of` makes Jersey's figure the sum of its partners'.
POPULATION_65 = 19_500  # Islanders aged 65 and over, roughly (2021 census)
SERIES = {
    "AE-4H-ALL": {"JE": {"size": 3400, "start": 0.79, "end": 0.86, "noise": 0.02, "plan": 0.92}},
    # Waiting lists grew after the pandemic: elective care falls behind its plan and baseline.
    "RTT-18W": {"JE": {"size": 6200, "start": 0.62, "end": 0.55, "noise": 0.012, "plan": 0.75}},
    "CANCER-62D": {"JE": {"size": 45, "start": 0.74, "end": 0.82, "noise": 0.05}},
    "DTOC": {"JE": {"size": 7800, "start": 0.061, "end": 0.044, "noise": 0.006, "plan": 0.035}},
    "JCM-COMM-SPEND": {
        "JE": {"size": 58_000, "start": 0.22, "end": 0.265, "noise": 0.004, "plan": 0.30}
    },
    "JCM-COMM-STAFF": {"JE": {"start": 330, "end": 395, "noise": 6, "plan": 420}},
    "JCM-TELECARE": {"JE": {"size": POPULATION_65, "start": 0.052, "end": 0.081, "noise": 0.002}},
    "JCM-COACH": {
        "JE-FNHC": {"start": 140, "end": 310, "noise": 18},
        "JE-MIND": {"start": 60, "end": 150, "noise": 10},
        "JE": {"sum_of": ["JE-FNHC", "JE-MIND"]},
    },
    "JCM-PARTNERSHIPS": {"JE": {"start": 3, "end": 11, "noise": 0.4, "plan": 12}},
    "JCM-SMALL-PARTNERS": {"JE": {"size": 22, "start": 0.32, "end": 0.64, "noise": 0.04}},
    "JCM-EMADM-65": {
        "JE": {
            "size": POPULATION_65,
            "start": 0.0215,
            "end": 0.0185,
            "noise": 0.0008,
            "plan": 0.017,
        }
    },  # fmt: skip
    "JCM-SELF-REF": {"JE": {"size": 48, "start": 0.35, "end": 0.52, "noise": 0.03}},
    "JCM-COPROD": {
        "JE-HCS": {"size": 24, "start": 0.15, "end": 0.38, "noise": 0.04},
        "JE-FNHC": {"size": 12, "start": 0.30, "end": 0.55, "noise": 0.05},
        "JE-MIND": {"size": 6, "start": 0.5, "end": 0.84, "noise": 0.05},
        "JE-JHC": {"size": 5, "start": 0.2, "end": 0.6, "noise": 0.05},
        "JE": {"sum_of": ["JE-HCS", "JE-FNHC", "JE-MIND", "JE-JHC"]},
    },
}
