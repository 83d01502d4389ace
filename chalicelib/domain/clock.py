"""Time: stored as UTC instants, shown in Singapore time."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

SINGAPORE = ZoneInfo("Asia/Singapore")


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
