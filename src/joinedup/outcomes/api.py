"""API routes for the outcomes: indicators, subjects, figures (as JSON pages or streamed CSV),
comparisons of subjects, series with their XmR charts, ratings that explain themselves, and a
FHIR R4 export of indicators as `Measure` and of a subject's figures as `MeasureReport`.

Every route finds indicators through `access` and `queries.visible_indicators(viewer)`, as the
pages do, so an indicator the caller may not see is a 404 and its figures never leave the
database. Subjects (areas and organisations known by their codes) are public. The statistics
come from `analysis`, the same functions the pages call, so the two can never disagree.
"""

import csv
import json
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination, api_viewer
from joinedup.core.access import Viewer
from joinedup.core.choices import Visibility

from . import analysis, fhir, periods, queries, services
from .access import access_indicator, access_subject
from .choices import Frequency, PeriodType, Polarity, SubjectKind, ValueType
from .methods import Assurance, Comparison, PlanStatus, Rating, Signal, Trend, Variation
from .models import Indicator, IndicatorVersion, Observation, RatingScheme, Subject

router = Router(tags=["outcomes"])
ERRORS = {404: ErrorOut, 422: ErrorOut}
CODE = 64
CSV_CHUNK = 2_000
CSV_COLUMNS = (
    "indicator",
    "subject",
    "period_type",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "source",
    "synthetic",
)
# The period an indicator's frequency reports on, to read a day given as its period.
PERIOD_OF_FREQUENCY = {
    Frequency.WEEKLY: periods.WEEK,
    Frequency.MONTHLY: periods.MONTH,
    Frequency.QUARTERLY: periods.QUARTER,
    Frequency.ANNUAL_FINANCIAL: periods.FINANCIAL_YEAR,
    Frequency.ANNUAL_CALENDAR: periods.CALENDAR_YEAR,
}


# Output schemas


class NamedRef(Schema):
    code: str
    name: str


class SubjectRef(NamedRef):
    kind: SubjectKind


class PeriodOut(Schema):
    type: PeriodType
    start: date
    end: date
    label: str = Field(description="As people write it: `Apr 2022`, `2022/23`.")


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    value_type: ValueType
    multiplier: float = Field(description="100 for a percentage, 100000 for a rate per 100,000.")
    unit: str
    polarity: Polarity
    frequency: Frequency
    source: str
    version: int = Field(description="The version of the definition in force.")
    target: float | None = Field(description="A single target, or the lower end of a range.")
    target_upper: float | None = Field(description="The upper end (exclusive) of a target range.")
    benchmark: float | None
    benchmark_label: str
    priority_area: NamedRef | None
    theme: NamedRef | None
    weight: float = Field(description="Its weight within its priority area.")
    visibility: Visibility

    @staticmethod
    def resolve_theme(indicator: Indicator) -> object | None:
        area = indicator.priority_area
        return area.theme if area else None


class VersionOut(Schema):
    version: int
    effective_from: date
    definition: str
    numerator_definition: str
    denominator_definition: str
    value_type: ValueType
    multiplier: float
    unit: str
    source: str
    reason: str = Field(description="Why the definition changed.")


class IndicatorDetailOut(IndicatorOut):
    numerator_definition: str
    denominator_definition: str
    versions: list[VersionOut] = Field(description="Every version of the definition, newest first.")


class SubjectOut(SubjectRef):
    parent: SubjectRef | None


class SubjectDetailOut(SubjectOut):
    members: list[SubjectRef] = Field(description="The subjects whose figures sum to its own.")


class ObservationOut(Schema):
    indicator: str = Field(description="The indicator's code.")
    subject: str = Field(description="The subject's code.")
    period_type: PeriodType
    period_start: date
    period_end: date
    numerator: float | None
    denominator: float | None
    value: float | None
    source: str
    synthetic: bool = Field(description="Generated, not measured.")

    @staticmethod
    def resolve_indicator(row: dict) -> str:
        return row["indicator__code"]

    @staticmethod
    def resolve_subject(row: dict) -> str:
        return row["subject__code"]


