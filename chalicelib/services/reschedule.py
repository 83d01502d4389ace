"""Changing a court date: the options a party has for each event, the instant move into a free
slot, requests (prepared, submitted, withdrawn) and the registry's decisions, and the registry
placing an event in a sitting.

Each function reads the case once, lets ``domain/reschedule.py`` and ``domain/sittings.py`` decide,
and commits ONE unit of work: a seat taken in the new sitting and freed in the old one, the event
(only while unchanged), the case's version, the request, the notices and the audit entry. When the
sitting's condition refuses the transaction, the sitting is read to say which rule it broke.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ..domain.audit import Actor, AuditAction
from ..domain.cases import (
    CaseFile,
    ChangeMade,
    CourtEvent,
    DateChange,
    EventStatus,
    EventType,
    RequestStatus,
    RescheduleRequest,
)
from ..domain.clock import SINGAPORE
from ..domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from ..domain.intake import new_event_id
from ..domain.notices import (
    court_date_moved,
    court_date_notices,
    reschedule_approved,
    reschedule_refused,
    reschedule_requested,
    reschedule_withdrawn,
)
from ..domain.principals import Principal, Role
from ..domain.reschedule import (
    Assessment,
    Asker,
    DecisionInput,
    MoveInput,
    OnApproval,
    RequestInput,
    Way,
    assess,
    asker,
    decided_type,
    new_date_refusal,
    new_request_id,
    rules_with,
)
from ..domain.sittings import SLOT_TAKEN, Sitting, parse_sitting_id, slot_refusal
from ..settings import get_settings
from ..store import court_dates, sittings, uploads
from ..store.case_write import CaseWrite
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal
from ..store.sittings import SittingRefused
from .case_views import case_for
from .intake import load_case

ALREADY_OPEN = "A request to change this date is already open. Withdraw it first, or wait for the court's decision."
# How far ahead the registry looks for a slot when it approves a request.
DECISION_WINDOW = timedelta(days=120)


def rules():
    return rules_with(get_settings().reschedule_rules)


def _event(case: CaseFile, event_id: str) -> CourtEvent:
    event = case.event(event_id)
    if event is None:
        raise NotFound(f"case {case.case_no} has no court event {event_id}", field="event_id")
    return event


def _request(case: CaseFile, request_id: str) -> RescheduleRequest:
    request = case.reschedule_request(request_id)
    if request is None:
        raise NotFound(f"case {case.case_no} has no request {request_id} to change a court date", field="request_id")
    return request


def _who(principal: Principal) -> str:
    if principal.role is Role.ACCUSED:
        return "the accused"
    if principal.role is Role.COUNSEL:
        return f"counsel on record ({principal.display_name})"
    if principal.role is Role.PARALEGAL:
        return f"{principal.display_name} (paralegal)"
    return "the court"


def _refuse(principal: Principal, case: CaseFile, assessment: Assessment) -> Exception:
    who = asker(principal, case)
    if not isinstance(who, Asker):
        return Forbidden(who)
    return RuleViolation(f"{assessment.headline}. {assessment.reason or ''}".strip())


def _day_start(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=SINGAPORE)


# --- what a party sees before they click anything ---------------------------------------------------


@dataclass(frozen=True)
class ChangeOptions:
    case: CaseFile
    event: CourtEvent
    assessment: Assessment
    slots: list[Sitting]  # free slots, soonest first (instant path only)
    requests: list[RescheduleRequest]


def assessments(principal: Principal, case: CaseFile, now: datetime) -> dict[str, Assessment]:
    """For the case page: each upcoming event's assessment, from the case already read."""
    current = rules()
    return {e.event_id: assess(principal, case, e, now, current) for e in case.upcoming_events(now)}


def options(principal: Principal, case_no: str, event_id: str, now: datetime) -> ChangeOptions:
    case = case_for(principal, case_no)
    event = _event(case, event_id)
    assessment = assess(principal, case, event, now, rules())
    slots: list[Sitting] = []
    if assessment.way is Way.INSTANT and assessment.earliest and assessment.latest:
        start = max(now, _day_start(assessment.earliest))
        slots = [s for s in sittings.free_slots(case.court, event.type, start,
                                                _day_start(assessment.latest + timedelta(days=1)))
                 if s.sitting_id != event.sitting_id]
    return ChangeOptions(case, event, assessment, slots, case.requests_for(event.event_id))


# --- taking a seat -----------------------------------------------------------------------------------


