"""Items of the case partition (``CASE#<case_no>``) and their mapping to domain types.

One partition holds everything the case page shows, so the page is one Query. Case and event
items also carry ``gsi1`` keys under the accused's person key so that "my cases" with each next
court event is one Query too; event items carry ``gsi2`` keys by Singapore day (the day's hearing
list, which reminders also read), by court and then start time; active representation items carry
``gsi1`` keys under the firm.
"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)

from ..domain.cases import (
    AccusedOnCase,
    Bail,
    CaseStatus,
    ChangeMade,
    DateChange,
    Charge,
    ChargeStatus,
    Court,
    CounselOnRecord,
    CourtEvent,
    EventStatus,
    EventType,
    Representation,
    RequestStatus,
    RescheduleRequest,
    Venue,
    court_for_case_number,
)
from ..domain.clock import singapore_date
from ..domain.hearing_list import Hearing
from .keys import (
    BAIL_SK,
    CHARGE_NUMBER_SK,
    case_pk,
    charge_number_pk,
    charge_sk,
    day_event_sk,
    day_pk,
    event_sk,
    owned_event_sk,
    person_pk,
    reschedule_queue_sk,
    reschedule_request_sk,
    RESCHEDULE_QUEUE_PK,
)
from .table import Entity


class ScheduledEventMap(MapAttribute):
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    venue_building = UnicodeAttribute()
    venue_room = UnicodeAttribute()


class CaseItem(Entity, discriminator="case"):
    # Every change to the case aggregate bumps this in the same transaction (optimistic locking).
    version = VersionAttribute()
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    status = UnicodeAttribute()
    accused_person_id = UnicodeAttribute()
    accused_name = UnicodeAttribute()
    accused_nric_masked = UnicodeAttribute()
    filed_at = UTCDateTimeAttribute()
    # Copied from the active representation so that list pages and access checks need no join.
    firm_uen = UnicodeAttribute(null=True)
    firm_name = UnicodeAttribute(null=True)
    # The case's scheduled court events still ahead when it last changed, soonest first: the
    # person's case list shows the next one without reading any event item. Kept by the unit of
    # work that writes an event (``CaseWrite``); a list read later skips those now past.
    scheduled = ListAttribute(of=ScheduledEventMap, null=True)


class ChargeItem(Entity, discriminator="charge"):
    charge_no = UnicodeAttribute()
    statute = UnicodeAttribute()
    section = UnicodeAttribute()
    offence = UnicodeAttribute()
    status = UnicodeAttribute()


class ChargeNumberGuard(Entity, discriminator="charge_number"):
    case_no = UnicodeAttribute()


class DateChangeMap(MapAttribute):
    previous_starts_at = UTCDateTimeAttribute()
    previous_building = UnicodeAttribute()
    previous_room = UnicodeAttribute()
    changed_at = UTCDateTimeAttribute()
    made = UnicodeAttribute()


class CourtEventItem(Entity, discriminator="court_event"):
    case_no = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    venue_building = UnicodeAttribute()
    venue_room = UnicodeAttribute()
    status = UnicodeAttribute()
    sitting_id = UnicodeAttribute(null=True)
    history = ListAttribute(of=DateChangeMap, null=True)
    open_request_id = UnicodeAttribute(null=True)
    # What the day's hearing list shows of the case, so that a page of it is one Query: the
    # accused's name and the firm on record (absent: none), kept by the case's unit of work.
    accused_name = UnicodeAttribute(null=True)
    firm_name = UnicodeAttribute(null=True)


class RescheduleRequestItem(Entity, discriminator="reschedule_request"):
    """A request to change a court date, in its case's partition; while pending it also sits in
    the registry's queue on gsi1 (``RESCHEDULES#PENDING`` / ``<submitted UTC>#<case>#<id>``)."""

    request_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    original_starts_at = UTCDateTimeAttribute()
    original_building = UnicodeAttribute()
    original_room = UnicodeAttribute()
    reasons = UnicodeAttribute()
    medical_certificate_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    made_by_id = UnicodeAttribute()
    made_by_name = UnicodeAttribute()
    made_by_role = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    submitted_at = UTCDateTimeAttribute(null=True)
    submitted_by_name = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    decided_by_name = UnicodeAttribute(null=True)
    decision_reason = UnicodeAttribute(null=True)
    new_starts_at = UTCDateTimeAttribute(null=True)
    new_building = UnicodeAttribute(null=True)
    new_room = UnicodeAttribute(null=True)
    new_event_id = UnicodeAttribute(null=True)


