"""Reporting periods: their kinds, where they start and end, and how to read them from text.

Pure: no Django, no database. A period is a type and a start date; its end follows. Quarters are
any three months from their start, so a financial quarter (2023/24 Q1, April to June) and a
calendar quarter (Q1 2023, January to March) are both quarters, told apart by the start date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEK = "week"
MONTH = "month"
QUARTER = "quarter"
FINANCIAL_YEAR = "financial_year"
CALENDAR_YEAR = "calendar_year"
PERIOD_TYPES = (WEEK, MONTH, QUARTER, FINANCIAL_YEAR, CALENDAR_YEAR)
FINANCIAL_YEAR_STARTS = 4  # April, in England, Wales and Jersey

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class PeriodError(ValueError):
    """Text that names no period, or a period of another type than the one expected."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its type and first day. The last day follows from them."""

    type: str
    start: date

    @property
    def end(self) -> date:
        """The period's last day (inclusive)."""
        return period_end(self.type, self.start)

    @property
    def label(self) -> str:
        """How people write the period: `Apr 2022`, `Apr to Jun 2023`, `2022/23`, `2023`."""
        start = self.start
        if self.type == MONTH:
            return start.strftime("%b %Y")
        if self.type == QUARTER:
            end = self.end
            if start.year == end.year:
                return f"{start:%b} to {end:%b %Y}"
            return f"{start:%b %Y} to {end:%b %Y}"
        if self.type == FINANCIAL_YEAR:
            return _fy_label(start.year)
        if self.type == CALENDAR_YEAR:
            return str(start.year)
        return f"week of {start.isoformat()}"


