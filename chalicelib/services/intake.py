"""Registry intake: create cases and keep their charges, court events, representation and bail
current. Each function reads the case once, applies the domain rules, and writes one transaction."""

from __future__ import annotations

from datetime import datetime

from ..domain.cases import (
    AccusedOnCase,
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
from ..domain.notices import NoticeKind
from ..domain.people import Person
from ..domain.principals import Role
from ..settings import get_settings
from ..store import cases, firms
from . import notices


def person_id_for(nric: str) -> str:
    return subject_key(nric, get_settings().identifier_pepper.get_secret_value().encode())


def load_case(case_no: str) -> CaseFile:
    case = cases.get_case(case_no.strip().upper())
    if case is None:
        raise NotFound(f"there is no case {case_no}")
    return case


def _status_for(charges: list[Charge]) -> CaseStatus:
    return CaseStatus.CLOSED if all_charges_disposed(charges) else CaseStatus.OPEN


def create_case(command: NewCase, now: datetime) -> CaseFile:
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
        events=tuple(event_from_input(command.court, e, now) for e in command.events),
        bail=command.bail.to_bail() if command.bail else None,
    )
    cases.create_case(case, person)
    notices.publish([
        notices.court_date(NoticeKind.COURT_DATE_FIXED, case.case_no, event, now)
        for event in case.events
        if event.status is EventStatus.SCHEDULED
    ])
    return case.model_copy(update={"version": 1})


def add_charge(case_no: str, command: ChargeInput) -> Charge:
    case = load_case(case_no)
    charge = command.to_charge()
    if case.charge(charge.charge_no) is not None:
        raise Conflict(f"charge {charge.charge_no} is already on case {case.case_no}", field="charge_no")
    cases.add_charge(case, charge, _status_for([*case.charges, charge]))
    return charge


def change_charge(case_no: str, charge_no: str, command: ChargeChange) -> Charge:
    case = load_case(case_no)
    current = case.charge(charge_no.strip().upper())
    if current is None:
        raise NotFound(f"case {case.case_no} has no charge {charge_no}")
    changed = apply_charge_change(current, command)
    others = [c for c in case.charges if c.charge_no != changed.charge_no]
    cases.replace_charge(case, changed, _status_for([*others, changed]))
    return changed


def fix_event(case_no: str, command: CourtEventInput, now: datetime) -> CourtEvent:
    case = load_case(case_no)
    if case.status is CaseStatus.CLOSED and command.status is EventStatus.SCHEDULED:
        raise RuleViolation(f"case {case.case_no} is closed; no further court events can be fixed")
    event = event_from_input(case.court, command, now)
    cases.put_event(case, event)
    if event.status is EventStatus.SCHEDULED:
        notices.publish([notices.court_date(NoticeKind.COURT_DATE_FIXED, case.case_no, event, now)])
    return event


def change_event(case_no: str, event_id: str, command: CourtEventChange, now: datetime) -> CourtEvent:
    case = load_case(case_no)
    current = case.event(event_id)
    if current is None:
        raise NotFound(f"case {case.case_no} has no court event {event_id}")
    changed = apply_event_change(case.court, current, command, now)
    cases.put_event(case, changed)
    if changed.status is EventStatus.VACATED:
        notices.publish([notices.court_date(NoticeKind.COURT_DATE_VACATED, case.case_no, changed, now)])
    elif changed.status is EventStatus.SCHEDULED and (
        changed.starts_at != current.starts_at or changed.venue != current.venue
    ):
        notices.publish([
            notices.court_date(NoticeKind.COURT_DATE_CHANGED, case.case_no, changed, now, previous=current)
        ])
    return changed


def record_representation(case_no: str, command: RepresentationInput, now: datetime) -> Representation:
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
    cases.record_representation(case, representation)
    return representation


def end_representation(case_no: str, now: datetime) -> Representation:
    case = load_case(case_no)
    current = case.representation
    if current is None:
        raise Conflict(f"no law firm is on record for {case.case_no}")
    cases.end_representation(case, current, now)
    return current.model_copy(update={"ended_at": now})


def set_bail(case_no: str, command: BailInput):
    case = load_case(case_no)
    bail = command.to_bail()
    cases.put_bail(case, bail)
    return bail
