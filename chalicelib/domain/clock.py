"""Time: stored as UTC instants, shown in Singapore time.

Every instant and calendar day the portal accepts lies in ``EARLIEST_DAY``..``LATEST_DAY``: wide
enough for any date of birth or court date, and far from the ends of ``datetime``'s range, where
converting between offsets (``0001-01-01T00:00+08:00`` is in year 0 in UTC) or stepping a day
overflows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime

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


# A point in time as inputs give it: ISO 8601 with an explicit UTC offset, within range.
Instant = Annotated[AwareDatetime, AfterValidator(checked_instant)]
CalendarDay = Annotated[date, AfterValidator(checked_day)]
