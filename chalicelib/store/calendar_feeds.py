"""Private calendar feeds: ``CALFEED#<sha256(token)>`` / ``CALFEED`` names the feed's owner, and a
pointer beside the owner's profile or account names their current feed so that it can be revoked.
Only the hash of a token is stored: a copy of the table opens no one's calendar."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.cases import Court, CourtEvent
from ..domain.principals import InboxOwner
from .case_items import CaseItem, CourtEventItem, court_of, to_event
from .keys import CALENDAR_FEED_SK, calendar_feed_owner_keys, calendar_feed_pk, person_pk
from .table import Entity
from .unit_of_work import UnitOfWork


class CalendarFeedItem(Entity, discriminator="calendar_feed"):
    owner_kind = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    firm_uen = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class CalendarFeedPointer(Entity, discriminator="calendar_feed_pointer"):
    feed_pk = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


def current(owner: InboxOwner) -> CalendarFeedPointer | None:
    pk, sk = calendar_feed_owner_keys(owner)
    try:
        return CalendarFeedPointer.get(pk, sk, consistent_read=True)
    except CalendarFeedPointer.DoesNotExist:
        return None


def turn_on_in(write: UnitOfWork, owner: InboxOwner, token: str, now: datetime,
               previous: CalendarFeedPointer | None) -> None:
    """Record the new feed and point the owner at it; a previous feed stops working in the same
    transaction (its pointer must still be the one read)."""
    pk, sk = calendar_feed_owner_keys(owner)
    write.put(CalendarFeedItem(calendar_feed_pk(token), CALENDAR_FEED_SK, owner_kind=owner.kind,
                               owner_id=owner.owner_id, firm_uen=owner.firm_uen, created_at=now),
              CalendarFeedItem.pk.does_not_exist())
    if previous is None:
        write.put(CalendarFeedPointer(pk, sk, feed_pk=calendar_feed_pk(token), created_at=now),
                  CalendarFeedPointer.pk.does_not_exist())
    else:
        write.delete(CalendarFeedItem(previous.feed_pk, CALENDAR_FEED_SK))
        write.put(CalendarFeedPointer(pk, sk, feed_pk=calendar_feed_pk(token), created_at=now),
                  CalendarFeedPointer.feed_pk == previous.feed_pk)


def revoke_in(write: UnitOfWork, owner: InboxOwner, previous: CalendarFeedPointer) -> None:
    pk, sk = calendar_feed_owner_keys(owner)
    write.delete(CalendarFeedItem(previous.feed_pk, CALENDAR_FEED_SK))
    write.delete(CalendarFeedPointer(pk, sk), CalendarFeedPointer.feed_pk == previous.feed_pk)


def owner_of(token: str) -> InboxOwner | None:
    try:
        item = CalendarFeedItem.get(calendar_feed_pk(token), CALENDAR_FEED_SK)
    except CalendarFeedItem.DoesNotExist:
        return None
    if item.owner_kind == "person":
        return InboxOwner.person(item.owner_id)
    return InboxOwner.member(item.firm_uen or "", item.owner_id)


def events_of_person(person_id: str) -> list[tuple[str, Court, CourtEvent]]:
    """(case number, court, event) for every court event of a person's cases: one Query on gsi1
    (the person's whole partition there: their case items and their events)."""
    courts: dict[str, Court] = {}
    events: list[tuple[str, CourtEvent]] = []
    for item in Entity.by_owner.query(person_pk(person_id)):
        if isinstance(item, CaseItem):
            courts[item.case_no] = court_of(item)
        elif isinstance(item, CourtEventItem):
            events.append((item.case_no, to_event(item)))
    return [(case_no, courts[case_no], event) for case_no, event in events if case_no in courts]
