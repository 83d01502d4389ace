"""Items of the case partition (``CASE#<case_no>``) and their mapping to domain types.

One partition holds everything the case page shows, so the page is one Query. Case and event
items also carry ``gsi1`` keys under the accused's person key so that "my cases" with each next
court event is one Query too; event items carry ``gsi2`` keys by Singapore day for sittings and
reminders; active representation items carry ``gsi1`` keys under the firm.
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
    Charge,
    ChargeStatus,
    Court,
    CounselOnRecord,
    CourtEvent,
    EventStatus,
    EventType,
    Representation,
    Venue,
)
from ..domain.clock import singapore_date
from .keys import (
    BAIL_SK,
    CHARGE_NUMBER_SK,
    case_pk,
    charge_number_pk,
    charge_sk,
    day_pk,
    event_sk,
    owned_event_sk,
    person_pk,
)
from .table import Entity

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


class ChargeItem(Entity, discriminator="charge"):
    charge_no = UnicodeAttribute()
    statute = UnicodeAttribute()
    section = UnicodeAttribute()
    offence = UnicodeAttribute()
    status = UnicodeAttribute()


class ChargeNumberGuard(Entity, discriminator="charge_number"):
    case_no = UnicodeAttribute()


class CourtEventItem(Entity, discriminator="court_event"):
    case_no = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    venue_building = UnicodeAttribute()
    venue_room = UnicodeAttribute()
    status = UnicodeAttribute()


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


def event_item(case_no: str, person_id: str, event: CourtEvent) -> CourtEventItem:
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
        gsi1pk=person_pk(person_id),
        gsi1sk=owned_event_sk(case_no, event.event_id),
        gsi2pk=day_pk(singapore_date(event.starts_at)),
        gsi2sk=f"{event.starts_at.isoformat()}#{case_no}#{event.event_id}",
    )


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
