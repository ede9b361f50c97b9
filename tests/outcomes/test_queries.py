"""The two dashboard reads: one subject across indicators, and all subjects on one indicator,
each one indexed query, showing only what the viewer may see."""

from datetime import date

import pytest
from django.db import connection

from joinedup.core.access import ANONYMOUS, viewer_for
from joinedup.core.choices import StaffRole, Visibility
from joinedup.outcomes import queries, services
from joinedup.outcomes.choices import SubjectKind
from joinedup.outcomes.models import Plan
from joinedup.outcomes.periods import MONTH, QUARTER, Period
from tests import factories as core_factories
from tests.outcomes import factories

pytestmark = pytest.mark.django_db
MONTHS = [Period(MONTH, date(2022, m, 1)) for m in range(1, 7)]


@pytest.fixture
def dashboard(setting, partner_a):
    """Ten public indicators and a restricted one, six months each for A, B and ten more."""
    indicators = [setting.indicator] + [factories.indicator(f"I{n:02d}") for n in range(9)]
    secret = factories.indicator("SECRET", visibility=Visibility.RESTRICTED,
                                 restricted_to=[partner_a])  # fmt: skip
    subjects = [setting.a, setting.b] + [
        factories.subject(f"P{n:02d}", parent=setting.system) for n in range(10)
    ]
    rows = [
        services.FigureRow(indicator, subject, period, numerator=i + s, denominator=100)
        for i, indicator in enumerate([*indicators, secret])
        for s, subject in enumerate(subjects)
        for period in MONTHS
    ]
    services.record_figures(figures=rows)
    return indicators, secret, subjects


def test_a_subjects_latest_figures_across_indicators_are_one_query(
    dashboard, setting, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        figures = list(queries.subject_observations(setting.a, viewer=ANONYMOUS, latest=True))
        codes = [(f.indicator.code, f.period_start) for f in figures]
    assert len(figures) == 10 and {start for _, start in codes} == {MONTHS[-1].start}
    assert [code for code, _ in codes] == sorted(code for code, _ in codes)
    assert "SECRET" not in {code for code, _ in codes}


def test_a_subjects_history_can_be_read_from_a_date(dashboard, setting):
    figures = queries.subject_observations(setting.a, viewer=ANONYMOUS, since=MONTHS[3].start)
    assert figures.count() == 10 * 3


def test_the_subject_dashboard_shows_restricted_indicators_only_to_their_partners(
    dashboard, setting, partner_a, partner_b
):
    member_a = core_factories.person("a1", organisation=partner_a)
    member_b = core_factories.person("b1", organisation=partner_b)
    admin = core_factories.person("admin1", roles=[StaffRole.ADMIN])

    def codes(person):
        figures = queries.subject_observations(setting.a, viewer=viewer_for(person.user),
                                               latest=True)  # fmt: skip
        return {f.indicator.code for f in figures}

    assert "SECRET" in codes(member_a) and "SECRET" in codes(admin)
    assert "SECRET" not in codes(member_b)


def test_every_subject_on_one_indicator_for_a_period_is_one_query(
    dashboard, setting, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        figures = list(queries.indicator_comparison(setting.indicator, MONTHS[2]))
        rows = [(f.subject.code, f.value) for f in figures]
    assert len(rows) == 12 and rows[0] == ("A", 0.0) and rows[1] == ("B", 1.0)
    places = queries.indicator_comparison(setting.indicator, MONTHS[2], kind=SubjectKind.PLACE)
    assert places.count() == 12
    assert not queries.indicator_comparison(setting.indicator, Period(QUARTER, date(2022, 1, 1)))


def test_the_latest_period_and_one_series(dashboard, setting):
    assert queries.latest_period(setting.indicator) == MONTHS[-1]
    series = queries.figure_series(setting.indicator, setting.b, period_type=MONTH)
    assert [f.period for f in series] == MONTHS


def test_plans_are_read_the_same_way(setting):
    services.set_plan(indicator=setting.indicator, subject=setting.a, period=MONTHS[0], value=95)
    figures = queries.subject_observations(setting.a, viewer=ANONYMOUS, model=Plan)
    assert [f.value for f in figures] == [95]


def test_the_dashboard_reads_use_the_composite_indexes(dashboard, setting):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # so that only a missing index could explain a scan
            cursor.execute("SET LOCAL enable_seqscan = off")
    subject_plan = queries.subject_observations(setting.a, viewer=ANONYMOUS).explain()
    comparison_plan = queries.indicator_comparison(setting.indicator, MONTHS[2]).explain()
    if connection.vendor == "postgresql":
        assert "Index" in subject_plan and "observation_subject" in subject_plan
        assert "Index" in comparison_plan and "observation_key" in comparison_plan
    else:
        assert "SEARCH outcomes_observation USING INDEX observation_subject" in subject_plan
        # SQLite names the unique key's index itself.
        assert "SEARCH outcomes_observation USING INDEX sqlite_autoindex" in comparison_plan
        assert "(indicator_id=? AND period_type=? AND period_start=?)" in comparison_plan
