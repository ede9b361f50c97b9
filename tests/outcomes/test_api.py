"""The outcomes API: every route for every persona as api_matrix.py says; indicators and their
figures only where the caller may see them; figures filtered, paginated and streamed as CSV;
comparisons, series and ratings that give the same figures as `analysis`; bad input refused
with a message; query counts that do not grow with the records."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from joinedup.core.access import ANONYMOUS
from joinedup.outcomes import analysis, services
from joinedup.outcomes.choices import SubjectKind, ValueType
from tests.matrix import responses, row_id
from tests.outcomes import factories
from tests.outcomes.api_matrix import MATRIX, MONTHS, build_records, figures, month

pytestmark = pytest.mark.django_db

API = "/api/v1"
CONTENT_TYPES = ("application/json", "text/csv", "application/fhir+json")


@pytest.fixture
def records(partner_a):
    return build_records(partner_a)


def _walk(personas, path) -> dict:
    answers = {}
    for name, response in responses(personas, "get", path).items():
        assert response["Content-Type"].startswith(CONTENT_TYPES), (name, path)
        answers[name] = response.status_code
    return answers


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    assert _walk(personas, path_of(records)) == expected


def _get(persona, path, status=200):
    response = persona.client.get(f"{API}{path}")
    assert response.status_code == status, response.content
    return response.json()


def _codes(body, key="code") -> list[str]:
    return [row[key] for row in body["items"]]


# Indicators


def test_the_list_shows_only_the_indicators_the_caller_may_see(records, anonymous, member_a):
    assert _codes(_get(anonymous, "/indicators")) == ["PUB"]
    assert _codes(_get(member_a, "/indicators")) == ["ONLY-A", "PART", "PUB"]


def test_indicators_filter_by_theme_priority_area_and_value_type(records, member_a):
    factories.indicator("COUNT", value_type=ValueType.COUNT)
    assert _codes(_get(member_a, "/indicators?theme=CARE")) == ["ONLY-A", "PART", "PUB"]
    assert _codes(_get(member_a, "/indicators?priority_area=UEC&value_type=count")) == []
    assert _codes(_get(member_a, "/indicators?value_type=count")) == ["COUNT"]
    assert _get(member_a, "/indicators?value_type=percent", 422)["message"].startswith(
        "The request is not valid"
    )


def test_an_indicator_shows_its_place_and_every_version_of_its_definition(records, anonymous):
    services.revise_indicator(
        indicator=records["indicator"], definition="Patients seen in four hours, all types.",
        effective_from=timezone.localdate(), reason="All types of department now count.",
    )  # fmt: skip
    body = _get(anonymous, "/indicators/PUB")
    assert (body["version"], body["theme"]["code"], body["priority_area"]["code"]) == (
        2, "CARE", "UEC",
    )  # fmt: skip
    assert (body["target"], body["benchmark"], body["polarity"]) == (95.0, 90.0, "higher_is_better")
    assert [(v["version"], v["reason"]) for v in body["versions"]] == [
        (2, "All types of department now count."), (1, ""),
    ]  # fmt: skip


def test_an_unknown_indicator_is_a_404_with_a_message(records, anonymous):
    assert _get(anonymous, "/indicators/NOPE", 404) == {"message": "No indicator with code 'NOPE'."}


# Subjects


def test_subjects_filter_by_kind_and_parent(records, anonymous):
    assert _codes(_get(anonymous, "/subjects")) == ["PA", "PB", "SYS"]
    assert _codes(_get(anonymous, "/subjects?kind=system")) == ["SYS"]
    body = _get(anonymous, "/subjects?parent=SYS")
    assert [(r["code"], r["parent"]["code"]) for r in body["items"]] == [
        ("PA", "SYS"),
        ("PB", "SYS"),
    ]
    assert (
        _get(anonymous, "/subjects?parent=NOPE", 404)["message"] == "No subject with code 'NOPE'."
    )


def test_a_subject_shows_its_parent_and_members(records, anonymous):
    body = _get(anonymous, "/subjects/SYS")
    assert (body["kind"], body["parent"]) == ("system", None)
    assert [m["code"] for m in body["members"]] == ["PA", "PB"]


# Observations


def test_observations_are_only_those_of_indicators_the_caller_may_see(records, anonymous, member_b):
    assert {r["indicator"] for r in _get(anonymous, "/observations?page_size=100")["items"]} == {
        "PUB"
    }
    body = _get(member_b, "/observations?page_size=100")
    assert {r["indicator"] for r in body["items"]} == {"PUB", "PART"}
    assert body["count"] == 2 * 2 * MONTHS


def test_observations_filter_by_indicator_subject_and_period_range(records, anonymous):
    body = _get(anonymous, "/observations?indicator=PUB&subject=PA&from=2022-02-01&to=2022-04-01")
    assert [(r["subject"], r["period_start"]) for r in body["items"]] == [
        ("PA", "2022-02-01"), ("PA", "2022-03-01"), ("PA", "2022-04-01"),
    ]  # fmt: skip
    first = body["items"][0]
    assert (first["numerator"], first["denominator"], first["value"]) == (720.0, 1000.0, 72.0)
    assert (first["period_type"], first["period_end"]) == ("month", "2022-02-28")
    assert _get(anonymous, "/observations?period_type=quarter")["count"] == 0


def test_bad_observation_filters_are_refused_with_a_message(records, anonymous):
    body = _get(anonymous, "/observations?from=2022-05-01&to=2022-01-01", 422)
    assert body["message"] == "'from' is after 'to': give a range that starts before it ends."
    assert "from" in _get(anonymous, "/observations?from=April", 422)["message"]
    assert _get(anonymous, "/observations?subject=NOPE", 404)["message"] == (
        "No subject with code 'NOPE'."
    )
    # A hidden indicator is as unknown as one that does not exist.
    assert _get(anonymous, "/observations?indicator=PART", 404)["message"] == (
        "No indicator with code 'PART'."
    )


def _csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_observations_stream_as_csv_with_a_header_row(records, anonymous):
    response = anonymous.client.get(f"{API}/observations.csv?subject=PB&to=2022-02-01")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert _csv(response) == [
        ["indicator", "subject", "period_type", "period_start", "period_end", "numerator",
         "denominator", "value", "source", "synthetic"],
        ["PUB", "PB", "month", "2022-01-01", "2022-01-31", "600.0", "1000.0", "60.0", "", "False"],
        ["PUB", "PB", "month", "2022-02-01", "2022-02-28", "620.0", "1000.0", "62.0", "", "False"],
    ]  # fmt: skip


def test_the_csv_holds_every_figure_the_caller_may_see(records, member_a):
    rows = _csv(member_a.client.get(f"{API}/observations.csv"))
    assert len(rows) == 1 + 3 * 2 * MONTHS
    assert {row[0] for row in rows[1:]} == {"PUB", "PART", "ONLY-A"}


def test_a_bad_csv_request_is_refused_in_json(records, anonymous):
    response = anonymous.client.get(f"{API}/observations.csv?from=2023-01-01&to=2022-01-01")
    assert response.status_code == 422
    assert response.json()["message"].startswith("'from' is after 'to'")


# Comparisons


def test_a_comparison_gives_every_subject_with_its_interval_and_comparisons(records, anonymous):
    body = _get(anonymous, "/indicators/PUB/comparison?period=June 2022")
    assert body["period"] == {
        "type": "month", "start": "2022-06-01", "end": "2022-06-30", "label": "Jun 2022",
    }  # fmt: skip
    expected = analysis.comparison(records["indicator"], month(5))
    assert [r["subject"]["code"] for r in body["results"]] == ["SYS", "PA", "PB"][1:]
    for row, result in zip(body["results"], expected, strict=True):
        assert (row["value"], row["lower"], row["upper"]) == pytest.approx(
            (result.value, result.lower, result.upper)
        )
        assert (row["benchmark"], row["target"]) == (result.benchmark, result.target)
    assert [(r["benchmark"], r["target"]) for r in body["results"]] == [
        ("worse", "worse"), ("worse", "worse"),
    ]  # fmt: skip


def test_a_comparison_without_a_period_uses_the_latest(records, anonymous):
    assert _get(anonymous, "/indicators/PUB/comparison")["period"]["start"] == "2022-06-01"
    assert _get(anonymous, "/indicators/PUB/comparison?period=2022-03-15")["period"]["label"] == (
        "Mar 2022"
    )
    by_year = _get(anonymous, "/indicators/PUB/comparison?period=2022/23")
    assert (by_year["period"]["type"], by_year["results"]) == ("financial_year", [])


def test_a_comparison_narrows_to_a_kind_or_a_parents_members(records, anonymous):
    factories.subject("ELSE", kind=SubjectKind.PROVIDER)
    figures(records["indicator"], records["system"], count=1, start=5)
    by_parent = _get(anonymous, "/indicators/PUB/comparison?parent=SYS")
    assert [r["subject"]["code"] for r in by_parent["results"]] == ["PA", "PB"]
    by_kind = _get(anonymous, "/indicators/PUB/comparison?kind=system")
    assert [r["subject"]["code"] for r in by_kind["results"]] == ["SYS"]


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("period=Smarch 2022", 422, "The period is not valid: 'smarch 2022' names no month."),
        ("period=2022/23&period_type=month", 422,
         "The period is not valid: '2022/23' is a financial year, not a month."),
        ("parent=NOPE", 404, "No subject with code 'NOPE'."),
    ],
)  # fmt: skip
def test_a_bad_comparison_request_is_refused_with_a_message(
    records, anonymous, query, status, message
):
    assert _get(anonymous, f"/indicators/PUB/comparison?{query}", status)["message"] == message


def test_a_comparison_of_an_indicator_without_figures_is_a_404(records, anonymous):
    factories.indicator("EMPTY")
    body = _get(anonymous, "/indicators/EMPTY/comparison", 404)
    assert body["message"] == "Indicator 'EMPTY' has no figures yet."


# Series


def test_a_series_gives_the_xmr_chart_verdicts_and_plan_of_analysis(records, anonymous):
    body = _get(anonymous, "/indicators/PUB/series?subject=PA")
    built = analysis.series(records["indicator"], records["place_a"])
    assert (body["mean"], body["lower_limit"], body["upper_limit"]) == pytest.approx(
        (built.mean, built.lower_limit, built.upper_limit)
    )
    assert (body["assurance"], body["trend"], body["latest_variation"], body["plan_status"]) == (
        built.assurance, built.trend, built.latest_variation, built.plan_status,
    )  # fmt: skip
    assert body["assurance"] == "consistently_fails"
    assert body["trend"] == "increasing_getting_better"
    assert len(body["points"]) == MONTHS
    first = body["points"][0]
    assert (first["period"]["label"], first["plan"], first["target"]) == ("Jan 2022", 90.0, "worse")
    assert first["lower"] < first["value"] < first["upper"]
    assert first["plan_lower"] is not None and first["variation"] == built.variation[0]
    assert all(isinstance(p["signals"], list) for p in body["points"])


def test_a_series_names_the_special_cause_signals_of_a_point(records, anonymous):
    indicator = factories.indicator("JUMP")
    for n, seen in enumerate([500, 502, 498, 501, 499, 500, 501, 900]):
        services.record_observation(
            indicator=indicator, subject=records["place_a"], period=month(n), numerator=seen,
            denominator=1000,
        )  # fmt: skip
    last = _get(anonymous, "/indicators/JUMP/series?subject=PA")["points"][-1]
    assert "outside_limits" in last["signals"]
    assert last["variation"] == "improving_high"


def test_a_series_needs_a_known_subject(records, anonymous):
    assert _get(anonymous, "/indicators/PUB/series?subject=NOPE", 404)["message"] == (
        "No subject with code 'NOPE'."
    )
    assert "subject" in _get(anonymous, "/indicators/PUB/series", 422)["message"]


# Ratings


def test_a_rating_explains_itself_down_to_each_indicator(records, member_a):
    body = _get(member_a, "/subjects/PA/rating")
    explained = analysis.rate(records["place_a"], ANONYMOUS)
    assert (body["scheme"]["slug"], body["scheme"]["comparison"]) == (
        "segmentation", "benchmark_two_level",
    )  # fmt: skip
    (theme,) = body["themes"]
    (area,) = theme["areas"]
    assert (theme["name"], area["name"]) == ("Care and quality", "Urgent care")
    rated = {row["indicator"]["code"]: row for row in area["indicators"]}
    assert rated.keys() == {"PUB", "PART", "ONLY-A"}
    assert rated["PUB"]["comparison"] == "worst" and rated["PUB"]["score"] == 4
    assert rated["PUB"]["result"]["period"]["label"] == "Jun 2022"
    assert rated["ONLY-A"]["comparison"] == "not_compared" and rated["ONLY-A"]["score"] is None
    assert (body["score"], body["rating"]) == (4.0, "needs_most_improvement")
    assert explained.themes[0].members[0].members[0].indicator.code == "PUB"


def test_a_rating_under_a_preset_scheme_and_an_unknown_scheme(records, anonymous):
    body = _get(anonymous, "/subjects/PA/rating?scheme=spine-counts")
    assert (body["scheme"]["slug"], body["scheme"]["comparison"]) == ("spine-counts", "benchmark")
    (theme,) = body["themes"]
    rated = {row["indicator"]["code"]: row for row in theme["areas"][0]["indicators"]}
    assert (rated["PUB"]["comparison"], rated["PUB"]["score"]) == ("worse", -1)
    assert _get(anonymous, "/subjects/PA/rating?scheme=nope", 404)["message"] == (
        "No rating scheme 'nope': use one of segmentation, spine-counts."
    )


def test_a_rating_uses_the_stored_default_scheme(records, anonymous):
    services.ensure_rating_presets()
    services.save_rating_scheme(
        slug="strict", name="Strict", comparison="benchmark", is_default=True,
        scores={"better": 1, "similar": 0, "worse": -2}, edges=[0], ratings=[
            "needs_most_improvement", "outstanding",
        ],
    )  # fmt: skip
    body = _get(anonymous, "/subjects/PA/rating")
    assert (body["scheme"]["slug"], body["rating"]) == ("strict", "needs_most_improvement")
    assert _get(anonymous, "/subjects/PA/rating?scheme=segmentation")["scheme"]["name"] == (
        "Segmentation"
    )


def test_a_subject_with_no_indicators_in_areas_is_not_rated(db, anonymous):
    factories.subject("LONE")
    body = _get(anonymous, "/subjects/LONE/rating")
    assert (body["rating"], body["themes"], body["score"]) == ("not_rated", [], None)


# Query counts


def _grow_indicators(records, count):
    for _ in range(count):
        indicator = factories.indicator(priority_area=records["area"], benchmark=85.0)
        figures(indicator, records["place_a"], count=1, start=5)


def _grow_subjects(records, count):
    for _ in range(count):
        subject = factories.subject(parent=records["system"])
        figures(records["indicator"], subject, count=1, start=5)


def _grow_months(records, count):
    start = MONTHS + _grow_months.done.get(id(records), 0)
    figures(records["indicator"], records["place_a"], count=count, start=start, step=0, plan=True)
    _grow_months.done[id(records)] = start - MONTHS + count


_grow_months.done = {}


def _rated(body):
    return body["themes"][0]["areas"][0]["indicators"]


def _items(body):
    return body["count"]


LISTS = [
    ("/indicators", _grow_indicators, _items),
    ("/subjects", _grow_subjects, _items),
    ("/observations?indicator=PUB", _grow_months, _items),
    ("/indicators/PUB/comparison?period=Jun 2022", _grow_subjects, lambda b: len(b["results"])),
    ("/indicators/PUB/series?subject=PA", _grow_months, lambda b: len(b["points"])),
    ("/subjects/PA/rating", _grow_indicators, lambda b: len(_rated(b))),
    ("/subjects/SYS", _grow_subjects, lambda b: len(b["members"])),
]  # fmt: skip


@pytest.mark.parametrize("path, grow, size", LISTS, ids=[f"{p}-{g.__name__}" for p, g, _ in LISTS])
def test_query_count_is_the_same_for_20_records_as_for_2(
    member_a, records, django_assert_max_num_queries, path, grow, size
):
    url = f"{API}{path}{'&' if '?' in path else '?'}page_size=100"
    grow(records, 2)
    with django_assert_max_num_queries(12) as few:
        response = member_a.client.get(url)
    assert response.status_code == 200, response.json()
    before = size(response.json())
    grow(records, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_a.client.get(url)
    assert size(response.json()) >= before + 18


def test_the_csv_export_reads_every_figure_in_a_bounded_number_of_queries(
    member_a, records, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as few:
        rows = _csv(member_a.client.get(f"{API}/observations.csv?indicator=PUB"))
    _grow_months(records, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = _csv(member_a.client.get(f"{API}/observations.csv?indicator=PUB"))
    assert len(more) == len(rows) + 18