def _fy_label(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_end(period_type: str, start: date) -> date:
    """The last day of the period of this type that starts on `start`."""
    if period_type == WEEK:
        return start + timedelta(days=6)
    months = {MONTH: 1, QUARTER: 3, FINANCIAL_YEAR: 12, CALENDAR_YEAR: 12}.get(period_type)
    if months is None:
        raise PeriodError(f"'{period_type}' is not a period type")
    return _add_months(start, months) - timedelta(days=1)


def containing(day: date, period_type: str) -> Period:
    """The period of this type that contains the day (a calendar quarter for quarters)."""
    if period_type == WEEK:
        return Period(WEEK, day - timedelta(days=day.weekday()))
    if period_type == MONTH:
        return Period(MONTH, day.replace(day=1))
    if period_type == QUARTER:
        return Period(QUARTER, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    if period_type == FINANCIAL_YEAR:
        year = day.year if day.month >= FINANCIAL_YEAR_STARTS else day.year - 1
        return Period(FINANCIAL_YEAR, date(year, FINANCIAL_YEAR_STARTS, 1))
    if period_type == CALENDAR_YEAR:
        return Period(CALENDAR_YEAR, date(day.year, 1, 1))
    raise PeriodError(f"'{period_type}' is not a period type")


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one in this century (`22` is 2022)."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def _is_next_year(first: int, second: str) -> bool:
    return _year(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PeriodError(f"'{text}' is not a real date") from None


def _month(name: str, text: str) -> int:
    month = MONTHS.get(name)
    if month is None:
        raise PeriodError(f"'{text}' names no month")
    return month


# Each pattern reads the whole text (lower case, single spaces) and returns a date for a day,
# or a Period. The order matters only where two patterns could match the same text.
_SEP = r"(?:\s*[-/ ]\s*)?"  # an optional separator: `Apr-22`, `Apr 22`, `Apr22`
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_YEAR_PAIR = re.compile(r"(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{4}|\d{2})")
_MONTH_NAME_YEAR = re.compile(r"([a-z]+)\.?" + _SEP + r"(\d{4}|\d{2})")
_YEAR_MONTH_NAME = re.compile(r"(\d{4})" + _SEP + r"([a-z]+)")
_CAL_QUARTER = re.compile(r"q([1-4])" + _SEP + r"(\d{4})|(\d{4})" + _SEP + r"q([1-4])")
_FY_QUARTER = re.compile(
    r"q([1-4])" + _SEP + r"(\d{4})\s*[-/]\s*(\d{4}|\d{2})"
    r"|(\d{4})\s*[-/]\s*(\d{4}|\d{2})" + _SEP + r"q([1-4])"
)
_ISO_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")
_YEAR = re.compile(r"(?:cy\s*)?(\d{4})")


def _read(text: str, hint: str | None) -> date | Period:
    if m := _ISO_DAY.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _YMD_SLASH.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY.fullmatch(text):
        return _day(_year(m[3]), int(m[2]), int(m[1]), text)
    if m := _YEAR_PAIR.fullmatch(text):
        first, second = int(m[1]), m[2]
        # 2011-12 is both December 2011 and the financial year 2011/12: the mapping decides.
        looks_like_month = len(second) == 2 and "-" in text and 1 <= int(second) <= 12
        if _is_next_year(first, second) and not (looks_like_month and hint == MONTH):
            return Period(FINANCIAL_YEAR, date(first, FINANCIAL_YEAR_STARTS, 1))
        if looks_like_month:
            return Period(MONTH, date(first, int(second), 1))
        raise PeriodError(f"'{text}' is neither a financial year (like 2022/23) nor a month")
    if m := _FY_QUARTER.fullmatch(text):
        quarter, first, second = (m[1], m[2], m[3]) if m[1] else (m[6], m[4], m[5])
        if not _is_next_year(int(first), second):
            raise PeriodError(f"'{text}' is not a financial year's quarter")
        start = _add_months(date(int(first), FINANCIAL_YEAR_STARTS, 1), 3 * (int(quarter) - 1))
        return Period(QUARTER, start)
    if m := _CAL_QUARTER.fullmatch(text):
        quarter, year = (m[1], m[2]) if m[1] else (m[4], m[3])
        return Period(QUARTER, date(int(year), 3 * (int(quarter) - 1) + 1, 1))
    if m := _ISO_WEEK.fullmatch(text):
        try:
            return Period(WEEK, date.fromisocalendar(int(m[1]), int(m[2]), 1))
        except ValueError:
            raise PeriodError(f"'{text}' is not a real week") from None
    if m := _MONTH_NAME_YEAR.fullmatch(text):
        return Period(MONTH, date(_year(m[2]), _month(m[1], text), 1))
    if m := _YEAR_MONTH_NAME.fullmatch(text):
        return Period(MONTH, date(int(m[1]), _month(m[2], text), 1))
    if m := _YEAR.fullmatch(text):
        return Period(CALENDAR_YEAR, date(int(m[1]), 1, 1))
    raise PeriodError(f"cannot read '{text}' as a period")


def parse_period(value: str | date | datetime, period_type: str | None = None) -> Period:
    """Read a period from any common way of writing one.

    `2016-04-01`, `01/04/2016` (day first) and date objects name a day: the period is the one of
    `period_type` that contains it, so a day needs a type. `April 2022`, `Apr-22` and `2022-04` are
    months; `2022/23` and `2022-23` financial years; `Q1 2023`, `2023 Q1` and `2023-Q1` calendar
    quarters; `2023/24 Q1` a financial quarter; `2023` a calendar year; `2023-W05` a week.
    With `period_type`, text that names a period of another type is refused.
    """
    try:
        period = _parse_period(value, period_type)
        period_end(period.type, period.start)  # past the calendar's last day raises too
    except PeriodError:
        raise
    except (ValueError, OverflowError):  # a year 0, a day past 9999-12-31
        raise PeriodError(f"'{value}' is not a real period: its dates are out of range") from None
    return period


def _parse_period(value: str | date | datetime, period_type: str | None) -> Period:
    if period_type is not None and period_type not in PERIOD_TYPES:
        raise PeriodError(f"'{period_type}' is not a period type")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        read: date | Period = value
        text = value.isoformat()
    else:
        text = " ".join(str(value).strip().lower().split())
        if not text:
            raise PeriodError("the period is empty")
        read = _read(text, period_type)
    if isinstance(read, Period):
        if period_type is not None and read.type != period_type:
            found, wanted = read.type.replace("_", " "), period_type.replace("_", " ")
            raise PeriodError(f"'{value}' is a {found}, not a {wanted}")
        return read
    if period_type is None:
        raise PeriodError(f"'{value}' is a day: give the period type to read it as a period")
    return containing(read, period_type)