class ResultOut(Schema):
    """A figure with its 95% interval and how it compares with the benchmark and the target."""

    period: PeriodOut
    value: float | None
    lower: float | None = Field(description="Lower 95% confidence limit, where there is one.")
    upper: float | None = Field(description="Upper 95% confidence limit, where there is one.")
    numerator: float | None
    denominator: float | None
    benchmark: Comparison = Field(description="Against the benchmark, on the 95% interval.")
    target: Comparison = Field(description="Against the target, on the 95% interval.")
    synthetic: bool


class ComparedOut(ResultOut):
    subject: SubjectRef


class ComparisonOut(Schema):
    indicator: NamedRef
    period: PeriodOut
    benchmark: float | None
    target: float | None
    target_upper: float | None
    results: list[ComparedOut] = Field(description="Best first by the indicator's polarity.")


class PointOut(ResultOut):
    plan: float | None = Field(description="The planned value for the period, if any.")
    plan_lower: float | None = Field(description="Process limits around the plan.")
    plan_upper: float | None
    variation: Variation = Field(description="The point's Making Data Count variation.")
    signals: list[str] = Field(description="The special-cause rules the point breaks.")


class SeriesOut(Schema):
    indicator: NamedRef
    subject: SubjectRef
    period_type: PeriodType | None
    points: list[PointOut] = Field(description="Oldest first.")
    mean: float | None = Field(description="The XmR chart's centre line.")
    lower_limit: float | None = Field(description="Lower process limit (mean − 2.66 × mean MR).")
    upper_limit: float | None = Field(description="Upper process limit (mean + 2.66 × mean MR).")
    latest_variation: Variation
    assurance: Assurance = Field(description="The process limits against the target.")
    trend: Trend = Field(description="Recent trend over the five latest periods (proportions).")
    plan_status: PlanStatus = Field(description="The latest figure against its plan's limits.")


class RatedIndicatorOut(Schema):
    indicator: NamedRef
    result: ResultOut | None = Field(description="The latest figure, if there is one.")
    comparison: Comparison = Field(description="Two-level comparison with the benchmark.")
    score: float | None = Field(description="The comparison's score under the scheme.")


class RatedAreaOut(Schema):
    name: str
    score: float | None
    rating: Rating
    indicators: list[RatedIndicatorOut]


class RatedThemeOut(Schema):
    name: str
    score: float | None
    rating: Rating
    areas: list[RatedAreaOut]


class SchemeRef(Schema):
    slug: str
    name: str
    comparison: RatingScheme.ComparisonKind = Field(description="How indicators are compared.")


class RatingOut(Schema):
    subject: SubjectRef
    scheme: SchemeRef
    score: float | None = Field(description="The weighted mean score of the themes.")
    rating: Rating
    themes: list[RatedThemeOut]


# Input schemas


class IndicatorFilterIn(Schema):
    theme: str | None = Field(None, max_length=32, description="A theme's code.")
    priority_area: str | None = Field(None, max_length=32, description="A priority area's code.")
    value_type: ValueType | None = None


class SubjectFilterIn(Schema):
    kind: SubjectKind | None = None
    parent: str | None = Field(None, max_length=CODE, description="A parent subject's code.")


class ObservationFilterIn(Schema):
    indicator: str | None = Field(None, max_length=32, description="An indicator's code.")
    subject: str | None = Field(None, max_length=CODE, description="A subject's code.")
    period_type: PeriodType | None = None
    since: date | None = Field(
        None, alias="from", description="Periods starting on or after this day."
    )
    until: date | None = Field(None, alias="to", description="Periods starting on or before it.")


class ComparisonIn(Schema):
    period: str | None = Field(
        None,
        max_length=40,
        description="`Apr 2022`, `2022/23`, `Q1 2023`, or a day within the period; "
        "the latest period with figures if not given.",
    )
    period_type: PeriodType | None = Field(
        None, description="The type of period a day names; the indicator's frequency if not given."
    )
    kind: SubjectKind | None = Field(None, description="Only subjects of this kind.")
    parent: str | None = Field(None, max_length=CODE, description="Only members of this subject.")


class SeriesIn(Schema):
    subject: str = Field(max_length=CODE, description="The subject's code.")
    period_type: PeriodType | None = Field(
        None, description="Which periods; those of the most recent figure if not given."
    )