class CounselMap(MapAttribute):
    member_id = UnicodeAttribute()
    name = UnicodeAttribute()


class RepresentationItem(Entity, discriminator="representation"):
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    accused_name = UnicodeAttribute()
    firm_uen = UnicodeAttribute()
    firm_name = UnicodeAttribute()
    counsel = ListAttribute(of=CounselMap)
    since = UTCDateTimeAttribute()
    ended_at = UTCDateTimeAttribute(null=True)


class BailItem(Entity, discriminator="bail"):
    amount_cents = NumberAttribute()
    bailor_name = UnicodeAttribute()
    bailor_phone = UnicodeAttribute(null=True)
    bailor_email = UnicodeAttribute(null=True)


# --- domain -> items ---------------------------------------------------------------------------


def charge_item(case_no: str, charge: Charge) -> ChargeItem:
    return ChargeItem(
        case_pk(case_no),
        charge_sk(charge.charge_no),
        charge_no=charge.charge_no,
        statute=charge.statute,
        section=charge.section,
        offence=charge.offence,
        status=charge.status.value,
    )


def charge_guard(case_no: str, charge_no: str) -> ChargeNumberGuard:
    return ChargeNumberGuard(charge_number_pk(charge_no), CHARGE_NUMBER_SK, case_no=case_no)


def event_item(case_no: str, person_id: str, event: CourtEvent, *, court: Court, accused_name: str,
               firm_name: str | None = None) -> CourtEventItem:
    """A court event as stored. It is on its day's hearing list (gsi2) unless vacated: a vacated
    event carries no day keys, so neither the list nor the reminders read it."""
    listed = event.on_hearing_list
    return CourtEventItem(
        case_pk(case_no),
        event_sk(event.event_id),
        case_no=case_no,
        event_id=event.event_id,
        event_type=event.type.value,
        starts_at=event.starts_at,
        venue_building=event.venue.building,
        venue_room=event.venue.room,
        status=event.status.value,
        sitting_id=event.sitting_id,
        history=[DateChangeMap(previous_starts_at=c.previous_starts_at, previous_building=c.previous_venue.building,
                               previous_room=c.previous_venue.room, changed_at=c.changed_at, made=c.made.value)
                 for c in event.history] or None,
        open_request_id=event.open_request_id,
        accused_name=accused_name,
        firm_name=firm_name,
        gsi1pk=person_pk(person_id),
        gsi1sk=owned_event_sk(case_no, event.event_id),
        gsi2pk=day_pk(singapore_date(event.starts_at)) if listed else None,
        gsi2sk=day_event_sk(court.value, event.starts_at, case_no, event.event_id) if listed else None,
    )


def scheduled_events(events, now) -> list[ScheduledEventMap]:
    """The summary ``CaseItem.scheduled`` keeps: scheduled events not yet past, soonest first."""
    ahead = sorted((e for e in events if e.is_upcoming(now)), key=lambda e: (e.starts_at, e.event_id))
    return [ScheduledEventMap(event_id=e.event_id, event_type=e.type.value, starts_at=e.starts_at,
                              venue_building=e.venue.building, venue_room=e.venue.room) for e in ahead]


def next_scheduled(item: CaseItem, now) -> CourtEvent | None:
    """The case's next court event from its summary, as of ``now``."""
    for entry in item.scheduled or ():
        if entry.starts_at >= now:
            return CourtEvent(event_id=entry.event_id, type=EventType(entry.event_type), starts_at=entry.starts_at,
                              venue=Venue(building=entry.venue_building, room=entry.venue_room),
                              status=EventStatus.SCHEDULED)
    return None


def bail_item(case_no: str, bail: Bail) -> BailItem:
    return BailItem(case_pk(case_no), BAIL_SK, **bail.model_dump())


# --- items -> domain ---------------------------------------------------------------------------


def to_charge(item: ChargeItem) -> Charge:
    return Charge(
        charge_no=item.charge_no,
        statute=item.statute,
        section=item.section,
        offence=item.offence,
        status=ChargeStatus(item.status),
    )


