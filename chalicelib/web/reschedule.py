"""Changing a court date, as a party does it: the options for an event, moving it into a free slot,
asking the court (with a medical certificate uploaded through the upload page), submitting a
prepared request, withdrawing one; and any court event as an ``.ics`` file. Pages work without
JavaScript; every action has its JSON twin."""

from datetime import date, datetime

from chalice import Response
from pydantic import ValidationError

from ..domain.base import Base
from ..domain.cases import CaseFile, CourtEvent, DateChange, RescheduleRequest
from ..domain.clock import in_singapore
from ..domain.errors import DomainError
from ..domain.intake import CaseNumber, EventId
from ..domain.principals import PARTY_ROLES, Role
from ..domain.reschedule import Assessment, MoveInput, RequestId, RequestInput
from ..domain.sittings import Sitting
from ..services import calendars, case_views, reschedule
from .errors import describe
from .routing import Call, Page, RouteGroup, api, page, redirect
from .schemas import EventOut

date_changes = RouteGroup(__name__)
ASKERS = PARTY_ROLES
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}
CREATED = 201


class EventPath(Base):
    """A case's court event in a path: a malformed case number or event id is a clear 422."""

    case_no: CaseNumber
    event_id: EventId


class RequestPath(Base):
    case_no: CaseNumber
    request_id: RequestId


class SlotOut(Base):
    sitting_id: str
    court: str
    starts_at: datetime
    starts_at_singapore: datetime
    venue: str
    hears: list[str]
    seats: int
    free_seats: int

    @classmethod
    def of(cls, sitting: Sitting) -> "SlotOut":
        return cls(sitting_id=sitting.sitting_id, court=sitting.court.value, starts_at=sitting.starts_at,
                   starts_at_singapore=in_singapore(sitting.starts_at), venue=sitting.venue.label,
                   hears=sorted(t.value for t in sitting.hears), seats=sitting.seats, free_seats=sitting.free)


class AssessmentOut(Base):
    way: str  # instant | request | none
    headline: str
    reason: str | None
    prepares_only: bool
    earliest_new_date: date | None
    latest_new_date: date | None
    changes_allowed: int
    instant_changes: int
    notice_working_days: int

    @classmethod
    def of(cls, assessment: Assessment) -> "AssessmentOut":
        rule = assessment.rule
        return cls(way=assessment.way.value, headline=assessment.headline, reason=assessment.reason,
                   prepares_only=assessment.prepares_only, earliest_new_date=assessment.earliest,
                   latest_new_date=assessment.latest, changes_allowed=rule.max_changes,
                   instant_changes=rule.instant_changes, notice_working_days=rule.notice_working_days)


class DateChangeOut(Base):
    previous_starts_at: datetime
    previous_venue: str
    changed_at: datetime
    how: str

    @classmethod
    def of(cls, change: DateChange) -> "DateChangeOut":
        return cls(previous_starts_at=change.previous_starts_at, previous_venue=change.previous_venue.label,
                   changed_at=change.changed_at, how=change.made.label)


class RequestOut(Base):
    request_id: str
    case_no: str
    event_id: str
    event_type: str
    original_starts_at: datetime
    original_venue: str
    status: str
    status_label: str
    reasons: str
    medical_certificate_id: str | None
    made_by_name: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by_name: str | None
    decision_reason: str | None
    new_starts_at: datetime | None
    new_venue: str | None

    @classmethod
    def of(cls, request: RescheduleRequest) -> "RequestOut":
        return cls(request_id=request.request_id, case_no=request.case_no, event_id=request.event_id,
                   event_type=request.event_type.value, original_starts_at=request.original_starts_at,
                   original_venue=request.original_venue.label, status=request.status.value,
                   status_label=request.status.label, reasons=request.reasons,
                   medical_certificate_id=request.medical_certificate_id, made_by_name=request.made_by_name,
                   created_at=request.created_at, submitted_at=request.submitted_at, decided_at=request.decided_at,
                   decided_by_name=request.decided_by_name, decision_reason=request.decision_reason,
                   new_starts_at=request.new_starts_at,
                   new_venue=request.new_venue.label if request.new_venue else None)


class MovedEventOut(EventOut):
    sitting_id: str | None
    history: list[DateChangeOut]

    @classmethod
    def of(cls, event: CourtEvent) -> "MovedEventOut":
        return cls(**EventOut.of(event).model_dump(), sitting_id=event.sitting_id,
                   history=[DateChangeOut.of(c) for c in event.history])


class ChangeOptionsOut(Base):
    event: MovedEventOut
    assessment: AssessmentOut
    free_slots: list[SlotOut]
    requests: list[RequestOut]


# --- JSON ------------------------------------------------------------------------------------------


@api(date_changes, "/api/cases/{case_no}/events/{event_id}/change-options", roles=CASE_READERS,
     path_params=EventPath, returns=ChangeOptionsOut)
def change_options_json(call: Call, case_no: str, event_id: str):
    """Whether and how the caller may change this court date now, its free slots, history and requests."""
    path = call.path(EventPath)
    found = reschedule.options(call.caller, path.case_no, path.event_id, call.now)
    return ChangeOptionsOut(event=MovedEventOut.of(found.event), assessment=AssessmentOut.of(found.assessment),
                            free_slots=[SlotOut.of(s) for s in found.slots],
                            requests=[RequestOut.of(r) for r in found.requests])


@api(date_changes, "/api/cases/{case_no}/events/{event_id}/move", roles=ASKERS, methods=("POST",),
     path_params=EventPath, body=MoveInput, returns=MovedEventOut)
def move_json(call: Call, case_no: str, event_id: str):
    """Take a free slot at once (409 "That slot was just taken, choose another" if it went first)."""
    path = call.path(EventPath)
    moved = reschedule.move(call.actor, call.caller, path.case_no, path.event_id, call.json(MoveInput), call.now)
    return MovedEventOut.of(moved)


