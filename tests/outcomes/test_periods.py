"""Reading periods from the ways people write them, and where each period starts and ends."""

from datetime import date, datetime

import pytest

from joinedup.outcomes.periods import (
    CALENDAR_YEAR,
    FINANCIAL_YEAR,
    MONTH,
    QUARTER,
    WEEK,
    Period,
    PeriodError,
    containing,
    parse_period,
    period_end,
)

READ = [
    # text, the mapping's period type, type read, start, end
    ("2016-04-01", MONTH, MONTH, date(2016, 4, 1), date(2016, 4, 30)),
    ("2016-04-17", MONTH, MONTH, date(2016, 4, 1), date(2016, 4, 30)),
    ("2017-03-01T00:00:00", MONTH, MONTH, date(2017, 3, 1), date(2017, 3, 31)),
    ("01/04/2016", MONTH, MONTH, date(2016, 4, 1), date(2016, 4, 30)),
    ("1/4/16", MONTH, MONTH, date(2016, 4, 1), date(2016, 4, 30)),
    ("29/02/2024", MONTH, MONTH, date(2024, 2, 1), date(2024, 2, 29)),
    ("2016/04/01", QUARTER, QUARTER, date(2016, 4, 1), date(2016, 6, 30)),
    ("2016-05-20", FINANCIAL_YEAR, FINANCIAL_YEAR, date(2016, 4, 1), date(2017, 3, 31)),
    ("2016-02-20", FINANCIAL_YEAR, FINANCIAL_YEAR, date(2015, 4, 1), date(2016, 3, 31)),
    ("2016-05-20", CALENDAR_YEAR, CALENDAR_YEAR, date(2016, 1, 1), date(2016, 12, 31)),
    ("2023-02-01", WEEK, WEEK, date(2023, 1, 30), date(2023, 2, 5)),
    ("April 2022", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("april 2022", MONTH, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("Apr 2022", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("Apr-22", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("Sept 2021", None, MONTH, date(2021, 9, 1), date(2021, 9, 30)),
    ("Feb-24", None, MONTH, date(2024, 2, 1), date(2024, 2, 29)),
    ("2022-04", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("2022 April", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
    ("2022/23", None, FINANCIAL_YEAR, date(2022, 4, 1), date(2023, 3, 31)),
    ("2022-23", None, FINANCIAL_YEAR, date(2022, 4, 1), date(2023, 3, 31)),
    ("2022/2023", FINANCIAL_YEAR, FINANCIAL_YEAR, date(2022, 4, 1), date(2023, 3, 31)),
    ("FY2022/23", None, FINANCIAL_YEAR, date(2022, 4, 1), date(2023, 3, 31)),
    ("1999/00", None, FINANCIAL_YEAR, date(1999, 4, 1), date(2000, 3, 31)),
    ("2011-12", None, FINANCIAL_YEAR, date(2011, 4, 1), date(2012, 3, 31)),
    ("2011-12", MONTH, MONTH, date(2011, 12, 1), date(2011, 12, 31)),
    ("Q1 2023", None, QUARTER, date(2023, 1, 1), date(2023, 3, 31)),
    ("2023 Q1", None, QUARTER, date(2023, 1, 1), date(2023, 3, 31)),
    ("2023-Q1", None, QUARTER, date(2023, 1, 1), date(2023, 3, 31)),
    ("2023Q4", QUARTER, QUARTER, date(2023, 10, 1), date(2023, 12, 31)),
    ("2023/24 Q1", None, QUARTER, date(2023, 4, 1), date(2023, 6, 30)),
    ("Q4 2023/24", None, QUARTER, date(2024, 1, 1), date(2024, 3, 31)),
    ("2023", None, CALENDAR_YEAR, date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-W05", None, WEEK, date(2023, 1, 30), date(2023, 2, 5)),
    ("  Apr   2022 ", None, MONTH, date(2022, 4, 1), date(2022, 4, 30)),
]


@pytest.mark.parametrize(("text", "wanted", "kind", "start", "end"), READ)
def test_it_reads_a_period_written_in_any_common_way(text, wanted, kind, start, end):
    period = parse_period(text, wanted)
    assert (period.type, period.start, period.end) == (kind, start, end)


def test_it_reads_date_and_datetime_objects_as_the_period_containing_them():
    assert parse_period(date(2022, 4, 30), MONTH) == Period(MONTH, date(2022, 4, 1))
    assert parse_period(datetime(2022, 5, 2, 9, 30), QUARTER) == Period(QUARTER, date(2022, 4, 1))


REFUSED = [
    ("", MONTH, "empty"),
    ("foo", None, "cannot read 'foo' as a period"),
    ("Smarch 2022", None, "names no month"),
    ("31/02/2020", MONTH, "not a real date"),
    ("2022-13-01", MONTH, "not a real date"),
    ("2016-04-01", None, "give the period type"),
    ("Apr 2022", QUARTER, "is a month, not a quarter"),
    ("2023", FINANCIAL_YEAR, "is a calendar year, not a financial year"),
    ("2022/25", None, "neither a financial year"),
    ("2023/25 Q1", None, "not a financial year's quarter"),
    ("2023-W60", None, "not a real week"),
    ("Q5 2023", None, "cannot read"),
    ("2022/23", "fortnight", "not a period type"),
]


@pytest.mark.parametrize(("text", "wanted", "message"), REFUSED)
def test_it_refuses_text_that_names_no_period_of_the_type_wanted(text, wanted, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text, wanted)


ENDS = [
    (WEEK, date(2023, 12, 25), date(2023, 12, 31)),
    (MONTH, date(2024, 2, 1), date(2024, 2, 29)),
    (MONTH, date(2023, 12, 1), date(2023, 12, 31)),
    (QUARTER, date(2023, 11, 1), date(2024, 1, 31)),
    (FINANCIAL_YEAR, date(2023, 4, 1), date(2024, 3, 31)),
    (CALENDAR_YEAR, date(2023, 1, 1), date(2023, 12, 31)),
]


@pytest.mark.parametrize(("kind", "start", "end"), ENDS)
def test_a_period_ends_the_day_before_the_next_one_starts(kind, start, end):
    assert period_end(kind, start) == end


@pytest.mark.parametrize(
    ("kind", "day", "start"),
    [
        (WEEK, date(2024, 3, 3), date(2024, 2, 26)),
        (MONTH, date(2024, 3, 31), date(2024, 3, 1)),
        (QUARTER, date(2024, 8, 15), date(2024, 7, 1)),
        (FINANCIAL_YEAR, date(2024, 3, 31), date(2023, 4, 1)),
        (FINANCIAL_YEAR, date(2024, 4, 1), date(2024, 4, 1)),
        (CALENDAR_YEAR, date(2024, 8, 15), date(2024, 1, 1)),
    ],
)
def test_a_day_falls_in_one_period_of_each_type(kind, day, start):
    assert containing(day, kind) == Period(kind, start)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period(MONTH, date(2022, 4, 1)), "Apr 2022"),
        (Period(QUARTER, date(2023, 4, 1)), "Apr to Jun 2023"),
        (Period(QUARTER, date(2023, 11, 1)), "Nov 2023 to Jan 2024"),
        (Period(FINANCIAL_YEAR, date(2022, 4, 1)), "2022/23"),
        (Period(FINANCIAL_YEAR, date(1999, 4, 1)), "1999/00"),
        (Period(CALENDAR_YEAR, date(2023, 1, 1)), "2023"),
        (Period(WEEK, date(2023, 1, 30)), "week of 2023-01-30"),
    ],
)
def test_a_period_is_labelled_as_people_write_it(period, label):
    assert period.label == label