def _move_seat(write: CaseWrite, case: CaseFile, event: CourtEvent, sitting_id: str, event_type: EventType,
               now: datetime) -> None:
    sittings.take_seat_in(write, sitting_id, case.court, event_type, now)
    if event.sitting_id is not None and event.status is EventStatus.SCHEDULED:
        sittings.free_seat_in(write, event.sitting_id)


def _commit(write: CaseWrite, case: CaseFile, event: CourtEvent, sitting_id: str, event_type: EventType,
            now: datetime) -> None:
    """Commit; if the sitting refused, read it and name the rule (a full sitting: 409, taken)."""
    try:
        write.commit()
    except SittingRefused:
        problem = slot_refusal(case.court, event_type, sittings.get(sitting_id), event, now) or SLOT_TAKEN
        if problem == SLOT_TAKEN:
            raise Conflict(SLOT_TAKEN, field="sitting_id") from None
        if problem.startswith("There is no such sitting"):
            raise NotFound(problem, field="sitting_id") from None
        raise RuleViolation(problem, field="sitting_id") from None


def _target(sitting_id: str, event: CourtEvent, now: datetime) -> tuple[datetime, object]:
    starts_at, venue = parse_sitting_id(sitting_id)
    if event.sitting_id == sitting_id:
        raise RuleViolation("That is the date you already have. Choose another slot.", field="sitting_id")
    if starts_at <= now:
        raise RuleViolation("That slot is in the past. Choose a slot from the list.", field="sitting_id")
    return starts_at, venue


def _moved(event: CourtEvent, sitting_id: str, starts_at: datetime, venue, made: ChangeMade,
           now: datetime) -> CourtEvent:
    change = DateChange(previous_starts_at=event.starts_at, previous_venue=event.venue, changed_at=now, made=made)
    return event.model_copy(update={"starts_at": starts_at, "venue": venue, "sitting_id": sitting_id,
                                    "history": (*event.history, change), "open_request_id": None})


# --- the instant path --------------------------------------------------------------------------------


def move(actor: Actor, principal: Principal, case_no: str, event_id: str, command: MoveInput,
         now: datetime) -> CourtEvent:
    case = case_for(principal, case_no)
    event = _event(case, event_id)
    assessment = assess(principal, case, event, now, rules())
    if assessment.way is not Way.INSTANT:
        if assessment.way is Way.REQUEST:
            raise RuleViolation(f"This date cannot be changed at once: {assessment.reason} Ask the court instead.")
        raise _refuse(principal, case, assessment)
    starts_at, venue = _target(command.sitting_id, event, now)
    problem = new_date_refusal(assessment, starts_at)
    if problem is not None:
        raise RuleViolation(problem, field="sitting_id")
    moved = _moved(event, command.sitting_id, starts_at, venue, ChangeMade.MOVED_ONLINE, now)
    write = CaseWrite.of(case, actor, now)
    _move_seat(write, case, event, command.sitting_id, event.type, now)
    court_dates.replace_event_in(write, event, moved)
    write.notify(court_date_moved(case.case_no, moved, event, _who(principal), now))
    write.audit(AuditAction.COURT_DATE_MOVED, target=case.case_no,
                detail=f"{event.type.label} {event.event_id}: {event.starts_at.isoformat()} -> "
                       f"{moved.starts_at.isoformat()}, {moved.venue.label} (sitting {command.sitting_id})")
    _commit(write, case, event, command.sitting_id, event.type, now)
    return moved


# --- the request path --------------------------------------------------------------------------------


def request_change(actor: Actor, principal: Principal, case_no: str, event_id: str, command: RequestInput,
                   now: datetime) -> RescheduleRequest:
    case = case_for(principal, case_no)
    event = _event(case, event_id)
    assessment = assess(principal, case, event, now, rules())
    if event.open_request_id is not None and isinstance(asker(principal, case), Asker):
        raise Conflict(ALREADY_OPEN)
    if assessment.way is Way.NONE:
        raise _refuse(principal, case, assessment)
    pending = not assessment.prepares_only
    request = RescheduleRequest(
        request_id=new_request_id(), case_no=case.case_no, court=case.court, event_id=event.event_id,
        event_type=event.type, original_starts_at=event.starts_at, original_venue=event.venue,
        reasons=command.reasons, medical_certificate_id=command.medical_certificate_id,
        status=RequestStatus.PENDING if pending else RequestStatus.PREPARED, made_by_id=principal.subject_id,
        made_by_name=principal.display_name, made_by_role=principal.role.value, created_at=now,
        submitted_at=now if pending else None, submitted_by_name=principal.display_name if pending else None,
    )
    write = CaseWrite.of(case, actor, now)
    court_dates.replace_event_in(write, event, event.model_copy(update={"open_request_id": request.request_id}),
                                 refused=Conflict(ALREADY_OPEN))
    court_dates.new_request_in(write, request)
    if request.medical_certificate_id is not None:
        uploads.require_verified_in(write, case.case_no, request.medical_certificate_id)
    if pending:
        write.notify(reschedule_requested(case.case_no, event, request.request_id, _who(principal), now))
    write.audit(AuditAction.RESCHEDULE_REQUESTED if pending else AuditAction.RESCHEDULE_PREPARED,
                target=case.case_no, detail=_request_detail(request, event))
    write.commit()
    return request


