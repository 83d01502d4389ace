"""Registry intake API: the State Courts Crime Registry creates cases and keeps them current."""

from __future__ import annotations


from ..domain.intake import (
    BailInput,
    ChargeChange,
    ChargeInput,
    CourtEventChange,
    CourtEventInput,
    NewCase,
    RepresentationInput,
)
from ..domain.principals import Role
from ..services import intake
from .routing import Call, RouteGroup, api
from .schemas import BailOut, CaseOut, ChargeOut, EventOut, RepresentationOut

registry = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
CREATED = 201


@api(registry, "/api/registry/cases", roles=REGISTRY, methods=("POST",), body=NewCase, returns=CaseOut,
     status=CREATED)
def create_case(call: Call):
    case = intake.create_case(call.actor, call.json(NewCase), call.now)
    return CREATED, CaseOut.of(case, call.now)


@api(registry, "/api/registry/cases/{case_no}", roles=REGISTRY, returns=CaseOut)
def get_case(call: Call, case_no: str):
    return CaseOut.of(intake.load_case(case_no), call.now)


@api(registry, "/api/registry/cases/{case_no}/charges", roles=REGISTRY, methods=("POST",), body=ChargeInput,
     returns=ChargeOut, status=CREATED)
def add_charge(call: Call, case_no: str):
    return CREATED, ChargeOut.of(intake.add_charge(call.actor, case_no, call.json(ChargeInput), call.now))


@api(registry, "/api/registry/cases/{case_no}/charges/{charge_no}", roles=REGISTRY, methods=("PATCH",),
     body=ChargeChange, returns=ChargeOut)
def change_charge(call: Call, case_no: str, charge_no: str):
    return ChargeOut.of(intake.change_charge(call.actor, case_no, charge_no, call.json(ChargeChange), call.now))


@api(registry, "/api/registry/cases/{case_no}/events", roles=REGISTRY, methods=("POST",), body=CourtEventInput,
     returns=EventOut, status=CREATED)
def fix_event(call: Call, case_no: str):
    return CREATED, EventOut.of(intake.fix_event(call.actor, case_no, call.json(CourtEventInput), call.now))


@api(registry, "/api/registry/cases/{case_no}/events/{event_id}", roles=REGISTRY, methods=("PATCH",),
     body=CourtEventChange, returns=EventOut)
def change_event(call: Call, case_no: str, event_id: str):
    return EventOut.of(intake.change_event(call.actor, case_no, event_id, call.json(CourtEventChange), call.now))


@api(registry, "/api/registry/cases/{case_no}/representation", roles=REGISTRY, methods=("PUT",),
     body=RepresentationInput, returns=RepresentationOut, status=CREATED)
def record_representation(call: Call, case_no: str):
    command = call.json(RepresentationInput)
    return CREATED, RepresentationOut.of(intake.record_representation(call.actor, case_no, command, call.now))


@api(registry, "/api/registry/cases/{case_no}/representation", roles=REGISTRY, methods=("DELETE",),
     returns=RepresentationOut)
def end_representation(call: Call, case_no: str):
    return RepresentationOut.of(intake.end_representation(call.actor, case_no, call.now))


@api(registry, "/api/registry/cases/{case_no}/bail", roles=REGISTRY, methods=("PUT",), body=BailInput,
     returns=BailOut)
def set_bail(call: Call, case_no: str):
    return BailOut.of(intake.set_bail(call.actor, case_no, call.json(BailInput), call.now))
