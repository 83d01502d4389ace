"""Court dates as iCalendar: one event as an ``.ics`` download, and each party's private feed of
their current court dates (an unguessable, revocable URL). Built with the ``icalendar`` library;
times carry the Asia/Singapore zone with its VTIMEZONE, venues carry the court's street address."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.audit import Actor, AuditAction
from ..domain.cases import CaseFile, Court, CourtEvent, EventStatus, EventType
from ..domain.clock import in_singapore
from ..domain.errors import Forbidden, NotFound
from ..domain.principals import FIRM_ROLES, InboxOwner, Principal, Role
from ..settings import get_settings
from ..store import calendar_feeds, cases
from ..store.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from icalendar import Calendar, Event

ADDRESSES = {
    "State Courts Towers": "1 Havelock Square, Singapore 059724",
    "Youth Courts, Family Justice Courts": "3 Havelock Square, Singapore 059725",
    "Family Justice Courts": "3 Havelock Square, Singapore 059725",
}
# How long a calendar blocks out: a trial day, or a list hearing's morning or evening.
DURATIONS = {EventType.TRIAL: timedelta(hours=7)}
DEFAULT_DURATION = timedelta(hours=2)
PRODUCT = "-//State Courts of Singapore//ICMS court dates//EN"


def _calendar(name: str) -> Calendar:
    # Imported on first use: only the calendar routes build iCalendar files.
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Singapore")
    return calendar


def _location(event: CourtEvent) -> str:
    address = ADDRESSES.get(event.venue.building)
    return f"{event.venue.label}, {address}" if address else event.venue.label


def _vevent(case_no: str, court: Court, event: CourtEvent, now: datetime) -> Event:
    from icalendar import Event

    # The summary names the case and the hearing, never the accused: calendars get shared.
    item = Event()
    item.add("uid", f"{case_no}-{event.event_id}@icms.judiciary.gov.sg")
    item.add("dtstamp", now)
    item.add("sequence", len(event.history))
    item.add("dtstart", in_singapore(event.starts_at))
    item.add("dtend", in_singapore(event.starts_at) + DURATIONS.get(event.type, DEFAULT_DURATION))
    item.add("summary", f"{event.type.label}: {case_no} ({court.label})")
    item.add("location", _location(event))
    item.add("description", "You must attend court on time. Not attending may lead to a warrant of arrest "
                            f"and the bail being forfeited. Case {case_no}: {get_settings().public_base_url}"
                            f"/cases/{case_no}")
    item.add("status", "CANCELLED" if event.status is EventStatus.VACATED else "CONFIRMED")
    return item


def event_ics(case: CaseFile, event_id: str, now: datetime) -> bytes:
    event = case.event(event_id)
    if event is None:
        raise NotFound(f"case {case.case_no} has no court event {event_id}", field="event_id")
    calendar = _calendar(f"Court date: {case.case_no}")
    calendar.add_component(_vevent(case.case_no, case.court, event, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# --- the private feed --------------------------------------------------------------------------------


def _owner(principal: Principal) -> InboxOwner:
    if principal.role is Role.ACCUSED or principal.role in FIRM_ROLES:
        owner = InboxOwner.of(principal)
        if owner is not None:
            return owner
    raise Forbidden("Calendar feeds are for accused persons and law firms' users: they carry their own court "
                    "dates.")


def feed_url(token: str) -> str:
    return f"{get_settings().public_base_url}/calendar/feeds/{token}"


@dataclass(frozen=True)
class FeedStatus:
    on: bool
    since: datetime | None
    url: str | None = None  # only when just made: the token itself is never stored


def feed_status(principal: Principal) -> FeedStatus:
    pointer = calendar_feeds.current(_owner(principal))
    return FeedStatus(on=pointer is not None, since=pointer.created_at if pointer else None)


def turn_on_feed(actor: Actor, principal: Principal, now: datetime) -> FeedStatus:
    """A new feed URL; any previous one stops working in the same transaction."""
    owner = _owner(principal)
    previous = calendar_feeds.current(owner)
    token = secrets.token_urlsafe(32)
    write = UnitOfWork(actor, now)
    calendar_feeds.turn_on_in(write, owner, token, now, previous)
    write.audit(AuditAction.CALENDAR_FEED_TURNED_ON, target=principal.subject_id,
                detail="a new feed link" + ("; the previous link was revoked" if previous else ""))
    write.commit()
    return FeedStatus(on=True, since=now, url=feed_url(token))


def revoke_feed(actor: Actor, principal: Principal, now: datetime) -> FeedStatus:
    owner = _owner(principal)
    previous = calendar_feeds.current(owner)
    if previous is None:
        return FeedStatus(on=False, since=None)  # already off: turning it off again changes nothing
    write = UnitOfWork(actor, now)
    calendar_feeds.revoke_in(write, owner, previous)
    write.audit(AuditAction.CALENDAR_FEED_REVOKED, target=principal.subject_id, detail="feed link revoked")
    write.commit()
    return FeedStatus(on=False, since=None)


def _events_for(owner: InboxOwner) -> list[tuple[str, Court, CourtEvent]]:
    if owner.kind == "person":
        return calendar_feeds.events_of_person(owner.owner_id)
    listed = []
    for row in cases.every_firm_case(owner.firm_uen or ""):
        # A firm's users follow every case the firm is on record for (one Query per case).
        case = cases.get_case(row.case_no)
        if case is not None:
            listed += [(case.case_no, case.court, event) for event in case.events]
    return listed


def feed_ics(token: str, now: datetime) -> bytes:
    """The owner's current court dates (scheduled, from a week ago on); 404 for any other token."""
    owner = calendar_feeds.owner_of(token)
    if owner is None:
        raise NotFound("there is no such calendar feed; it may have been turned off")
    calendar = _calendar("Court dates (ICMS)")
    since = now - timedelta(days=7)
    for case_no, court, event in sorted(_events_for(owner), key=lambda row: row[2].starts_at):
        if event.status is EventStatus.SCHEDULED and event.starts_at >= since:
            calendar.add_component(_vevent(case_no, court, event, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
