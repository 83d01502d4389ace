"""The registry's side of filings: the review queue, decisions, fee waivers, and the date the court
set for a Case for the Defence; as pages and as JSON."""

from __future__ import annotations

from urllib.parse import urlencode


from ..domain.cases import Court
from ..domain.filing_types import FILING_TYPES
from ..domain.filing_lifecycle import Step
from ..domain.principals import Role
from ..services import fees, filings
from .filing_schemas import (
    CasePath,
    DecisionRequest,
    DefenceCaseDueOut,
    DefenceCaseDueRequest,
    FeePath,
    FilingOut,
    FilingPath,
    QueuePageOut,
    QueueQuery,
    StepHeaders,
    WaiveRequest,
)
from .filings import filing_path, form_lists, step_key, step_page
from .routing import Call, Page, RouteGroup, api, page, redirect

registry_filings = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}


def _queue(call: Call):
    query = call.query(QueueQuery)
    return query, filings.review_queue(query.court, query.type, query.cursor, query.limit)


@api(registry_filings, "/api/registry/filings", roles=REGISTRY, query=QueueQuery, returns=QueuePageOut)
def review_queue_json(call: Call):
    """A page of the filings waiting for the registry, oldest first, by court and type."""
    _, found = _queue(call)
    return QueuePageOut.of(found)


@page(registry_filings, "/registry/filings", roles=REGISTRY, query=QueueQuery)
def review_queue_page(call: Call):
    query, found = _queue(call)
    filters = {"court": query.court.value if query.court else "", "type": query.type or ""}

    def link(cursor: str | None) -> str | None:
        return None if cursor is None else "/registry/filings?" + urlencode({**filters, "cursor": cursor})

    return Page("pages/registry_queue.html", {
        "rows": found.items, "courts": list(Court), "types": list(FILING_TYPES.values()), "filters": filters,
        "first_page": None if found.previous_cursor is None else "/registry/filings?" + urlencode(filters),
        "previous_page": link(found.previous_cursor), "next_page": link(found.next_cursor),
    })


@api(registry_filings, "/api/registry/cases/{case_no}/filings/{filing_id}/decision", roles=REGISTRY,
     methods=("POST",), path_params=FilingPath, headers=StepHeaders, body=DecisionRequest, returns=FilingOut)
def decide_filing_json(call: Call, case_no: str, filing_id: str):
    """Start the review of a filing, or approve, accept or reject it (with reasons)."""
    path = call.path(FilingPath)
    request = call.json(DecisionRequest)
    done = filings.decide(call.actor, call.caller, path.case_no, path.filing_id, Step(request.decision),
                          request.reason, step_key(call), call.now)
    return FilingOut.of(done.filing, done.case_filings)


@page(registry_filings, "/cases/{case_no}/filings/{filing_id}/decision", roles=REGISTRY, methods=("POST",))
def decide_filing_page(call: Call, case_no: str, filing_id: str):
    fields = {name: values[-1] for name, values in form_lists(call).items()}
    request = DecisionRequest.model_validate({"decision": fields.get("decision"), "reason": fields.get("reason")})
    return step_page(call, case_no, filing_id, lambda key: filings.decide(
        call.actor, call.caller, case_no, filing_id, Step(request.decision), request.reason, key, call.now))


@api(registry_filings, "/api/registry/cases/{case_no}/fees/{fee_id}/waive", roles=REGISTRY, methods=("POST",),
     path_params=FeePath, body=WaiveRequest, returns=FilingOut)
def waive_fee_json(call: Call, case_no: str, fee_id: str):
    """Waive a fee that is due (with the reason); the filing goes on as if it were paid."""
    path = call.path(FeePath)
    done = fees.waive(call.actor, call.caller, path.case_no, path.fee_id, call.json(WaiveRequest).reason, call.now)
    return FilingOut.of(done.filing, done.case_filings)


@page(registry_filings, "/cases/{case_no}/fees/{fee_id}/waive", roles=REGISTRY, methods=("POST",))
def waive_fee_page(call: Call, case_no: str, fee_id: str):
    request = WaiveRequest.model_validate({"reason": call.form().get("reason", "")})
    done = fees.waive(call.actor, call.caller, case_no, fee_id, request.reason, call.now)
    return redirect(filing_path(done.filing.case_no, done.filing.filing_id))


@api(registry_filings, "/api/registry/cases/{case_no}/defence-case-due", roles=REGISTRY, methods=("PUT",),
     path_params=CasePath, body=DefenceCaseDueRequest, returns=DefenceCaseDueOut)
def set_defence_case_due_json(call: Call, case_no: str):
    """Record the day the court set for the Case for the Defence (a case with a CCDC)."""
    case_no = call.path(CasePath).case_no
    due = filings.record_defence_case_due(call.actor, call.caller, case_no, call.json(DefenceCaseDueRequest).due_on,
                                          call.now)
    return DefenceCaseDueOut.of(case_no, due)


@page(registry_filings, "/cases/{case_no}/defence-case-due", roles=REGISTRY, methods=("POST",))
def set_defence_case_due_page(call: Call, case_no: str):
    request = DefenceCaseDueRequest.model_validate({"due_on": call.form().get("due_on") or None})
    filings.record_defence_case_due(call.actor, call.caller, case_no, request.due_on, call.now)
    return redirect(f"/cases/{case_no.strip().upper()}#filings-heading")
