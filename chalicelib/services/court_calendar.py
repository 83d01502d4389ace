"""The registry's court calendar: sittings created one by one or as a weekly pattern, and read by
court and date range. Each creation is one unit of work with its audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..domain.audit import Actor, AuditAction
from ..domain.cases import Court
from ..domain.clock import SINGAPORE
from ..domain.errors import RuleViolation
from ..domain.sittings import Sitting, SittingInput, WeeklyPattern, expand_weekly, sitting_from_input
from ..store import sittings
from ..store.unit_of_work import UnitOfWork

MAX_CALENDAR_DAYS = 92


@dataclass(frozen=True)
class PatternResult:
    created: list[Sitting]
    skipped: list[str]  # days the pattern did not sit, and why


def _describe(sitting: Sitting) -> str:
    return (f"{sitting.court.label}, {sitting.venue.label}, {sitting.starts_at.isoformat()}, "
            f"{sitting.seats} seat(s), hears {sitting.hears_label()}")


def create_sitting(actor: Actor, command: SittingInput, now: datetime) -> Sitting:
    sitting = sitting_from_input(command, now)
    write = UnitOfWork(actor, now)
    sittings.create_in(write, sitting)
    write.audit(AuditAction.SITTINGS_CREATED, target=sitting.sitting_id, detail=_describe(sitting))
    write.commit()
    return sitting


def create_weekly(actor: Actor, pattern: WeeklyPattern, now: datetime) -> PatternResult:
    made, skipped = expand_weekly(pattern, now)
    write = UnitOfWork(actor, now)
    for sitting in made:
        sittings.create_in(write, sitting)
    write.audit(AuditAction.SITTINGS_CREATED, target=pattern.court.value,
                detail=f"weekly: {len(made)} sitting(s) from {made[0].starts_at.isoformat()} to "
                       f"{made[-1].starts_at.isoformat()}; {_describe(made[0])}")
    write.commit()
    return PatternResult(made, skipped)


def calendar(court: Court, first_day: date, last_day: date) -> list[Sitting]:
    if last_day < first_day:
        raise RuleViolation("the last day must not be before the first", field="to")
    if (last_day - first_day).days > MAX_CALENDAR_DAYS:
        raise RuleViolation(f"show at most {MAX_CALENDAR_DAYS} days at a time", field="to")
    start = datetime.combine(first_day, time(0, 0), tzinfo=SINGAPORE)
    end = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=SINGAPORE)
    return sittings.on_calendar(court, start, end)