def _request_detail(request: RescheduleRequest, event: CourtEvent) -> str:
    certificate = f"; medical certificate {request.medical_certificate_id}" if request.medical_certificate_id else ""
    return f"{request.request_id} for {event.type.label} {event.event_id} on {event.starts_at.isoformat()}{certificate}"


def submit(actor: Actor, principal: Principal, case_no: str, request_id: str, now: datetime) -> RescheduleRequest:
    """Counsel on record submit a request a paralegal prepared."""
    case = case_for(principal, case_no)
    request = _request(case, request_id)
    who = asker(principal, case)
    if not isinstance(who, Asker):
        raise Forbidden(who)
    if who is not Asker.SUBMITS:
        raise Forbidden("Counsel on record submit requests; a paralegal prepares them.")
    if request.status is not RequestStatus.PREPARED:
        raise Conflict(f"This request is not waiting to be submitted: {request.status.label.lower()}.")
    event = _event(case, request.event_id)
    assessment = assess(principal, case, event.model_copy(update={"open_request_id": None}), now, rules())
    if assessment.way is Way.NONE:
        raise _refuse(principal, case, assessment)
    submitted = request.model_copy(update={"status": RequestStatus.PENDING, "submitted_at": now,
                                           "submitted_by_name": principal.display_name})
    write = CaseWrite.of(case, actor, now)
    court_dates.replace_request_in(write, request, submitted)
    write.notify(reschedule_requested(case.case_no, event, request.request_id, _who(principal), now))
    write.audit(AuditAction.RESCHEDULE_REQUESTED, target=case.case_no, detail=_request_detail(submitted, event))
    write.commit()
    return submitted


def withdraw(actor: Actor, principal: Principal, case_no: str, request_id: str, now: datetime) -> RescheduleRequest:
    case = case_for(principal, case_no)
    request = _request(case, request_id)
    who = asker(principal, case)
    if not isinstance(who, Asker):
        raise Forbidden(who)
    if not request.status.is_open:
        raise Conflict(f"This request is already {request.status.value}; there is nothing to withdraw.")
    if who is Asker.PREPARES and request.status is not RequestStatus.PREPARED:
        raise Forbidden("Counsel on record withdraw a submitted request; a paralegal may only discard one "
                        "they prepared.")
    event = _event(case, request.event_id)
    withdrawn = request.model_copy(update={"status": RequestStatus.WITHDRAWN, "decided_at": now,
                                           "decided_by_name": principal.display_name})
    write = CaseWrite.of(case, actor, now)
    court_dates.replace_request_in(write, request, withdrawn)
    court_dates.replace_event_in(write, event, event.model_copy(update={"open_request_id": None}))
    if request.status is RequestStatus.PENDING:
        write.notify(reschedule_withdrawn(case.case_no, event, request.request_id, now))
    write.audit(AuditAction.RESCHEDULE_WITHDRAWN, target=case.case_no, detail=_request_detail(request, event))
    write.commit()
    return withdrawn


# --- the registry's side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionOptions:
    case: CaseFile
    request: RescheduleRequest
    event: CourtEvent
    new_type: EventType
    slots: list[Sitting]


def pending_requests(cursor: str | None, size: int) -> KeyPage[RescheduleRequest]:
    """A page of the registry's queue of requests waiting for a decision, oldest first."""
    try:
        return court_dates.pending_page(size, cursor)
    except InvalidCursor as error:
        raise cursor_refusal(error) from error


def decision_options(case_no: str, request_id: str, now: datetime) -> DecisionOptions:
    case = load_case(case_no)
    request = _request(case, request_id)
    event = _event(case, request.event_id)
    new_type = decided_type(event, rules())
    slots = []
    if request.status is RequestStatus.PENDING:
        slots = [s for s in sittings.free_slots(case.court, new_type, now, now + DECISION_WINDOW)
                 if s.sitting_id != event.sitting_id]
    return DecisionOptions(case, request, event, new_type, slots)


