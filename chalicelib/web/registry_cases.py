"""The registry's back-office forms: create a case with its charges, keep its charges, court dates,
bail and representation current, and register law firms. Pages without JavaScript, on top of the
same services as the intake API (each change one unit of work with its audit entry and notices).

A refused form is shown again with what was typed and each problem, in words, beside its field.
"""

from urllib.parse import parse_qs

from pydantic import ConfigDict, ValidationError

from ..domain.base import Base
from ..domain.cases import ChargeStatus, Court, EventStatus, EventType
from ..domain.errors import DomainError
from ..domain.firms import NewFirm
from ..domain.identity import Uen
from ..domain.intake import (
    BailInput,
    ChargeInput,
    CourtEventChange,
    CourtEventInput,
    NewCase,
    RepresentationInput,
)
from ..domain.principals import Role
from ..domain.reschedule import MoveInput
from ..services import firm_accounts, intake, reschedule
from ..render import sg_datetime
from .registry_forms import Submitted, dollars_to_cents, problems_of, read_form, singapore_instant
from .routing import Call, Page, RouteGroup, page, redirect

registry_cases = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
CHARGE_ROWS = 5  # rows on the new-case form; a case with more charges gets them added one by one after
REFUSALS = (ValidationError, DomainError)


def _choices() -> dict:
    return {"court_options": [(c.value, c.label) for c in Court],
            "event_type_options": [(t.value, t.label) for t in EventType],
            "charge_status_options": [(s.value, s.label) for s in ChargeStatus]}


def _event_data(submitted: Submitted) -> dict:
    """A court event's fields (kind, date and time, building and room) as the command reads them."""
    values = {name: value.strip() for name, value in submitted.values.items()}
    data = {"type": values.get("type") or None,
            "starts_at": singapore_instant(values.get("day"), values.get("time")),
            "venue": {"building": values.get("venue.building") or None, "room": values.get("venue.room") or None}}
    data["venue"] = {k: v for k, v in data["venue"].items() if v}
    return {k: v for k, v in data.items() if v}


# --- a new case ----------------------------------------------------------------------------------


def _new_case_page(values: dict | None = None, problems: dict | None = None, status: int = 200) -> Page:
    return Page("pages/registry/new_case.html", {**_choices(), "values": values or {}, "problems": problems or {},
                                                 "charge_rows": range(CHARGE_ROWS)}, status=status)


@page(registry_cases, "/registry/cases/new", roles=REGISTRY)
def new_case_page(call: Call):
    return _new_case_page()


