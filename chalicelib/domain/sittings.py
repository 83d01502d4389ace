"""The court calendar: sittings the registry defines, each with seats that court events take.

A sitting is one court room at one start time, hearing some types of event, with a number of
seats (the cases the court will take in that sitting). Its identity is its room and its start, so
its id encodes both: a move into a sitting needs no read of the sitting before its transaction,
whose conditions check the rest (that it exists, its court, the types it hears, a free seat).
"""

import base64
import binascii
import re
from datetime import datetime, time, timedelta, timezone
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from .base import Base
from .cases import NIGHT_COURT_SITTING, ChangeMade, Court, CourtEvent, DateChange, EventStatus, EventType, Venue
from .clock import SINGAPORE, CalendarDay, Instant, as_utc, in_singapore
from .commands import Command
from .errors import NotFound, RuleViolation
from .intake import MAX_SCHEDULE_AHEAD, VenueInput
from .working_days import is_working_day, why_not_a_working_day

MAX_SEATS = 200
MAX_SITTINGS_PER_PATTERN = 60  # one transaction of at most 100 items, with room to spare
MAX_PATTERN_DAYS = 366
SLOT_TAKEN = "That slot was just taken, choose another."
# The room's part is base64 of "<building>\n<room>" in UTF-8: a building of 200 characters and a
# room of 40, at up to 4 bytes each, encode to at most 1,284 characters.
SITTING_ID_PATTERN = re.compile(r"^([0-9]{8}T[0-9]{4}Z)-([A-Za-z0-9_-]{4,1284})$")
# A sitting's id as an input: ASCII only, the shape ``sitting_id_for`` gives (whether it names a
# sitting is for the store to say).
SittingId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SITTING_ID_PATTERN.pattern)]


class Sitting(Base):
    model_config = ConfigDict(frozen=True)

    court: Court
    venue: Venue
    starts_at: datetime  # aware, UTC
    hears: frozenset[EventType]
    seats: int = Field(ge=1, le=MAX_SEATS)
    taken: int = Field(default=0, ge=0)

    @property
    def sitting_id(self) -> str:
        return sitting_id_for(self.starts_at, self.venue)

    @property
    def free(self) -> int:
        return max(self.seats - self.taken, 0)

    @property
    def starts_at_local(self) -> datetime:
        return in_singapore(self.starts_at)

    def hears_label(self) -> str:
        return ", ".join(sorted(t.label for t in self.hears))


def sitting_id_for(starts_at: datetime, venue: Venue) -> str:
    place = base64.urlsafe_b64encode(f"{venue.building}\n{venue.room}".encode()).decode().rstrip("=")
    return f"{as_utc(starts_at):%Y%m%dT%H%MZ}-{place}"


def parse_sitting_id(sitting_id: str) -> tuple[datetime, Venue]:
    """The start and the room a sitting id names; an id that names none is not found."""
    missing = NotFound(f"there is no sitting {sitting_id[:80]}", field="sitting_id")
    match = SITTING_ID_PATTERN.fullmatch(sitting_id or "")
    if match is None:
        raise missing
    try:
        starts_at = datetime.strptime(match.group(1), "%Y%m%dT%H%MZ").replace(tzinfo=timezone.utc)
        encoded = match.group(2)
        building, room = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode().split("\n")
        venue = Venue(building=building, room=room)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise missing from error
    if sitting_id_for(starts_at, venue) != sitting_id or not (building + room).isprintable():
        raise missing
    return starts_at, venue


# --- the registry defines sittings ----------------------------------------------------------------

Hears = Annotated[list[EventType], Field(min_length=1, max_length=len(EventType))]
Seats = Annotated[int, Field(ge=1, le=MAX_SEATS)]
LocalTime = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-2][0-9]:[0-5][0-9]$")]


class SittingInput(Command):
    court: Court
    venue: VenueInput
    starts_at: Instant
    hears: Hears
    seats: Seats


class WeeklyPattern(Command):
    """The same sitting every week on the given weekdays (0 Monday ... 4 Friday), from one date to
    another, skipping Singapore public holidays."""

    court: Court
    venue: VenueInput
    weekdays: list[Annotated[int, Field(ge=0, le=4)]] = Field(min_length=1, max_length=5)
    start_time: LocalTime  # Singapore time, HH:MM
    first_day: CalendarDay
    last_day: CalendarDay
    hears: Hears
    seats: Seats

    @field_validator("start_time")
    @classmethod
    def _real_time(cls, value: str) -> str:
        hour, minute = (int(part) for part in value.split(":"))
        if hour > 23:
            raise ValueError("must be a time of day from 00:00 to 23:59")
        return value

    @model_validator(mode="after")
    def _a_real_range(self) -> "WeeklyPattern":
        if self.last_day < self.first_day:
            raise ValueError("last_day must not be before first_day")
        if (self.last_day - self.first_day).days > MAX_PATTERN_DAYS:
            raise ValueError(f"a pattern may cover {MAX_PATTERN_DAYS} days at most")
        return self


