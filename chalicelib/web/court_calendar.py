"""The registry's side of court dates: the court calendar (sittings, one by one or weekly), placing
a court event in a sitting, the queue of requests to change a date (oldest first, a page at a time
by key) and the decision on each. Pages work without JavaScript; every action has its JSON twin."""

from datetime import date, timedelta
from urllib.parse import urlencode

from pydantic import ConfigDict, Field, ValidationError, field_validator

from ..domain.base import Base
from ..domain.cases import Court, EventType, RescheduleRequest
from ..domain.clock import LATEST_DAY, day_after, day_before, singapore_date
from ..domain.errors import DomainError
from ..domain.principals import Role
from ..domain.reschedule import DecisionInput, MoveInput, RequestId
from ..domain.sittings import Sitting, SittingInput, WeeklyPattern
from ..services import court_calendar, reschedule
from ..store.paging import KeyPage
from .query_fields import DAY_OR_BLANK, BlankDay
from .errors import describe
from .reschedule import EventPath, MovedEventOut, RequestOut, RequestPath, SlotOut
from .routing import Call, Page, RouteGroup, api, page, redirect

registry_dates = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
CREATED = 201
QUEUE_PAGE = 25
CALENDAR_DAYS = 14


def _or_blank(schema: dict) -> None:
    """The contract says what is read: the field's own values, or blank."""
    schema["anyOf"] = [{"$ref": schema.pop("$ref")}, {"const": ""}]


class CalendarQuery(Base):
    model_config = ConfigDict(extra="forbid")

    court: Court = Field(Court.STATE_COURTS, description="the State Courts when absent or blank",
                         json_schema_extra=_or_blank)
    # The page's fields send ``from=`` and ``to=`` when cleared: blank is the default too.
    first_day: BlankDay = Field(default=None, alias="from", json_schema_extra=DAY_OR_BLANK,
                                description="first Singapore day shown; today when absent or blank")
    last_day: BlankDay = Field(default=None, alias="to", json_schema_extra=DAY_OR_BLANK,
                               description=f"last day shown; {CALENDAR_DAYS} days in all when absent")

    @field_validator("court", mode="before")
    @classmethod
    def _blank_is_state_courts(cls, value):
        return value or Court.STATE_COURTS


class QueueQuery(Base):
    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(default=None, max_length=600,
                               description="`next_cursor` or `previous_cursor` of a page of this queue")


class QueuePageQuery(QueueQuery):
    decided: RequestId | None = None  # the request just decided, after the decision's redirect


class CalendarOut(Base):
    court: str
    first_day: date
    last_day: date
    sittings: list[SlotOut]


class PatternOut(Base):
    created: list[SlotOut]
    skipped: list[str]


class QueueOut(Base):
    requests: list[RequestOut]
    next_cursor: str | None
    previous_cursor: str | None


def _calendar_query(call: Call) -> tuple[Court, date, date]:
    query = call.query(CalendarQuery)
    first = query.first_day or singapore_date(call.now)
    last = query.last_day or min(first + timedelta(days=CALENDAR_DAYS - 1), LATEST_DAY)
    return query.court, first, last


# --- sittings -----------------------------------------------------------------------------------------


@api(registry_dates, "/api/registry/sittings", roles=REGISTRY, query=CalendarQuery, returns=CalendarOut)
def sittings_json(call: Call):
    """The court calendar: a court's sittings over some days (two weeks from today unless asked)."""
    court, first, last = _calendar_query(call)
    return CalendarOut(court=court.value, first_day=first, last_day=last,
                       sittings=[SlotOut.of(s) for s in court_calendar.calendar(court, first, last)])


@api(registry_dates, "/api/registry/sittings", roles=REGISTRY, methods=("POST",), body=SittingInput,
     returns=SlotOut, status=CREATED)
def create_sitting_json(call: Call):
    """Add a sitting: a court room at a start time on a Singapore working day, with its seats."""
    return CREATED, SlotOut.of(court_calendar.create_sitting(call.actor, call.json(SittingInput), call.now))


@api(registry_dates, "/api/registry/sittings/weekly", roles=REGISTRY, methods=("POST",), body=WeeklyPattern,
     returns=PatternOut, status=CREATED)
def create_weekly_json(call: Call):
    """Add the same sitting every week on some weekdays over a range of days, skipping public holidays."""
    result = court_calendar.create_weekly(call.actor, call.json(WeeklyPattern), call.now)
    return CREATED, PatternOut(created=[SlotOut.of(s) for s in result.created], skipped=result.skipped)


@api(registry_dates, "/api/registry/cases/{case_no}/events/{event_id}/sitting", roles=REGISTRY, methods=("PUT",),
     path_params=EventPath, body=MoveInput, returns=MovedEventOut)
def place_event_json(call: Call, case_no: str, event_id: str):
    """Place a court event in a sitting, taking one of its seats."""
    path = call.path(EventPath)
    return MovedEventOut.of(reschedule.place(call.actor, path.case_no, path.event_id, call.json(MoveInput),
                                             call.now))


def _calendar_page(call: Call, *, problem: str | None = None, status: int = 200, form: dict | None = None,
                   made: list[Sitting] | None = None, skipped: list[str] | None = None) -> Page:
    court, first, last = _calendar_query(call)
    return Page("pages/registry_sittings.html", {
        "court": court, "first_day": first, "last_day": last, "courts": list(Court), "event_types": list(EventType),
        "sittings": court_calendar.calendar(court, first, last), "problem": problem, "form": form or {},
        "made": made, "skipped": skipped or [], "previous_from": _days_from(first, -CALENDAR_DAYS),
        "next_from": _days_from(first, CALENDAR_DAYS)}, status=status)