def to_event(item: CourtEventItem) -> CourtEvent:
    return CourtEvent(
        event_id=item.event_id,
        type=EventType(item.event_type),
        starts_at=item.starts_at,
        venue=Venue(building=item.venue_building, room=item.venue_room),
        status=EventStatus(item.status),
        sitting_id=item.sitting_id,
        history=tuple(DateChange(previous_starts_at=c.previous_starts_at,
                                 previous_venue=Venue(building=c.previous_building, room=c.previous_room),
                                 changed_at=c.changed_at, made=ChangeMade(c.made)) for c in item.history or ()),
        open_request_id=item.open_request_id,
    )


def to_hearing(item: CourtEventItem) -> Hearing:
    # The court follows from the case number's prefix; an event written before events carried the
    # accused's name reads as unnamed rather than failing the reminders that read it too.
    return Hearing(case_no=item.case_no, court=court_for_case_number(item.case_no),
                   accused_name=item.accused_name or "", firm_name=item.firm_name, event=to_event(item))


def reschedule_request_item(request: RescheduleRequest) -> RescheduleRequestItem:
    item = RescheduleRequestItem(
        case_pk(request.case_no), reschedule_request_sk(request.request_id),
        request_id=request.request_id, case_no=request.case_no, court=request.court.value,
        event_id=request.event_id, event_type=request.event_type.value,
        original_starts_at=request.original_starts_at, original_building=request.original_venue.building,
        original_room=request.original_venue.room, reasons=request.reasons,
        medical_certificate_id=request.medical_certificate_id, status=request.status.value,
        made_by_id=request.made_by_id, made_by_name=request.made_by_name, made_by_role=request.made_by_role,
        created_at=request.created_at, submitted_at=request.submitted_at, submitted_by_name=request.submitted_by_name,
        decided_at=request.decided_at, decided_by_name=request.decided_by_name,
        decision_reason=request.decision_reason, new_starts_at=request.new_starts_at,
        new_building=request.new_venue.building if request.new_venue else None,
        new_room=request.new_venue.room if request.new_venue else None, new_event_id=request.new_event_id,
    )
    if request.status is RequestStatus.PENDING and request.submitted_at is not None:
        item.gsi1pk = RESCHEDULE_QUEUE_PK
        item.gsi1sk = reschedule_queue_sk(request.submitted_at, request.case_no, request.request_id)
    return item


def to_reschedule_request(item: RescheduleRequestItem) -> RescheduleRequest:
    new_venue = Venue(building=item.new_building, room=item.new_room) if item.new_building else None
    return RescheduleRequest(
        request_id=item.request_id, case_no=item.case_no, court=Court(item.court), event_id=item.event_id,
        event_type=EventType(item.event_type), original_starts_at=item.original_starts_at,
        original_venue=Venue(building=item.original_building, room=item.original_room), reasons=item.reasons,
        medical_certificate_id=item.medical_certificate_id, status=RequestStatus(item.status),
        made_by_id=item.made_by_id, made_by_name=item.made_by_name, made_by_role=item.made_by_role,
        created_at=item.created_at, submitted_at=item.submitted_at, submitted_by_name=item.submitted_by_name,
        decided_at=item.decided_at, decided_by_name=item.decided_by_name, decision_reason=item.decision_reason,
        new_starts_at=item.new_starts_at, new_venue=new_venue, new_event_id=item.new_event_id,
    )


def to_representation(item: RepresentationItem) -> Representation:
    return Representation(
        firm_uen=item.firm_uen,
        firm_name=item.firm_name,
        counsel=tuple(CounselOnRecord(member_id=c.member_id, name=c.name) for c in item.counsel),
        since=item.since,
        ended_at=item.ended_at,
    )


def to_bail(item: BailItem) -> Bail:
    return Bail(
        amount_cents=int(item.amount_cents),
        bailor_name=item.bailor_name,
        bailor_phone=item.bailor_phone,
        bailor_email=item.bailor_email,
    )


def to_accused(item: CaseItem) -> AccusedOnCase:
    return AccusedOnCase(
        person_id=item.accused_person_id,
        name=item.accused_name,
        nric_masked=item.accused_nric_masked,
    )


def court_of(item: CaseItem) -> Court:
    return Court(item.court)


def status_of(item: CaseItem) -> CaseStatus:
    return CaseStatus(item.status)
