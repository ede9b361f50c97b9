"""The FHIR R4 export: indicators as `Measure`, a subject's figures as a `Bundle` of summary
`MeasureReport`s. Each resource parses with `fhir.resources` (its R4B models read R4 JSON); our
own checks cover what a parser does not: the codes and systems, and that every report points to
its Measure's canonical URL."""

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.measure import Measure
from fhir.resources.R4B.measurereport import MeasureReport

from joinedup.outcomes import fhir, services
from joinedup.outcomes.choices import Polarity, ValueType
from tests.outcomes import factories
from tests.outcomes.api_matrix import MONTHS, build_records, month

pytestmark = pytest.mark.django_db

API = "/api/v1"
BASE = "http://testserver/api/v1/fhir"


@pytest.fixture
def records(partner_a):
    return build_records(partner_a)


def _fhir(persona, path, status=200) -> dict:
    response = persona.client.get(f"{API}{path}")
    assert response.status_code == status, response.content
    if status == 200:
        assert response["Content-Type"] == "application/fhir+json"
    return response.json()


def _codes(concept: dict) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept["coding"]]


def test_an_indicator_is_a_valid_measure(records, anonymous):
    body = _fhir(anonymous, "/fhir/Measure/PUB")
    measure = Measure.model_validate(body)
    assert measure.url == f"{BASE}/Measure/PUB"
    assert [(i.value) for i in measure.identifier] == ["PUB"]
    assert (measure.title, measure.name, measure.status) == (
        "Seen within four hours", "SeenWithinFourHours", "active",
    )  # fmt: skip
    assert measure.description == "What PUB measures."
    assert _codes(body["scoring"]) == [(fhir.SCORING, "proportion")]
    assert _codes(body["improvementNotation"]) == [(fhir.IMPROVEMENT, "increase")]
    populations = body["group"][0]["population"]
    assert [_codes(p["code"]) for p in populations] == [
        [(fhir.POPULATION, "numerator")], [(fhir.POPULATION, "denominator")],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "value_type, scoring, populations",
    [
        (ValueType.PROPORTION, "proportion", ["numerator", "denominator"]),
        (ValueType.RATE, "ratio", ["numerator", "denominator"]),
        (ValueType.DSR, "ratio", ["numerator", "denominator"]),
        (ValueType.RATIO, "ratio", ["numerator", "denominator"]),
        (ValueType.COUNT, "cohort", ["initial-population"]),
        (ValueType.MEAN, "continuous-variable", ["measure-population", "measure-observation"]),
        (ValueType.MONEY, "continuous-variable", ["measure-population", "measure-observation"]),
    ],
)
def test_each_value_type_has_its_scoring_and_populations(
    db, anonymous, value_type, scoring, populations
):
    factories.indicator("X_1", value_type=value_type, numerator_definition="Those seen.")
    body = _fhir(anonymous, "/fhir/Measure/X_1")
    Measure.model_validate(body)
    assert body["id"] == "X-1"
    assert _codes(body["scoring"]) == [(fhir.SCORING, scoring)]
    found = [p["code"]["coding"][0] for p in body["group"][0]["population"]]
    assert {c["system"] for c in found} == {fhir.POPULATION}
    assert [c["code"] for c in found] == populations


@pytest.mark.parametrize(
    "polarity, notation",
    [
        (Polarity.HIGHER_IS_BETTER, "increase"),
        (Polarity.LOWER_IS_BETTER, "decrease"),
        (Polarity.NO_JUDGEMENT, None),
    ],
)
def test_polarity_is_the_improvement_notation(db, anonymous, polarity, notation):
    factories.indicator("P", polarity=polarity)
    body = _fhir(anonymous, "/fhir/Measure/P")
    if notation is None:
        assert "improvementNotation" not in body
    else:
        assert _codes(body["improvementNotation"]) == [(fhir.IMPROVEMENT, notation)]
    Measure.model_validate(body)