class RatingIn(Schema):
    scheme: str | None = Field(
        None, max_length=100, description="A rating scheme's slug; the default if not given."
    )


class MeasureReportIn(Schema):
    subject: str = Field(max_length=CODE, description="The subject's code.")
    measure: str = Field(max_length=500, description="The Measure's code or canonical URL.")
    period_type: PeriodType | None = None


# Queries


def _indicator(viewer: Viewer, code: str) -> Indicator:
    """The indicator through `access`, as the pages find it; a 404 that names the code."""
    try:
        return access_indicator(viewer, code=code)
    except Http404:
        raise Http404(f"No indicator with code '{code}'.") from None


def _subject(code: str) -> Subject:
    try:
        return access_subject(code=code)
    except Http404:
        raise Http404(f"No subject with code '{code}'.") from None


def _observations(viewer: Viewer, filters: ObservationFilterIn) -> QuerySet:
    """The figures of the indicators the viewer may see, in the order of their unique key."""
    if filters.since and filters.until and filters.since > filters.until:
        raise HttpError(422, "'from' is after 'to': give a range that starts before it ends.")
    figures = Observation.objects.filter(
        indicator__in=Indicator.objects.visible_to(viewer).values("pk")
    )
    if filters.indicator:
        figures = figures.filter(indicator=_indicator(viewer, filters.indicator))
    if filters.subject:
        figures = figures.filter(subject=_subject(filters.subject))
    if filters.period_type:
        figures = figures.filter(period_type=filters.period_type)
    if filters.since:
        figures = figures.filter(period_start__gte=filters.since)
    if filters.until:
        figures = figures.filter(period_start__lte=filters.until)
    return figures.order_by("indicator", "period_type", "period_start", "subject").values(
        "indicator__code", "subject__code", *CSV_COLUMNS[2:]
    )


def _comparison_period(indicator: Indicator, given: ComparisonIn) -> periods.Period:
    if given.period is None:
        latest = queries.latest_period(indicator, given.period_type)
        if latest is None:
            raise Http404(f"Indicator '{indicator.code}' has no figures yet.")
        return latest
    try:
        return periods.parse_period(given.period, given.period_type)
    except periods.PeriodError as error:
        # A day names a period only with a type: without one given, the indicator's frequency.
        frequency_type = PERIOD_OF_FREQUENCY.get(indicator.frequency)
        if given.period_type is None and frequency_type is not None:
            try:
                return periods.parse_period(given.period, frequency_type)
            except periods.PeriodError:
                pass
        raise HttpError(422, f"The period is not valid: {error}.") from None


def _schemes() -> list[RatingScheme]:
    """The stored schemes, the default first; with none stored, the presets (unsaved, so that
    reading never writes), as the rating page offers them."""
    stored = list(RatingScheme.objects.all())
    if stored:
        return stored
    return [
        RatingScheme(
            name=name,
            slug=preset.name.replace("_", "-"),
            comparison=comparison,
            description=description,
            is_default=is_default,
            **services.rating_scheme_fields(preset),
        )  # fmt: skip
        for preset, name, comparison, is_default, description in services.RATING_PRESETS
    ]


def _scheme(slug: str | None) -> RatingScheme:
    schemes = _schemes()
    if slug is None:
        return schemes[0]
    for scheme in schemes:
        if scheme.slug == slug:
            return scheme
    known = ", ".join(scheme.slug for scheme in schemes)
    raise Http404(f"No rating scheme '{slug}': use one of {known}.")


def _measure_code(given: str) -> str:
    """A Measure's code from its code or its canonical URL (`…/Measure/CODE`)."""
    return given.rstrip("/").rsplit("/Measure/", 1)[-1]


def _fhir_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/api/v1/fhir")


def _fhir_response(resource: dict) -> HttpResponse:
    return HttpResponse(json.dumps(resource), content_type=fhir.CONTENT_TYPE)


# Output builders: analysis results as the schemas' dictionaries


def _signals(bits: int) -> list[str]:
    return [signal.name.lower() for signal in Signal if bits & signal]