@api(date_changes, "/api/cases/{case_no}/events/{event_id}/reschedule-requests", roles=ASKERS, methods=("POST",),
     path_params=EventPath, body=RequestInput, returns=RequestOut, status=CREATED)
def request_change_json(call: Call, case_no: str, event_id: str):
    """Ask the court to change this date, with reasons (and a medical certificate for illness)."""
    path = call.path(EventPath)
    request = reschedule.request_change(call.actor, call.caller, path.case_no, path.event_id,
                                        call.json(RequestInput), call.now)
    return CREATED, RequestOut.of(request)


@api(date_changes, "/api/cases/{case_no}/reschedule-requests/{request_id}/submit", roles=ASKERS,
     methods=("POST",), path_params=RequestPath, returns=RequestOut)
def submit_request_json(call: Call, case_no: str, request_id: str):
    """Submit a request a paralegal prepared (counsel on record)."""
    path = call.path(RequestPath)
    return RequestOut.of(reschedule.submit(call.actor, call.caller, path.case_no, path.request_id, call.now))


@api(date_changes, "/api/cases/{case_no}/reschedule-requests/{request_id}/withdraw", roles=ASKERS,
     methods=("POST",), path_params=RequestPath, returns=RequestOut)
def withdraw_request_json(call: Call, case_no: str, request_id: str):
    """Withdraw a request the court has not decided yet."""
    path = call.path(RequestPath)
    return RequestOut.of(reschedule.withdraw(call.actor, call.caller, path.case_no, path.request_id, call.now))


# --- pages -----------------------------------------------------------------------------------------


def date_changes_context(call: Call, case: CaseFile) -> dict:
    """What the case page's "Changing a court date" section shows: each upcoming event's options,
    and which change just happened (after a redirect)."""
    query = call.request.query_params or {}
    return {"date_assessments": reschedule.assessments(call.caller, case, call.now),
            "date_change_done": {key: query.get(key) for key in ("moved", "requested", "withdrawn") if query.get(key)}}


def _change_page(call: Call, case_no: str, event_id: str, *, problem: str | None = None, status: int = 200,
                 form: dict | None = None) -> Page:
    found = reschedule.options(call.caller, case_no, event_id, call.now)
    certificate = (call.request.query_params or {}).get("upload") or (form or {}).get("medical_certificate_id")
    return Page("pages/change_date.html", {
        "case": found.case, "event": found.event, "assessment": found.assessment, "slots": found.slots,
        "requests": found.requests, "now": call.now, "problem": problem, "form": form or {},
        "certificate": certificate,
    }, status=status)


def _form_without_token(call: Call) -> dict[str, str]:
    return {k: v for k, v in call.form().items() if k != "csrf_token"}


def _again(call: Call, case_no: str, event_id: str, error: Exception, form: dict) -> Page:
    status, body = describe(error)
    return _change_page(call, case_no, event_id, problem=body["message"], status=status, form=form)


@page(date_changes, "/cases/{case_no}/events/{event_id}/change", roles=ASKERS)
def change_date_page(call: Call, case_no: str, event_id: str):
    return _change_page(call, case_no, event_id)


@page(date_changes, "/cases/{case_no}/events/{event_id}/move", roles=ASKERS, methods=("POST",))
def move_page(call: Call, case_no: str, event_id: str):
    form = _form_without_token(call)
    try:
        command = MoveInput.model_validate({"sitting_id": form.get("sitting_id", "")})
        moved = reschedule.move(call.actor, call.caller, case_no, event_id, command, call.now)
    except (DomainError, ValidationError) as error:
        return _again(call, case_no, event_id, error, form)
    return redirect(f"/cases/{case_no.strip().upper()}?moved={moved.event_id}#date-changes")


@page(date_changes, "/cases/{case_no}/events/{event_id}/reschedule-requests", roles=ASKERS, methods=("POST",))
def request_change_page(call: Call, case_no: str, event_id: str):
    form = _form_without_token(call)
    try:
        command = RequestInput.model_validate({
            "reasons": form.get("reasons", ""),
            "because_of_illness": form.get("because_of_illness") in ("on", "true", "yes"),
            "medical_certificate_id": form.get("medical_certificate_id") or None,
        })
        request = reschedule.request_change(call.actor, call.caller, case_no, event_id, command, call.now)
    except (DomainError, ValidationError) as error:
        return _again(call, case_no, event_id, error, form)
    return redirect(f"/cases/{request.case_no}?requested={request.request_id}#date-changes")


@page(date_changes, "/cases/{case_no}/reschedule-requests/{request_id}/submit", roles=ASKERS, methods=("POST",))
def submit_request_page(call: Call, case_no: str, request_id: str):
    request = reschedule.submit(call.actor, call.caller, case_no, request_id, call.now)
    return redirect(f"/cases/{request.case_no}?requested={request.request_id}#date-changes")


@page(date_changes, "/cases/{case_no}/reschedule-requests/{request_id}/withdraw", roles=ASKERS,
      methods=("POST",))
def withdraw_request_page(call: Call, case_no: str, request_id: str):
    request = reschedule.withdraw(call.actor, call.caller, case_no, request_id, call.now)
    return redirect(f"/cases/{request.case_no}?withdrawn={request.request_id}#date-changes")


@page(date_changes, "/cases/{case_no}/events/{event_id}/calendar", roles=CASE_READERS)
def event_calendar(call: Call, case_no: str, event_id: str):
    case = case_views.case_for(call.caller, case_no)
    body = calendars.event_ics(case, event_id, call.now).decode()
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{case.case_no}-{event_id}.ics"',
        "Cache-Control": "no-store"})
