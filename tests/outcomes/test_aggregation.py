"""A parent's figure summed from its members': numerators and denominators added, never the
members' percentages averaged."""

from datetime import date

import pytest

from joinedup.outcomes import queries, services
from joinedup.outcomes.choices import SubjectKind, ValueType
from joinedup.outcomes.periods import MONTH, Period
from tests.outcomes import factories

pytestmark = pytest.mark.django_db
APRIL = Period(MONTH, date(2022, 4, 1))
MAY = Period(MONTH, date(2022, 5, 1))


def _record(indicator, subject, period, **numbers):
    services.record_observation(indicator=indicator, subject=subject, period=period, **numbers)


def test_a_systems_figure_sums_its_members_numerators_and_denominators(setting):
    _record(setting.indicator, setting.a, APRIL, numerator=10, denominator=100)
    _record(setting.indicator, setting.b, APRIL, numerator=9, denominator=10)
    [april] = queries.aggregate_members(setting.indicator, setting.system, period_type=MONTH)
    # 19 of 110 (17.3 %), not the average of 10 % and 90 % (50 %).
    assert (april.period, april.numerator, april.denominator, april.members) == (
        APRIL, 19, 110, 2
    )  # fmt: skip
    assert april.value == pytest.approx(17.2727, abs=1e-4)


def test_each_period_is_summed_on_its_own_and_can_be_narrowed(setting):
    for period, (a, b) in ((APRIL, (1, 2)), (MAY, (3, 4))):
        _record(setting.indicator, setting.a, period, numerator=a, denominator=10)
        _record(setting.indicator, setting.b, period, numerator=b, denominator=10)
    figures = queries.aggregate_members(setting.indicator, setting.system, period_type=MONTH)
    assert [(f.period, f.numerator, f.value) for f in figures] == [
        (APRIL, 3, 15.0), (MAY, 7, 35.0)
    ]  # fmt: skip
    only_may = queries.aggregate_members(
        setting.indicator, setting.system, period_type=MONTH, since=MAY.start
    )
    assert [f.period for f in only_may] == [MAY]


def test_members_of_another_kind_or_parent_are_not_counted(setting):
    other = factories.subject("OUT", name="Elsewhere")
    trust = factories.subject("T1", kind=SubjectKind.PROVIDER, parent=setting.system)
    _record(setting.indicator, setting.a, APRIL, numerator=1, denominator=10)
    _record(setting.indicator, trust, APRIL, numerator=5, denominator=10)
    _record(setting.indicator, other, APRIL, numerator=10, denominator=10)
    [every] = queries.aggregate_members(setting.indicator, setting.system, period_type=MONTH)
    [places] = queries.aggregate_members(
        setting.indicator, setting.system, period_type=MONTH, kind=SubjectKind.PLACE
    )
    assert (every.numerator, every.denominator) == (6, 20)
    assert (places.numerator, places.denominator, places.members) == (1, 10, 1)


def test_counts_and_money_are_summed_as_totals(setting):
    count = factories.indicator("ATT", value_type=ValueType.COUNT)
    _record(count, setting.a, APRIL, value=120)
    _record(count, setting.b, APRIL, value=30)
    [april] = queries.aggregate_members(count, setting.system, period_type=MONTH)
    assert (april.value, april.numerator, april.denominator) == (150, None, None)


def test_rates_use_the_indicators_multiplier(setting):
    rate = factories.indicator("RATE", value_type=ValueType.RATE, multiplier=100_000)
    _record(rate, setting.a, APRIL, numerator=3, denominator=20_000)
    _record(rate, setting.b, APRIL, numerator=1, denominator=20_000)
    [april] = queries.aggregate_members(rate, setting.system, period_type=MONTH)
    assert april.value == 10.0


def test_directly_standardised_rates_cannot_be_summed_from_members(setting):
    dsr = factories.indicator("DSR", value_type=ValueType.DSR, multiplier=100_000)
    with pytest.raises(ValueError, match="cannot be summed"):
        queries.aggregate_members(dsr, setting.system, period_type=MONTH)


def test_the_aggregation_is_one_query_however_many_members(setting, django_assert_num_queries):
    for number in range(20):
        member = factories.subject(f"M{number}", parent=setting.system)
        for period in (APRIL, MAY):
            _record(setting.indicator, member, period, numerator=number, denominator=20)
    with django_assert_num_queries(1):
        figures = queries.aggregate_members(setting.indicator, setting.system, period_type=MONTH)
    assert [f.members for f in figures] == [20, 20]