def _check_court_hears(court: Court, hears: frozenset[EventType]) -> None:
    if EventType.NIGHT_COURT_HEARING in hears and court is not Court.NIGHT_COURTS:
        raise RuleViolation("only the Night Courts hear Night Court hearings", field="hears")


def sitting_from_input(data: SittingInput, now: datetime) -> Sitting:
    sitting = Sitting(court=data.court, venue=Venue(**data.venue.model_dump()), starts_at=as_utc(data.starts_at),
                      hears=frozenset(data.hears), seats=data.seats)
    check_sitting(sitting, now)
    return sitting


def check_sitting(sitting: Sitting, now: datetime) -> None:
    """A sitting is in the future, on a Singapore working day, at the hours its court sits."""
    _check_court_hears(sitting.court, sitting.hears)
    local = sitting.starts_at_local
    if sitting.starts_at <= now:
        raise RuleViolation("a sitting must start in the future", field="starts_at")
    if sitting.starts_at > now + MAX_SCHEDULE_AHEAD:
        raise RuleViolation("a sitting cannot be fixed more than five years ahead", field="starts_at")
    reason = why_not_a_working_day(local.date())
    if reason is not None:
        raise RuleViolation(f"courts sit on working days only: {reason}", field="starts_at")
    if sitting.court is Court.NIGHT_COURTS:
        opens, closes = NIGHT_COURT_SITTING
        if not opens <= local.time() <= closes:
            raise RuleViolation(f"Night Courts sit between {opens:%H:%M} and {closes:%H:%M} Singapore time",
                                field="starts_at")
    elif not time(8, 0) <= local.time() <= time(17, 0):
        raise RuleViolation("day courts sit between 08:00 and 17:00 Singapore time", field="starts_at")


def expand_weekly(pattern: WeeklyPattern, now: datetime) -> tuple[list[Sitting], list[str]]:
    """The sittings a weekly pattern makes, and the days it skipped (public holidays, past days)."""
    hour, minute = (int(part) for part in pattern.start_time.split(":"))
    venue = Venue(**pattern.venue.model_dump())
    weekdays = set(pattern.weekdays)
    made, skipped = [], []
    if pattern.last_day > (now + MAX_SCHEDULE_AHEAD).date():
        raise RuleViolation("sittings cannot be fixed more than five years ahead", field="last_day")
    day = pattern.first_day
    while day <= pattern.last_day:
        if day.weekday() in weekdays:
            starts_at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SINGAPORE)
            if not is_working_day(day):
                skipped.append(why_not_a_working_day(day) or str(day))
            elif starts_at <= now:
                skipped.append(f"{day:%a} {day.day} {day:%b %Y} has passed")
            else:
                sitting = Sitting(court=pattern.court, venue=venue, starts_at=as_utc(starts_at),
                                  hears=frozenset(pattern.hears), seats=pattern.seats)
                check_sitting(sitting, now)
                made.append(sitting)
        day += timedelta(days=1)
    if not made:
        raise RuleViolation("the pattern makes no sitting: no working day in the range falls on the weekdays given",
                            field="weekdays")
    if len(made) > MAX_SITTINGS_PER_PATTERN:
        raise RuleViolation(f"the pattern makes {len(made)} sittings; make at most {MAX_SITTINGS_PER_PATTERN} "
                            "at a time (a shorter range)", field="last_day")
    return made, skipped


# --- a court event takes a seat -------------------------------------------------------------------


def slot_refusal(court: Court, event_type: EventType, sitting: Sitting | None, current: CourtEvent | None,
                 now: datetime) -> str | None:
    """Why this sitting cannot take this event (of a case in ``court``), or None if it can."""
    if sitting is None:
        return "There is no such sitting. Choose one of the free slots listed."
    if current is not None and current.sitting_id == sitting.sitting_id:
        return "That is the date you already have. Choose another slot."
    if sitting.court is not court:
        return f"That sitting is of the {sitting.court.label}; this case is heard in the {court.label}."
    if event_type not in sitting.hears:
        return f"That sitting does not hear a {event_type.label.lower()}; it hears: {sitting.hears_label()}."
    if sitting.starts_at <= now:
        return "That slot is in the past. Choose a slot from the list."
    if sitting.free <= 0:
        return SLOT_TAKEN
    return None


def changed_by_the_court(before: CourtEvent, after: CourtEvent, now: datetime) -> CourtEvent:
    """An event the registry changed: a new date or place enters its history and leaves the sitting
    it held; a vacated event gives its seat back. (A held event keeps its seat: it was used.)"""
    moved = (after.starts_at, after.venue) != (before.starts_at, before.venue)
    if moved:
        change = DateChange(previous_starts_at=before.starts_at, previous_venue=before.venue, changed_at=now,
                            made=ChangeMade.BY_THE_COURT)
        after = after.model_copy(update={"history": (*before.history, change)})
    if moved or after.status is EventStatus.VACATED:
        after = after.model_copy(update={"sitting_id": None})
    return after
