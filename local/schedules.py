"""When an EventBridge schedule expression next fires, for the local event runner.

EventBridge cron differs from Unix cron in ways that matter here: it has six fields (the last is
the year), ``?`` means "any" in day-of-month or day-of-week, and day-of-week counts 1-7 from
Sunday where Unix cron counts 0-6. Times are UTC, as in EventBridge.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from croniter import croniter

_RATE_UNITS = {"minute": 60, "hour": 3600, "day": 86400}
_EXPRESSION = re.compile(r"^\s*(cron|rate)\((.*)\)\s*$")
# EventBridge accepts years up to this one.
_LAST_YEAR = 2199


def schedule_text(expression: Any) -> str:
    """``cron(0 1 * * ? *)`` or ``rate(5 minutes)``, from a chalice Cron/Rate or a string."""
    return expression if isinstance(expression, str) else expression.to_string()


def _parts(expression: Any) -> tuple[str, str]:
    match = _EXPRESSION.match(schedule_text(expression))
    if not match:
        raise ValueError(f"not an EventBridge schedule expression: {schedule_text(expression)!r}")
    return match.group(1), match.group(2).strip()


def rate_seconds(body: str) -> int:
    match = re.fullmatch(r"(\d+)\s+(minute|hour|day)s?", body.strip().lower())
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"not a rate: {body!r}")
    return int(match.group(1)) * _RATE_UNITS[match.group(2)]


def _unix_day_of_week(field: str) -> str:
    # Weekday numbers shift down by one; a number after '#' (nth weekday) or '/' (step) does not.
    return re.sub(r"(?<![#/\d])(\d+)", lambda m: str(int(m.group(1)) - 1), field)


def unix_cron(body: str) -> tuple[str, str]:
    """Split an EventBridge cron body into a five-field Unix cron and the year field."""
    fields = body.split()
    if len(fields) != 6:
        raise ValueError(f"EventBridge cron has 6 fields (minutes hours day month weekday year): {body!r}")
    minutes, hours, day, month, weekday, year = fields
    day = "*" if day == "?" else day
    weekday = "*" if weekday == "?" else _unix_day_of_week(weekday)
    return " ".join((minutes, hours, day, month, weekday)), year


def year_matches(field: str, year: int) -> bool:
    for part in field.split(","):
        part = part.strip()
        if part == "*":
            return True
        if "/" in part:
            base, step = part.split("/", 1)
            first = int(base.split("-")[0]) if base != "*" else year
            last = int(base.split("-")[1]) if "-" in base else 9999
            if first <= year <= last and (year - first) % int(step) == 0:
                return True
        elif "-" in part:
            first, last = (int(n) for n in part.split("-", 1))
            if first <= year <= last:
                return True
        elif int(part) == year:
            return True
    return False


def next_fire_time(expression: Any, after: datetime) -> datetime | None:
    """The first firing strictly after ``after`` (aware, UTC); None if the cron never fires again.

    A rate counts from ``after``: EventBridge starts a rate when the rule is created, and locally
    the rule is created when the runner starts.
    """
    kind, body = _parts(expression)
    if kind == "rate":
        return after + timedelta(seconds=rate_seconds(body))
    cron, year_field = unix_cron(body)
    start = after
    while True:
        year = next((y for y in range(start.year, _LAST_YEAR + 1) if year_matches(year_field, y)), None)
        if year is None:
            return None
        if year > start.year:  # jump over the years the year field leaves out
            start = datetime(year, 1, 1, tzinfo=timezone.utc) - timedelta(seconds=1)
        candidate = croniter(cron, start).get_next(datetime)
        if candidate.year == year:
            return candidate
        start = datetime(candidate.year, 1, 1, tzinfo=timezone.utc) - timedelta(seconds=1)