def test_a_hidden_indicator_is_no_measure(records, anonymous, member_b):
    assert _fhir(anonymous, "/fhir/Measure/PART", 404)["message"] == (
        "No indicator with code 'PART'."
    )
    assert _fhir(member_b, "/fhir/Measure/ONLY-A", 404)
    Measure.model_validate(_fhir(member_b, "/fhir/Measure/PART"))


def test_a_subjects_figures_are_a_bundle_of_measure_reports(records, anonymous):
    measure = _fhir(anonymous, "/fhir/Measure/PUB")
    body = _fhir(anonymous, "/fhir/MeasureReport?subject=PA&measure=PUB")
    bundle = Bundle.model_validate(body)
    assert (bundle.type, bundle.total, len(bundle.entry)) == ("searchset", MONTHS, MONTHS)
    reports = [MeasureReport.model_validate(e["resource"]) for e in body["entry"]]
    assert {r.measure for r in reports} == {measure["url"]}
    assert [(r.status, r.type) for r in reports] == [("complete", "summary")] * MONTHS
    assert [r.subject.identifier.value for r in reports] == ["PA"] * MONTHS
    first = body["entry"][0]["resource"]
    assert first["period"] == {"start": "2022-01-01", "end": "2022-01-31"}
    group = first["group"][0]
    assert [(_codes(p["code"])[0], p["count"]) for p in group["population"]] == [
        ((fhir.POPULATION, "numerator"), 700), ((fhir.POPULATION, "denominator"), 1000),
    ]  # fmt: skip
    assert group["measureScore"] == {
        "value": 70.0, "system": fhir.UCUM, "code": "%",
    }  # fmt: skip
    assert _codes(first["improvementNotation"]) == [(fhir.IMPROVEMENT, "increase")]


def test_the_measure_may_be_named_by_its_canonical_url(records, anonymous):
    url = _fhir(anonymous, "/fhir/Measure/PUB")["url"]
    body = _fhir(anonymous, f"/fhir/MeasureReport?subject=PB&measure={url}")
    assert body["total"] == MONTHS


def test_a_count_reports_its_population_and_a_fraction_no_count(records, anonymous):
    count = factories.indicator("COUNT", value_type=ValueType.COUNT)
    services.record_observation(
        indicator=count, subject=records["place_a"], period=month(0), value=42
    )
    share = factories.indicator("SHARE")
    services.record_observation(
        indicator=share, subject=records["place_a"], period=month(0), numerator=2.5,
        denominator=10,
    )  # fmt: skip
    (entry,) = _fhir(anonymous, "/fhir/MeasureReport?subject=PA&measure=COUNT")["entry"]
    group = entry["resource"]["group"][0]
    assert [(p["code"]["coding"][0]["code"], p["count"]) for p in group["population"]] == [
        ("initial-population", 42)
    ]
    (entry,) = _fhir(anonymous, "/fhir/MeasureReport?subject=PA&measure=SHARE")["entry"]
    numerator, denominator = entry["resource"]["group"][0]["population"]
    assert "count" not in numerator and denominator["count"] == 10
    MeasureReport.model_validate(entry["resource"])


def test_reports_of_hidden_indicators_or_unknown_subjects_are_refused(records, anonymous):
    assert _fhir(anonymous, "/fhir/MeasureReport?subject=PA&measure=PART", 404)
    assert _fhir(anonymous, "/fhir/MeasureReport?subject=NOPE&measure=PUB", 404)["message"] == (
        "No subject with code 'NOPE'."
    )
    assert "measure" in _fhir(anonymous, "/fhir/MeasureReport?subject=PA", 422)["message"]


def test_the_report_bundle_reads_in_a_bounded_number_of_queries(
    records, anonymous, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        body = _fhir(anonymous, "/fhir/MeasureReport?subject=PA&measure=PUB")
    assert body["total"] == MONTHS