def _points(built: analysis.Series) -> list[dict]:
    count = len(built.results)
    plan_lower = built.plan_lower or [None] * count
    plan_upper = built.plan_upper or [None] * count
    return [
        {
            **vars(result),
            "plan": built.plan[i],
            "plan_lower": plan_lower[i],
            "plan_upper": plan_upper[i],
            "variation": built.variation[i],
            "signals": _signals(built.signals[i]),
        }
        for i, result in enumerate(built.results)
    ]


def _rated_theme(theme: analysis.RatedGroup) -> dict:
    return {
        "name": theme.name,
        "score": theme.score,
        "rating": theme.rating,
        "areas": [
            {
                "name": area.name,
                "score": area.score,
                "rating": area.rating,
                "indicators": area.members,
            }
            for area in theme.members
        ],
    }


# Indicators


@router.get("/indicators", response=list[IndicatorOut], summary="List indicators")
@paginate(Pagination)
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilterIn]):
    """The indicators you may see, by code; filter by theme, priority area and value type."""
    indicators = queries.visible_indicators(api_viewer(request))
    if filters.theme:
        indicators = indicators.filter(priority_area__theme__code=filters.theme)
    if filters.priority_area:
        indicators = indicators.filter(priority_area__code=filters.priority_area)
    if filters.value_type:
        indicators = indicators.filter(value_type=filters.value_type)
    return indicators


@router.get(
    "/indicators/{code}", response={200: IndicatorDetailOut, 404: ErrorOut}, summary="One indicator"
)
def get_indicator(request: HttpRequest, code: str):
    """An indicator with every version of its definition."""
    versions = Prefetch("versions", queryset=IndicatorVersion.objects.order_by("-version"))
    indicators = queries.visible_indicators(api_viewer(request)).prefetch_related(versions)
    found = indicators.filter(code=code).first()
    if found is None:
        raise Http404(f"No indicator with code '{code}'.")
    return found


@router.get(
    "/indicators/{code}/comparison",
    response={200: ComparisonOut, **ERRORS},
    summary="Every subject on one indicator for one period",
)
def get_comparison(request: HttpRequest, code: str, given: Query[ComparisonIn]):
    """Every subject's figure for the period with its 95% interval and its comparisons with the
    benchmark and the target, best first; narrowed to one kind of subject or one parent's
    members."""
    indicator = _indicator(api_viewer(request), code)
    period = _comparison_period(indicator, given)
    parent = _subject(given.parent) if given.parent else None
    results = analysis.comparison(indicator, period, kind=given.kind, parent=parent)
    return {
        "indicator": indicator,
        "period": period,
        "benchmark": indicator.benchmark,
        "target": indicator.target,
        "target_upper": indicator.target_upper,
        "results": results,
    }


@router.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, **ERRORS},
    summary="One indicator over time for one subject",
)
def get_series(request: HttpRequest, code: str, given: Query[SeriesIn]):
    """The subject's figures with their intervals, the XmR chart (mean, process limits, the
    special-cause signals and each point's variation), the assurance against the target, the
    recent trend, and the plan with its limits."""
    indicator = _indicator(api_viewer(request), code)
    subject = _subject(given.subject)
    built = analysis.series(indicator, subject, period_type=given.period_type)
    return {
        "indicator": indicator,
        "subject": subject,
        "period_type": built.results[-1].period.type if built.results else given.period_type,
        "points": _points(built),
        "mean": built.mean,
        "lower_limit": built.lower_limit,
        "upper_limit": built.upper_limit,
        "latest_variation": built.latest_variation,
        "assurance": built.assurance,
        "trend": built.trend,
        "plan_status": built.plan_status,
    }


# Subjects


@router.get("/subjects", response=list[SubjectOut], summary="List subjects")
@paginate(Pagination)
def list_subjects(request: HttpRequest, filters: Query[SubjectFilterIn]):
    """The organisations and areas that figures are about, by code; filter by kind and parent."""
    subjects = Subject.objects.select_related("parent")
    if filters.kind:
        subjects = subjects.filter(kind=filters.kind)
    if filters.parent:
        subjects = subjects.filter(parent=_subject(filters.parent))
    return subjects.order_by("code")


