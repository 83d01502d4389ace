"""Singapore working days: Monday to Friday, less Singapore's public holidays (and the days given
in lieu when a holiday falls on a Sunday), as the maintained ``holidays`` library lists them."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@lru_cache(maxsize=32)
def _holidays(year: int) -> holidays.HolidayBase:
    # Imported on first use: the library loads every country's calendars, and only the routes
    # that work with court dates need Singapore's.
    import holidays

    return holidays.country_holidays("SG", years=year)


def holiday_name(day: date) -> str | None:
    return _holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def why_not_a_working_day(day: date) -> str | None:
    """Plain words for a day the courts do not sit, or None on a working day."""
    name = holiday_name(day)
    if name is not None:
        return f"{day:%a} {day.day} {day:%b %Y} is a public holiday in Singapore ({name})"
    if day.weekday() >= 5:
        return f"{day:%a} {day.day} {day:%b %Y} is a {day:%A}"
    return None


def working_days_between(start: date, end: date) -> int:
    """Working days strictly after ``start`` and strictly before ``end`` (0 if none)."""
    count, day = 0, start + timedelta(days=1)
    while day < end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date:
    """The working day that comes ``days`` working days after ``start``."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day