def decide(actor: Actor, case_no: str, request_id: str, command: DecisionInput, now: datetime) -> RescheduleRequest:
    case = load_case(case_no)
    request = _request(case, request_id)
    if request.status is RequestStatus.WITHDRAWN:
        raise Conflict(f"This request was withdrawn by {request.decided_by_name or 'the party'}; there is "
                       "nothing to decide.", field="request_id")
    if request.status is not RequestStatus.PENDING:
        raise Conflict(f"This request is not waiting for a decision: {request.status.label.lower()}.",
                       field="request_id")
    event = _event(case, request.event_id)
    write = CaseWrite.of(case, actor, now)
    if command.outcome == "refuse":
        decided = request.model_copy(update={"status": RequestStatus.REFUSED, "decided_at": now,
                                             "decided_by_name": actor.display_name,
                                             "decision_reason": command.reason})
        stands = event.model_copy(update={"open_request_id": None})
        court_dates.replace_request_in(write, request, decided)
        court_dates.replace_event_in(write, event, stands)
        write.notify(reschedule_refused(case.case_no, stands, request.request_id, command.reason or "", now))
        write.audit(AuditAction.RESCHEDULE_REFUSED, target=case.case_no,
                    detail=f"{_request_detail(request, event)}; reason: {command.reason}")
        write.commit()
        return decided
    sitting_id = command.sitting_id or ""
    starts_at, venue = _target(sitting_id, event, now)
    new_type = decided_type(event, rules())
    if rules()[event.type].on_approval is OnApproval.VACATE_FOR_PTC:
        vacated = event.model_copy(update={"status": EventStatus.VACATED, "open_request_id": None})
        fixed = CourtEvent(event_id=new_event_id(), type=new_type, starts_at=starts_at, venue=venue,
                           sitting_id=sitting_id)
        sittings.take_seat_in(write, sitting_id, case.court, new_type, now)
        if event.sitting_id is not None:
            sittings.free_seat_in(write, event.sitting_id)
        court_dates.replace_event_in(write, event, vacated)
        court_dates.add_event_in(write, fixed)
    else:
        fixed = _moved(event, sitting_id, starts_at, venue, ChangeMade.REQUEST_APPROVED, now)
        _move_seat(write, case, event, sitting_id, new_type, now)
        court_dates.replace_event_in(write, event, fixed)
    decided = request.model_copy(update={
        "status": RequestStatus.APPROVED, "decided_at": now, "decided_by_name": actor.display_name,
        "decision_reason": command.reason, "new_starts_at": starts_at, "new_venue": venue,
        "new_event_id": fixed.event_id})
    court_dates.replace_request_in(write, request, decided)
    write.notify(reschedule_approved(case.case_no, fixed, event, request.request_id,
                                     fixed.event_id != event.event_id, now))
    write.audit(AuditAction.RESCHEDULE_APPROVED, target=case.case_no,
                detail=f"{_request_detail(request, event)}; new date {fixed.type.label} {fixed.starts_at.isoformat()}, "
                       f"{fixed.venue.label}")
    _commit(write, case, event, sitting_id, new_type, now)
    return decided


def place(actor: Actor, case_no: str, event_id: str, command: MoveInput, now: datetime) -> CourtEvent:
    """The registry places a court event in a sitting (its date becomes the sitting's)."""
    case = load_case(case_no)
    event = _event(case, event_id)
    if event.status is not EventStatus.SCHEDULED or event.starts_at <= now:
        raise RuleViolation("only a scheduled court event still to come can be placed in a sitting", field="event_id")
    starts_at, venue = _target(command.sitting_id, event, now)
    if (starts_at, venue) == (event.starts_at, event.venue):
        placed = event.model_copy(update={"sitting_id": command.sitting_id})
    else:
        placed = _moved(event, command.sitting_id, starts_at, venue, ChangeMade.BY_THE_COURT, now)
        placed = placed.model_copy(update={"open_request_id": event.open_request_id})
    write = CaseWrite.of(case, actor, now)
    _move_seat(write, case, event, command.sitting_id, event.type, now)
    court_dates.replace_event_in(write, event, placed)
    write.notify(*court_date_notices(case.case_no, event, placed, now))
    write.audit(AuditAction.EVENT_PLACED_IN_SITTING, target=case.case_no,
                detail=f"{event.type.label} {event.event_id} in sitting {command.sitting_id}")
    _commit(write, case, event, command.sitting_id, event.type, now)
    return placed