@page(registry_cases, "/registry/cases", roles=REGISTRY, methods=("POST",))
def create_case_page(call: Call):
    submitted = read_form(call.form(), groups=("charges",))
    # The first court date's fields are read apart (a date and a time make one instant).
    data = {k: v for k, v in submitted.data.items() if k not in ("day", "time", "type", "venue")}
    event = _event_data(submitted)
    if event:
        data["events"] = [event]
    if "bail" in data:
        data["bail"] = {**data["bail"], "amount_cents": dollars_to_cents(data["bail"].get("amount"))}
        data["bail"].pop("amount", None)
        data["bail"] = {k: v for k, v in data["bail"].items() if v is not None}
    try:
        case = intake.create_case(call.actor, NewCase.model_validate(data), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        for moved in [k for k in problems if k.startswith("events.0.")]:  # the first court date's fields
            problems[moved.removeprefix("events.0.").replace("starts_at", "day")] = problems.pop(moved)
        if "bail.amount_cents" in problems:
            problems["bail.amount"] = problems.pop("bail.amount_cents")
        return _new_case_page(submitted.values, problems, status)
    return redirect(f"/registry/cases/{case.case_no}?done=created")


# --- one case: its charges, court dates, bail and representation ---------------------------------


def _case_page(call: Call, case_no: str, *, form: str | None = None, values: dict | None = None,
               problems: dict | None = None, status: int = 200) -> Page:
    case = intake.load_case(case_no)
    return Page("pages/registry/case.html", {
        **_choices(), "case": case, "now": call.now, "done": (call.request.query_params or {}).get("done"),
        "form": form, "values": values or {}, "problems": problems or {}}, status=status)


@page(registry_cases, "/registry/cases/{case_no}", roles=REGISTRY)
def manage_case_page(call: Call, case_no: str):
    return _case_page(call, case_no)


@page(registry_cases, "/registry/cases/{case_no}/charges", roles=REGISTRY, methods=("POST",))
def add_charge_page(call: Call, case_no: str):
    submitted = read_form(call.form())
    try:
        intake.add_charge(call.actor, case_no, ChargeInput.model_validate(submitted.data), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        return _case_page(call, case_no, form="charge", values=submitted.values, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done=charge")


@page(registry_cases, "/registry/cases/{case_no}/events", roles=REGISTRY, methods=("POST",))
def fix_event_page(call: Call, case_no: str):
    submitted = read_form(call.form())
    try:
        intake.fix_event(call.actor, case_no, CourtEventInput.model_validate(_event_data(submitted)), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        if "starts_at" in problems:
            problems["day"] = problems.pop("starts_at")
        return _case_page(call, case_no, form="event", values=submitted.values, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done=event")


@page(registry_cases, "/registry/cases/{case_no}/bail", roles=REGISTRY, methods=("POST",))
def set_bail_page(call: Call, case_no: str):
    submitted = read_form(call.form())
    data = {**submitted.data, "amount_cents": dollars_to_cents(submitted.data.get("amount"))}
    data.pop("amount", None)
    try:
        intake.set_bail(call.actor, case_no, BailInput.model_validate({k: v for k, v in data.items() if v is not None}),
                        call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        if "amount_cents" in problems:
            problems["amount"] = problems.pop("amount_cents")
        return _case_page(call, case_no, form="bail", values=submitted.values, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done=bail")


# --- one court event: move it, place it in a sitting, or vacate it ------------------------------


def _event_page(call: Call, case_no: str, event_id: str, *, values: dict | None = None,
                problems: dict | None = None, status: int = 200) -> Page:
    case, event, slots = intake.event_with_free_sittings(case_no, event_id, call.now)
    return Page("pages/registry/event.html", {
        **_choices(), "case": case, "event": event, "now": call.now,
        "slot_options": [(s.sitting_id, f"{sg_datetime(s.starts_at)}, {s.venue.label} ({s.free} of {s.seats} seats free)")
                         for s in slots],
        "values": values or {}, "problems": problems or {}}, status=status)


@page(registry_cases, "/registry/cases/{case_no}/events/{event_id}", roles=REGISTRY)
def event_page(call: Call, case_no: str, event_id: str):
    return _event_page(call, case_no, event_id)


@page(registry_cases, "/registry/cases/{case_no}/events/{event_id}", roles=REGISTRY, methods=("POST",))
def change_event_page(call: Call, case_no: str, event_id: str):
    """Move the date, time or court room, or vacate the event (``action=vacate``)."""
    submitted = read_form(call.form())
    vacate = submitted.values.get("action") == "vacate"
    try:
        change = ({"status": EventStatus.VACATED.value} if vacate
                  else {k: v for k, v in _event_data(submitted).items() if k != "type"})
        intake.change_event(call.actor, case_no, event_id, CourtEventChange.model_validate(change), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        if "starts_at" in problems:
            problems["day"] = problems.pop("starts_at")
        return _event_page(call, case_no, event_id, values=submitted.values, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done={'vacated' if vacate else 'moved'}")


@page(registry_cases, "/registry/cases/{case_no}/events/{event_id}/sitting", roles=REGISTRY, methods=("POST",))
def place_event_page(call: Call, case_no: str, event_id: str):
    submitted = read_form(call.form())
    try:
        reschedule.place(call.actor, case_no, event_id, MoveInput.model_validate(submitted.data), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        return _event_page(call, case_no, event_id, values=submitted.values, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done=placed")


# --- representation ------------------------------------------------------------------------------


class FirmLookup(Base):
    model_config = ConfigDict(extra="forbid")

    firm_uen: Uen | None = None


def _representation_page(call: Call, case_no: str, uen: str, *, problems: dict | None = None,
                         status: int = 200) -> Page:
    case = intake.load_case(case_no)
    problems = dict(problems or {})
    firm, counsel = None, []
    if uen and "firm_uen" not in problems:
        try:
            lookup = FirmLookup.model_validate({"firm_uen": uen})
            firm, members = firm_accounts.firm_with_members(lookup.firm_uen or "")
            counsel = [m for m in members if m.role is Role.COUNSEL and m.active]
        except REFUSALS as error:
            status, found = problems_of(error)
            problems["firm_uen"] = next(iter(found.values()))
    return Page("pages/registry/representation.html", {
        "case": case, "firm": firm, "counsel": counsel, "uen": uen, "problems": problems}, status=status)


@page(registry_cases, "/registry/cases/{case_no}/representation", roles=REGISTRY)
def representation_page(call: Call, case_no: str):
    """Step one: the firm's UEN; step two (same page, ``?firm_uen=``): tick its counsel on record."""
    return _representation_page(call, case_no, (call.request.query_params or {}).get("firm_uen", "").strip())


@page(registry_cases, "/registry/cases/{case_no}/representation", roles=REGISTRY, methods=("POST",))
def record_representation_page(call: Call, case_no: str):
    submitted = read_form(call.form())
    ticked = parse_qs((call.request.raw_body or b"").decode("utf-8", "replace")).get("counsel_member_ids", [])
    uen = submitted.values.get("firm_uen", "").strip()
    try:
        command = RepresentationInput.model_validate({"firm_uen": uen or None, "counsel_member_ids": ticked})
        intake.record_representation(call.actor, case_no, command, call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        problems = {key.split(".")[0]: message for key, message in problems.items()}
        return _representation_page(call, case_no, uen, problems=problems, status=status)
    return redirect(f"/registry/cases/{case_no}?done=representation")


@page(registry_cases, "/registry/cases/{case_no}/representation/end", roles=REGISTRY)
def confirm_end_representation_page(call: Call, case_no: str):
    """Taking a firm off record asks first, naming the firm and its counsel."""
    case = intake.load_case(case_no)
    if case.representation is None:
        return redirect(f"/registry/cases/{case.case_no}")
    return Page("pages/registry/end_representation.html", {"case": case, "representation": case.representation})


@page(registry_cases, "/registry/cases/{case_no}/representation/end", roles=REGISTRY, methods=("POST",))
def end_representation_page(call: Call, case_no: str):
    intake.end_representation(call.actor, case_no, call.now)
    return redirect(f"/registry/cases/{case_no}?done=off_record")


# --- law firms -----------------------------------------------------------------------------------


def _new_firm_page(values: dict | None = None, problems: dict | None = None, status: int = 200) -> Page:
    return Page("pages/registry/new_firm.html", {"values": values or {}, "problems": problems or {}}, status=status)


@page(registry_cases, "/registry/firms/new", roles=REGISTRY)
def new_firm_page(call: Call):
    return _new_firm_page()


@page(registry_cases, "/registry/firms", roles=REGISTRY, methods=("POST",))
def register_firm_page(call: Call):
    submitted = read_form(call.form())
    try:
        firm, _ = firm_accounts.register_firm(call.actor, NewFirm.model_validate(submitted.data), call.now)
    except REFUSALS as error:
        status, problems = problems_of(error, submitted)
        return _new_firm_page(submitted.values, problems, status)
    return redirect(f"/registry/firms/{firm.uen}?done=registered")


@page(registry_cases, "/registry/firms/{uen}", roles=REGISTRY)
def firm_page(call: Call, uen: str):
    reference = FirmLookup.model_validate({"firm_uen": uen})
    firm, members = firm_accounts.firm_with_members(reference.firm_uen or "")
    return Page("pages/registry/firm.html", {"firm": firm, "members": members,
                                             "done": (call.request.query_params or {}).get("done")})
