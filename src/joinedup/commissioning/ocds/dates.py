"""OCDS dates: RFC 3339 date-times in UTC.

Release dates carry microseconds, always six digits, so that sorting their text (as OCDS merge
tools do) is sorting them in time. Other dates are given to the second; a calendar date is the
start of that day.
"""

from datetime import UTC, date, datetime, time

from django.utils import timezone


def release_date(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ocds_datetime(value) -> str | None:
    """An OCDS date-time for a datetime or a date (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise TypeError(f"Not a date: {value!r}")


def end_of_day(value) -> str | None:
    """The last second of a calendar date (the end of a period given in days)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return ocds_datetime(value)
    return datetime.combine(value, time(23, 59, 59), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(value: str) -> datetime | None:
    """An OCDS date-time as an aware datetime, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        return None
    return parsed


def _utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC)
