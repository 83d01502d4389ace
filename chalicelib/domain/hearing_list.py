"""The hearing list: the cases a court hears on one Singapore day, as courtroom staff print it each
morning. Each row is a court event still on the list (not vacated) with what the list shows of its
case: the accused's name and the law firm on record, if any. The list is grouped by court, then by
courtroom, each courtroom's cases in time order. Pure types and rules; no storage, no web."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import ConfigDict

from .base import Base
from .cases import Court, CourtEvent, Venue


class Hearing(Base):
    """One row of a hearing list: a court event with the case details the list shows."""

    model_config = ConfigDict(frozen=True)

    case_no: str
    court: Court
    accused_name: str
    # The law firm on record when the event was last written (None: the accused acts in person).
    firm_name: str | None = None
    event: CourtEvent

    @property
    def counsel_on_record(self) -> bool:
        return self.firm_name is not None

    @property
    def starts_at(self) -> datetime:
        return self.event.starts_at

    @property
    def venue(self) -> Venue:
        return self.event.venue


@dataclass(frozen=True)
class Courtroom:
    """One courtroom's part of a court's list, in time order."""

    venue: Venue
    hearings: tuple[Hearing, ...]


@dataclass(frozen=True)
class CourtList:
    court: Court
    courtrooms: tuple[Courtroom, ...]

    @property
    def hearing_count(self) -> int:
        return sum(len(room.hearings) for room in self.courtrooms)


def listing_order(hearing: Hearing) -> tuple:
    """The order the list is stored and paged in: by court (its stored value), then start time."""
    return hearing.court.value, hearing.starts_at, hearing.case_no, hearing.event.event_id


def by_court_and_courtroom(hearings: list[Hearing] | tuple[Hearing, ...]) -> list[CourtList]:
    """Group a page of the list by court (in listing order) and courtroom (the room whose first case
    starts earliest first, then by name), each courtroom's hearings in time order."""
    courts: dict[Court, dict[Venue, list[Hearing]]] = {}
    for hearing in sorted(hearings, key=listing_order):
        courts.setdefault(hearing.court, {}).setdefault(hearing.venue, []).append(hearing)
    return [
        CourtList(court, tuple(
            Courtroom(venue, tuple(rows))
            for venue, rows in sorted(rooms.items(), key=lambda room: (room[1][0].starts_at, room[0].building,
                                                                        room[0].room))))
        for court, rooms in courts.items()
    ]
