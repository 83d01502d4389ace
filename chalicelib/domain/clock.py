"""Time: stored as UTC instants, shown in Singapore time.

Every instant and calendar day the portal accepts lies in ``EARLIEST_DAY``..``LATEST_DAY``: wide
enough for any date of birth or court date, and far from the ends of ``datetime``'s range, where
converting between offsets (``0001-01-01T00:00+08:00`` is in year 0 in UTC) or stepping a day
overflows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

SINGAPORE = ZoneInfo("Asia/Singapore")
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(instant: datetime) -> datetime:
    """Normalise an aware datetime to UTC; naive values are refused rather than guessed."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a time must carry its UTC offset, e.g. 2026-12-01T09:30:00+08:00")
    return instant.astimezone(timezone.utc)


def in_singapore(instant: datetime) -> datetime:
    return as_utc(instant).astimezone(SINGAPORE)


def singapore_date(instant: datetime) -> date:
    return in_singapore(instant).date()


def _within_range(day: date) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"must lie between {EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}")


def checked_instant(instant: datetime) -> datetime:
    """An aware instant within the portal's range, as given (its offset kept for display)."""
    # Compared on the local calendar first: converting a value at the edge of datetime's range
    # to UTC is what overflows.
    _within_range(instant.date())
    _within_range(as_utc(instant).date())
    return instant


def checked_day(day: date) -> date:
    _within_range(day)
    return day


def day_before(day: date) -> date | None:
    """The previous calendar day, or None at the start of the portal's range."""
    return day - timedelta(days=1) if day > EARLIEST_DAY else None


def day_after(day: date) -> date | None:
    return day + timedelta(days=1) if day < LATEST_DAY else None


# pydantic also reads numbers, and strings of digits, as Unix timestamps ("0" is 1970-01-01): an
# input time or day is only ever written out in ISO 8601.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?"
                          r"([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)")


# Typed as pydantic's own parsing errors, so that pages word them as any unreadable date.
_NOT_A_DAY = PydanticCustomError("date_parsing", "expected a date written as YYYY-MM-DD")
_NOT_AN_INSTANT = PydanticCustomError(
    "datetime_parsing", "expected a time in ISO 8601 with its UTC offset, e.g. 2026-12-01T09:30:00+08:00")


def _iso_day(value: object) -> object:
    if isinstance(value, (int, float)):
        raise _NOT_A_DAY
    if not isinstance(value, str):
        return value
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _NOT_A_DAY


def _iso_instant(value: object) -> object:
    if isinstance(value, (int, float)):
        raise _NOT_AN_INSTANT
    if not isinstance(value, str):
        return value
    try:
        if _ISO_INSTANT.fullmatch(value):
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    raise _NOT_AN_INSTANT


# A point in time as inputs give it: ISO 8601 with an explicit UTC offset, within range.
Instant = Annotated[AwareDatetime, BeforeValidator(_iso_instant), AfterValidator(checked_instant)]
CalendarDay = Annotated[date, BeforeValidator(_iso_day), AfterValidator(checked_day)]
