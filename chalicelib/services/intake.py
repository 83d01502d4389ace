"""Registry intake: create cases and keep their charges, court events, representation and bail
current. Each function reads the case once, lets the domain rules decide, and commits one unit of
work: the change, its audit entry and the notices it sends, together or not at all."""

from __future__ import annotations

from datetime import datetime

from ..domain.audit import Actor, AuditAction
from ..domain.cases import (
    AccusedOnCase,
    Bail,
    CaseFile,
    CaseStatus,
    Charge,
    CounselOnRecord,
    CourtEvent,
    EventStatus,
    Representation,
)
from ..domain.errors import Conflict, NotFound, RuleViolation
from ..domain.identity import subject_key
from ..domain.intake import (
    BailInput,
    ChargeChange,
    ChargeInput,
    CourtEventChange,
    CourtEventInput,
    NewCase,
    RepresentationInput,
    all_charges_disposed,
    apply_charge_change,
    apply_event_change,
    event_from_input,
)
from ..domain.notices import court_date_notices
from ..domain.people import Person
from ..domain.sittings import changed_by_the_court
from ..domain.principals import Role
from ..settings import get_settings
from ..store import cases, firms, sittings
from ..store.case_write import CaseWrite


def person_id_for(nric: str) -> str:
    return subject_key(nric, get_settings().identifier_pepper.get_secret_value().encode())


def load_case(case_no: str) -> CaseFile:
    case = cases.get_case(case_no.strip().upper())
    if case is None:
        raise NotFound(f"there is no case {case_no}")
    return case


def _status_for(charges: list[Charge]) -> CaseStatus:
    return CaseStatus.CLOSED if all_charges_disposed(charges) else CaseStatus.OPEN


def create_case(actor: Actor, command: NewCase, now: datetime) -> CaseFile:
    accused = command.accused
    person = Person(
        person_id=person_id_for(accused.nric),
        nric=accused.nric,
        name=accused.name,
        email=accused.email,
        mobile=accused.mobile,
        date_of_birth=accused.date_of_birth,
    )
    charges = [c.to_charge() for c in command.charges]
    case = CaseFile(
        case_no=command.case_no,
        court=command.court,
        status=_status_for(charges),
        accused=AccusedOnCase(person_id=person.person_id, name=person.name, nric_masked=person.nric_masked),
        filed_at=now,
        charges=tuple(charges),
        events=tuple(event_from_input(command.court, e, now, case_no=command.case_no) for e in command.events),
        bail=command.bail.to_bail() if command.bail else None,
    )
    write = CaseWrite.creating(case, person, actor, now)
    for charge in case.charges:
        write.add_charge(charge)
    for event in case.events:
        write.put_event(event)
        write.notify(*court_date_notices(case.case_no, None, event, now))
    if case.bail is not None:
        write.put_bail(case.bail)
    write.audit(AuditAction.CASE_CREATED, target=case.case_no,
                detail=f"{case.court.label}; {len(case.charges)} charge(s), {len(case.events)} court event(s)")
    write.commit()
    return case.model_copy(update={"version": 1})


def add_charge(actor: Actor, case_no: str, command: ChargeInput, now: datetime) -> Charge:
    case = load_case(case_no)
    charge = command.to_charge()
    if case.charge(charge.charge_no) is not None:
        raise Conflict(f"charge {charge.charge_no} is already on case {case.case_no}", field="charge_no")
    write = CaseWrite.of(case, actor, now)
    write.set_status(_status_for([*case.charges, charge]))
    write.add_charge(charge)
    write.audit(AuditAction.CHARGE_ADDED, target=case.case_no, detail=f"{charge.charge_no}: {charge.offence}")
    write.commit()
    return charge


def change_charge(actor: Actor, case_no: str, charge_no: str, command: ChargeChange, now: datetime) -> Charge:
    case = load_case(case_no)
    current = case.charge(charge_no.strip().upper())
    if current is None:
        raise NotFound(f"case {case.case_no} has no charge {charge_no}")
    changed = apply_charge_change(current, command)
    others = [c for c in case.charges if c.charge_no != changed.charge_no]
    write = CaseWrite.of(case, actor, now)
    write.set_status(_status_for([*others, changed]))
    write.replace_charge(changed)
    write.audit(AuditAction.CHARGE_CHANGED, target=case.case_no,
                detail=f"{changed.charge_no}: {changed.offence}; {changed.status.label.lower()}")
    write.commit()
    return changed


