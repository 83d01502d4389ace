"""Sittings of the court calendar: ``SITTING#<sitting_id>`` / ``SITTING``, one partition each, so
that a race for the seats of one sitting touches one item and nothing else.

``gsi2`` holds each sitting under its court, in start order (``SITTINGS#<court>`` /
``<start UTC>#<sitting_id>``): the registry's calendar is a range of it, and the free-slot list is
the same range filtered to sittings that hear the event's type and have a seat left (one Query).

Why the free-slot key is not sparse: taking a seat is ``taken = taken + 1`` under the condition
``taken < seats`` inside the move's one transaction, which runs without reading the sitting first.
Removing a sparse key exactly when the last seat goes would need the count before the write (a
read) or a second write after it; the filter instead costs read capacity only for the full
sittings of one court inside the window asked for.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute

from ..domain.cases import Court, EventType, Venue
from ..domain.clock import in_singapore
from ..domain.errors import Conflict
from ..domain.sittings import Sitting
from .keys import SITTING_SK, sitting_pk, sitting_start_sk, sittings_of_court_pk
from .table import Entity
from .unit_of_work import UnitOfWork


class SittingItem(Entity, discriminator="sitting"):
    sitting_id = UnicodeAttribute()
    court = UnicodeAttribute()
    building = UnicodeAttribute()
    room = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    hears = UnicodeSetAttribute()
    seats = NumberAttribute()
    taken = NumberAttribute()


class SittingRefused(Conflict):
    """The transaction's condition on the sitting failed; the service reads it to say which rule."""


def to_sitting(item: SittingItem) -> Sitting:
    return Sitting(court=Court(item.court), venue=Venue(building=item.building, room=item.room),
                   starts_at=item.starts_at, hears=frozenset(EventType(t) for t in item.hears),
                   seats=int(item.seats), taken=int(item.taken))


def create_in(write: UnitOfWork, sitting: Sitting) -> None:
    when = f"{in_singapore(sitting.starts_at):%a %d %b %Y, %H:%M}"
    write.put(
        SittingItem(
            sitting_pk(sitting.sitting_id), SITTING_SK,
            sitting_id=sitting.sitting_id, court=sitting.court.value, building=sitting.venue.building,
            room=sitting.venue.room, starts_at=sitting.starts_at, hears={t.value for t in sitting.hears},
            seats=sitting.seats, taken=0,
            gsi2pk=sittings_of_court_pk(sitting.court.value),
            gsi2sk=sitting_start_sk(sitting.starts_at, sitting.sitting_id),
        ),
        SittingItem.pk.does_not_exist(),
        refused=Conflict(f"{sitting.venue.label} already has a sitting at {when}", field="starts_at"),
    )


def take_seat_in(write: UnitOfWork, sitting_id: str, court: Court, event_type: EventType, now: datetime) -> None:
    """Take one seat, if the sitting exists, is of this court, hears this type of event, has not
    started and has a seat left; otherwise the transaction raises ``SittingRefused``."""
    write.update(
        SittingItem(sitting_pk(sitting_id), SITTING_SK),
        [SittingItem.taken.add(1)],
        SittingItem.pk.exists() & (SittingItem.court == court.value)
        & SittingItem.hears.contains(event_type.value) & (SittingItem.starts_at > now)
        & (SittingItem.taken < SittingItem.seats),
        refused=SittingRefused("that sitting cannot take this event"),
    )


def free_seat_in(write: UnitOfWork, sitting_id: str) -> None:
    write.update(SittingItem(sitting_pk(sitting_id), SITTING_SK), [SittingItem.taken.add(-1)],
                 SittingItem.taken > 0)


def get(sitting_id: str) -> Sitting | None:
    try:
        return to_sitting(SittingItem.get(sitting_pk(sitting_id), SITTING_SK, consistent_read=True))
    except SittingItem.DoesNotExist:
        return None


def on_calendar(court: Court, start: datetime, end: datetime) -> list[Sitting]:
    """A court's sittings starting in [start, end), in start order: one Query on gsi2."""
    return [to_sitting(item) for item in SittingItem.by_day.query(
        sittings_of_court_pk(court.value),
        SittingItem.gsi2sk.between(sitting_start_sk(start), sitting_start_sk(end)))]


def free_slots(court: Court, event_type: EventType, start: datetime, end: datetime) -> list[Sitting]:
    """Sittings of a court in [start, end) that hear ``event_type`` and have a free seat, soonest
    first: one Query on gsi2 with a filter."""
    return [to_sitting(item) for item in SittingItem.by_day.query(
        sittings_of_court_pk(court.value),
        SittingItem.gsi2sk.between(sitting_start_sk(start), sitting_start_sk(end)),
        filter_condition=SittingItem.hears.contains(event_type.value) & (SittingItem.taken < SittingItem.seats))]
