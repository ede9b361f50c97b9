"""The outcomes API's rows of the permission matrix, and the records they are walked over.

Rows are (route name, case, method, how to build the path from the records, expected status by
persona), as in tests/programme/api_matrix.py. The records: a theme and priority area; a public
proportion indicator `PUB` with a target and benchmark, a partnership-only indicator `PART` and
one restricted to partner A `ONLY-A`; a system `SYS` with places `PA` and `PB`; six months of
figures of each indicator for both places, and a plan for `PUB` at `PA`.
"""

from datetime import date

from joinedup.core.choices import Visibility
from joinedup.outcomes import periods, services
from joinedup.outcomes.choices import SubjectKind
from tests.matrix import ADMIN, A, everyone, signed_in
from tests.outcomes import factories

HIDDEN = signed_in(200, anonymous=404)  # a partnership-only indicator
# An indicator restricted to A: its people and admins; the analyst role does not open it.
ONLY_A = {**everyone(404), A: 200, ADMIN: 200}
MONTHS = 6


def month(n: int) -> periods.Period:
    year, index = divmod(n, 12)
    return periods.Period(periods.MONTH, date(2022 + year, index + 1, 1))


def figures(indicator, subject, *, count=MONTHS, start=0, seen=700, step=20, plan=False) -> None:
    for n in range(start, start + count):
        services.record_observation(
            indicator=indicator, subject=subject, period=month(n), numerator=seen + step * n,
            denominator=1000,
        )  # fmt: skip
        if plan:
            services.set_plan(
                indicator=indicator, subject=subject, period=month(n), numerator=900,
                denominator=1000,
            )  # fmt: skip


def build_records(partner_a) -> dict:
    theme = services.create_theme(code="CARE", name="Care and quality")
    area = services.create_priority_area(code="UEC", name="Urgent care", theme=theme)
    public = factories.indicator(
        "PUB", name="Seen within four hours", target=95.0, benchmark=90.0, priority_area=area
    )
    partnership = factories.indicator(
        "PART", visibility=Visibility.PARTNERSHIP, priority_area=area, benchmark=90.0
    )
    restricted = factories.indicator(
        "ONLY-A", visibility=Visibility.RESTRICTED, restricted_to=[partner_a], priority_area=area
    )
    system = factories.subject("SYS", name="The system", kind=SubjectKind.SYSTEM)
    place_a = factories.subject("PA", name="Place A", parent=system)
    place_b = factories.subject("PB", name="Place B", parent=system)
    for indicator in (public, partnership, restricted):
        figures(indicator, place_a, plan=indicator is public)
        figures(indicator, place_b, seen=600)
    return {
        "theme": theme,
        "area": area,
        "indicator": public,
        "partnership_indicator": partnership,
        "restricted_indicator": restricted,
        "system": system,
        "place_a": place_a,
        "place_b": place_b,
    }


def _api(path: str):
    return lambda r: f"/api/v1/{path}"


def _on(key: str, path: str):
    return lambda r: f"/api/v1/{path.format(r[key].code)}"


INDICATORS = (
    ("public", "indicator", everyone(200)),
    ("partnership", "partnership_indicator", HIDDEN),
    ("restricted to A", "restricted_indicator", ONLY_A),
)


def _each_indicator(route: str, path: str) -> list:
    return [(route, case, "get", _on(key, path), expected) for case, key, expected in INDICATORS]


# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("api:list_indicators", "", "get", _api("indicators"), everyone(200)),
    *_each_indicator("api:get_indicator", "indicators/{}"),
    *_each_indicator("api:get_comparison", "indicators/{}/comparison?period=2022-06"),
    *_each_indicator("api:get_series", "indicators/{}/series?subject=PA"),
    ("api:list_subjects", "", "get", _api("subjects"), everyone(200)),
    ("api:get_subject", "", "get", _on("system", "subjects/{}"), everyone(200)),
    ("api:get_rating", "", "get", _on("place_a", "subjects/{}/rating"), everyone(200)),
    ("api:list_observations", "", "get", _api("observations"), everyone(200)),
    *_each_indicator("api:list_observations", "observations?indicator={}"),
    ("api:export_observations", "", "get", _api("observations.csv"), everyone(200)),
    *_each_indicator("api:export_observations", "observations.csv?indicator={}"),
    *_each_indicator("api:get_fhir_measure", "fhir/Measure/{}"),
    *_each_indicator("api:search_fhir_measure_reports", "fhir/MeasureReport?subject=PA&measure={}"),
]  # fmt: skip