def _days_from(day: date, days: int) -> date | None:
    """``days`` days on (or back) from ``day``, or None past the ends of the calendar."""
    step = day_after if days > 0 else day_before
    for _ in range(abs(days)):
        day = step(day)
        if day is None:
            return None
    return day


@page(registry_dates, "/registry/sittings", roles=REGISTRY, query=CalendarQuery)
def sittings_page(call: Call):
    return _calendar_page(call)


def _venue(form: dict) -> dict:
    return {"building": form.get("building", ""), "room": form.get("room", "")}


def _hears(call: Call) -> list[str]:
    from urllib.parse import parse_qs

    return parse_qs((call.request.raw_body or b"").decode("utf-8", "replace")).get("hears", [])


@page(registry_dates, "/registry/sittings", roles=REGISTRY, methods=("POST",), query=CalendarQuery)
def create_sitting_page(call: Call):
    form = {k: v for k, v in call.form().items() if k != "csrf_token"}
    try:
        day, at = form.get("day", ""), form.get("start_time", "")
        command = SittingInput.model_validate({
            "court": form.get("court", ""), "venue": _venue(form), "starts_at": f"{day}T{at}:00+08:00",
            "hears": _hears(call), "seats": form.get("seats", "")})
        sitting = court_calendar.create_sitting(call.actor, command, call.now)
    except (DomainError, ValidationError) as error:
        return _calendar_page(call, problem=describe(error)[1]["message"], status=describe(error)[0], form=form)
    return _calendar_page(call, made=[sitting], status=CREATED)


@page(registry_dates, "/registry/sittings/weekly", roles=REGISTRY, methods=("POST",), query=CalendarQuery)
def create_weekly_page(call: Call):
    from urllib.parse import parse_qs

    form = {k: v for k, v in call.form().items() if k != "csrf_token"}
    fields = parse_qs((call.request.raw_body or b"").decode("utf-8", "replace"))
    try:
        pattern = WeeklyPattern.model_validate({
            "court": form.get("court", ""), "venue": _venue(form), "weekdays": fields.get("weekdays", []),
            "start_time": form.get("start_time", ""), "first_day": form.get("first_day", ""),
            "last_day": form.get("last_day", ""), "hears": _hears(call), "seats": form.get("seats", "")})
        result = court_calendar.create_weekly(call.actor, pattern, call.now)
    except (DomainError, ValidationError) as error:
        return _calendar_page(call, problem=describe(error)[1]["message"], status=describe(error)[0], form=form)
    return _calendar_page(call, made=result.created, skipped=result.skipped, status=CREATED)


# --- the queue of requests and the decisions ------------------------------------------------------------


def _queue(query: QueueQuery) -> KeyPage[RescheduleRequest]:
    return reschedule.pending_requests(query.cursor, QUEUE_PAGE)


@api(registry_dates, "/api/registry/reschedule-requests", roles=REGISTRY, query=QueueQuery, returns=QueueOut)
def queue_json(call: Call):
    """Pending requests to change a court date, oldest first, a page at a time by key."""
    found = _queue(call.query(QueueQuery))
    return QueueOut(requests=[RequestOut.of(r) for r in found.items], next_cursor=found.next_cursor,
                    previous_cursor=found.previous_cursor)


@page(registry_dates, "/registry/reschedule-requests", roles=REGISTRY, query=QueuePageQuery)
def queue_page(call: Call):
    query = call.query(QueuePageQuery)
    found = _queue(query)

    def link(cursor: str | None) -> str | None:
        return None if cursor is None else "/registry/reschedule-requests?" + urlencode({"cursor": cursor})

    return Page("pages/registry_requests.html", {
        "requests": found.items, "now": call.now, "first_page": not query.cursor,
        "previous_page": link(found.previous_cursor), "next_page": link(found.next_cursor)})


@api(registry_dates, "/api/registry/reschedule-requests/{case_no}/{request_id}/decision", roles=REGISTRY,
     methods=("POST",), path_params=RequestPath, body=DecisionInput, returns=RequestOut)
def decide_json(call: Call, case_no: str, request_id: str):
    """Approve a request with the slot of the new date, or refuse it with the reason the party is told."""
    path = call.path(RequestPath)
    return RequestOut.of(reschedule.decide(call.actor, path.case_no, path.request_id, call.json(DecisionInput),
                                           call.now))


def _decision_page(call: Call, case_no: str, request_id: str, *, problem: str | None = None, status: int = 200,
                   form: dict | None = None) -> Page:
    found = reschedule.decision_options(case_no, request_id, call.now)
    return Page("pages/registry_decision.html", {
        "case": found.case, "request": found.request, "event": found.event, "new_type": found.new_type,
        "slots": found.slots, "problem": problem, "form": form or {}, "now": call.now}, status=status)


@page(registry_dates, "/registry/reschedule-requests/{case_no}/{request_id}", roles=REGISTRY)
def decision_page(call: Call, case_no: str, request_id: str):
    return _decision_page(call, case_no, request_id)


@page(registry_dates, "/registry/reschedule-requests/{case_no}/{request_id}/decision", roles=REGISTRY,
      methods=("POST",))
def decide_page(call: Call, case_no: str, request_id: str):
    form = {k: v for k, v in call.form().items() if k != "csrf_token"}
    try:
        command = DecisionInput.model_validate({"outcome": form.get("outcome", ""),
                                                "sitting_id": form.get("sitting_id") or None,
                                                "reason": form.get("reason") or None})
        reschedule.decide(call.actor, case_no, request_id, command, call.now)
    except (DomainError, ValidationError) as error:
        status, body = describe(error)
        return _decision_page(call, case_no, request_id, problem=body["message"], status=status, form=form)
    return redirect(f"/registry/reschedule-requests?decided={request_id}")