def fix_event(actor: Actor, case_no: str, command: CourtEventInput, now: datetime) -> CourtEvent:
    case = load_case(case_no)
    if case.status is CaseStatus.CLOSED and command.status is EventStatus.SCHEDULED:
        raise RuleViolation(f"case {case.case_no} is closed; no further court events can be fixed")
    event = event_from_input(case.court, command, now, case_no=case.case_no)
    _write_event(actor, case, None, event, AuditAction.COURT_EVENT_FIXED, now)
    return event


def change_event(actor: Actor, case_no: str, event_id: str, command: CourtEventChange, now: datetime) -> CourtEvent:
    case = load_case(case_no)
    current = case.event(event_id)
    if current is None:
        raise NotFound(f"case {case.case_no} has no court event {event_id}")
    changed = changed_by_the_court(current, apply_event_change(case.court, current, command, now,
                                                               case_no=case.case_no), now)
    _write_event(actor, case, current, changed, AuditAction.COURT_EVENT_CHANGED, now)
    return changed


def _write_event(actor: Actor, case: CaseFile, before: CourtEvent | None, after: CourtEvent,
                 action: AuditAction, now: datetime) -> None:
    write = CaseWrite.of(case, actor, now)
    write.put_event(after)
    if before is not None and before.sitting_id is not None and after.sitting_id is None:
        sittings.free_seat_in(write, before.sitting_id)  # the seat goes back in the same transaction
    write.notify(*court_date_notices(case.case_no, before, after, now))
    write.audit(action, target=case.case_no, detail=_event_detail(before, after))
    write.commit()


def _event_detail(before: CourtEvent | None, after: CourtEvent) -> str:
    described = f"{after.type.label} {after.event_id}: {after.status.value}, {after.starts_at.isoformat()}, {after.venue.label}"
    if before is None or (before.starts_at, before.venue) == (after.starts_at, after.venue):
        return described
    return f"{described} (was {before.starts_at.isoformat()}, {before.venue.label})"


def record_representation(actor: Actor, case_no: str, command: RepresentationInput, now: datetime) -> Representation:
    case = load_case(case_no)
    if case.representation is not None:
        raise Conflict(
            f"{case.representation.firm_name} is already on record for {case.case_no}; end that first",
            field="firm_uen",
        )
    firm, firm_members = firms.get_firm_with_members(command.firm_uen)
    if firm is None or not firm.active:
        raise NotFound(f"no active law firm with UEN {command.firm_uen} is registered", field="firm_uen")
    members = {m.member_id: m for m in firm_members}
    counsel = []
    for member_id in dict.fromkeys(command.counsel_member_ids):
        member = members.get(member_id)
        if member is None or not member.active or member.role is not Role.COUNSEL:
            raise RuleViolation(f"{member_id} is not an active counsel of {firm.name}", field="counsel_member_ids")
        counsel.append(CounselOnRecord(member_id=member.member_id, name=member.name))
    representation = Representation(firm_uen=firm.uen, firm_name=firm.name, counsel=tuple(counsel), since=now)
    write = CaseWrite.of(case, actor, now)
    write.record_representation(representation)
    write.audit(AuditAction.REPRESENTATION_RECORDED, target=case.case_no,
                detail=f"{firm.name} ({firm.uen}); counsel: {', '.join(c.name for c in counsel)}")
    write.commit()
    return representation


def end_representation(actor: Actor, case_no: str, now: datetime) -> Representation:
    case = load_case(case_no)
    current = case.representation
    if current is None:
        raise Conflict(f"no law firm is on record for {case.case_no}")
    write = CaseWrite.of(case, actor, now)
    write.end_representation(current, now)
    write.audit(AuditAction.REPRESENTATION_ENDED, target=case.case_no, detail=f"{current.firm_name} ({current.firm_uen})")
    write.commit()
    return current.model_copy(update={"ended_at": now})


def set_bail(actor: Actor, case_no: str, command: BailInput, now: datetime) -> Bail:
    case = load_case(case_no)
    bail = command.to_bail()
    write = CaseWrite.of(case, actor, now)
    write.put_bail(bail)
    write.audit(AuditAction.BAIL_RECORDED, target=case.case_no,
                detail=f"S${bail.amount_cents / 100:,.2f}; bailor {bail.bailor_name}")
    write.commit()
    return bail