@router.get(
    "/subjects/{code}", response={200: SubjectDetailOut, 404: ErrorOut}, summary="One subject"
)
def get_subject(request: HttpRequest, code: str):
    """A subject with its parent and its members."""
    members = Prefetch("members", queryset=Subject.objects.order_by("code"))
    found = Subject.objects.select_related("parent").prefetch_related(members)
    found = found.filter(code=code).first()
    if found is None:
        raise Http404(f"No subject with code '{code}'.")
    return found


@router.get(
    "/subjects/{code}/rating",
    response={200: RatingOut, 404: ErrorOut},
    summary="A subject's rating, explained",
)
def get_rating(request: HttpRequest, code: str, given: Query[RatingIn]):
    """The subject's rating under a scheme, with every step that produced it: each indicator's
    latest figure, its comparison and score; each priority area's and theme's score and rating."""
    subject = _subject(code)
    scheme = _scheme(given.scheme)
    explained = analysis.rate_under(subject, api_viewer(request), scheme)
    return {
        "subject": subject,
        "scheme": scheme,
        "score": explained.score,
        "rating": explained.rating,
        "themes": [_rated_theme(theme) for theme in explained.themes],
    }


# Observations


@router.get("/observations", response=list[ObservationOut], summary="List observations")
@paginate(Pagination)
def list_observations(request: HttpRequest, filters: Query[ObservationFilterIn]):
    """The figures of the indicators you may see, by indicator, period and subject; filter by
    indicator, subject, period type and a range of period start days (`from`, `to`)."""
    return _observations(api_viewer(request), filters)


def _csv_rows(figures: QuerySet):
    class Line:
        def write(self, text: str) -> str:
            return text

    writer = csv.writer(Line(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    for row in figures.iterator(chunk_size=CSV_CHUNK):
        yield writer.writerow(_csv_values(row))


def _csv_values(row: dict) -> list:
    return [row["indicator__code"], row["subject__code"], *(row[k] for k in CSV_COLUMNS[2:])]


@router.get(
    "/observations.csv",
    response={404: ErrorOut, 422: ErrorOut},
    summary="Observations as CSV",
    openapi_extra={
        "responses": {
            200: {
                "description": "The figures as CSV, streamed row by row.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_observations(request: HttpRequest, filters: Query[ObservationFilterIn]):
    """The same figures as `/observations`, all of them, streamed as CSV so that a national
    export never sits in memory."""
    figures = _observations(api_viewer(request), filters)
    response = StreamingHttpResponse(_csv_rows(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observations.csv"'
    return response


# FHIR R4

FHIR_JSON = {"content": {fhir.CONTENT_TYPE: {"schema": {"type": "object"}}}}


@router.get(
    "/fhir/Measure/{code}",
    response={404: ErrorOut},
    summary="An indicator as a FHIR Measure",
    openapi_extra={"responses": {200: {"description": "A FHIR R4 Measure.", **FHIR_JSON}}},
)
def get_fhir_measure(request: HttpRequest, code: str):
    """The indicator as a FHIR R4 `Measure`: code, definition, scoring, improvement notation and
    the populations it counts."""
    indicator = _indicator(api_viewer(request), code)
    return _fhir_response(fhir.measure(indicator, base=_fhir_base(request)))


@router.get(
    "/fhir/MeasureReport",
    response={404: ErrorOut, 422: ErrorOut},
    summary="A subject's figures as FHIR MeasureReports",
    openapi_extra={
        "responses": {200: {"description": "A FHIR R4 Bundle of MeasureReports.", **FHIR_JSON}}
    },
)
def search_fhir_measure_reports(request: HttpRequest, given: Query[MeasureReportIn]):
    """A search-set `Bundle` of summary `MeasureReport`s, one per period, of the subject's
    figures on the Measure."""
    indicator = _indicator(api_viewer(request), _measure_code(given.measure))
    subject = _subject(given.subject)
    figures = queries.figure_series(indicator, subject, period_type=given.period_type)
    bundle = fhir.report_bundle(
        indicator, subject, figures, base=_fhir_base(request),
        self_url=request.build_absolute_uri(),
    )  # fmt: skip
    return _fhir_response(bundle)
