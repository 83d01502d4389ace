"""The registry's side of filings: the review queue, decisions, fee waivers, and the date the court
set for a Case for the Defence; as pages and as JSON."""

from urllib.parse import urlencode

from chalice import Blueprint
from pydantic import ConfigDict, Field, field_validator

from ..domain.base import Base
from ..domain.cases import Court
from ..domain.filing_types import FILING_TYPES
from ..domain.filing_lifecycle import Step
from ..domain.principals import Role
from ..services import fees, filings
from .filing_schemas import (
    DecisionRequest,
    DefenceCaseDueOut,
    DefenceCaseDueRequest,
    FilingOut,
    QueuePageOut,
    WaiveRequest,
)
from .filings import filing_path, form_lists, step_page
from .routing import Call, Page, api, page, redirect

registry_filings = Blueprint(__name__)
REGISTRY = {Role.REGISTRY}
PAGE_SIZE = 25


class QueueQuery(Base):
    model_config = ConfigDict(extra="forbid")

    court: Court | None = None
    type: str | None = Field(default=None, max_length=40)
    after: str | None = Field(default=None, max_length=1000)
    limit: int = Field(default=PAGE_SIZE, ge=1, le=100)

    @field_validator("court", "type", "after", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return value or None


def _queue(call: Call):
    query = QueueQuery.model_validate(dict(call.request.query_params or {}))
    return query, filings.review_queue(query.court, query.type, query.after, query.limit)


@api(registry_filings, "/api/registry/filings", roles=REGISTRY)
def review_queue_json(call: Call):
    _, found = _queue(call)
    return QueuePageOut.of(found)


@page(registry_filings, "/registry/filings", roles=REGISTRY)
def review_queue_page(call: Call):
    query, found = _queue(call)
    filters = {"court": query.court.value if query.court else "", "type": query.type or ""}
    return Page("pages/registry_queue.html", {
        "rows": found.rows, "courts": list(Court), "types": list(FILING_TYPES.values()), "filters": filters,
        "first_page": None if query.after is None else "/registry/filings?" + urlencode(filters),
        "next_page": None if found.next_cursor is None else "/registry/filings?" + urlencode(
            {**filters, "after": found.next_cursor}),
    })


@api(registry_filings, "/api/registry/cases/{case_no}/filings/{filing_id}/decision", roles=REGISTRY,
     methods=("POST",))
def decide_filing_json(call: Call, case_no: str, filing_id: str):
    request = call.json(DecisionRequest)
    key = (call.request.headers or {}).get("idempotency-key")
    done = filings.decide(call.actor, call.caller, case_no, filing_id, Step(request.decision), request.reason,
                          filings.RequestKey.of(call.caller, key) if key else None, call.now)
    return FilingOut.of(done.filing, done.case_filings)


@page(registry_filings, "/cases/{case_no}/filings/{filing_id}/decision", roles=REGISTRY, methods=("POST",))
def decide_filing_page(call: Call, case_no: str, filing_id: str):
    fields = {name: values[-1] for name, values in form_lists(call).items()}
    request = DecisionRequest.model_validate({"decision": fields.get("decision"), "reason": fields.get("reason")})
    return step_page(call, case_no, filing_id, lambda key: filings.decide(
        call.actor, call.caller, case_no, filing_id, Step(request.decision), request.reason, key, call.now))


@api(registry_filings, "/api/registry/cases/{case_no}/fees/{fee_id}/waive", roles=REGISTRY, methods=("POST",))
def waive_fee_json(call: Call, case_no: str, fee_id: str):
    done = fees.waive(call.actor, call.caller, case_no, fee_id, call.json(WaiveRequest).reason, call.now)
    return FilingOut.of(done.filing, done.case_filings)


@page(registry_filings, "/cases/{case_no}/fees/{fee_id}/waive", roles=REGISTRY, methods=("POST",))
def waive_fee_page(call: Call, case_no: str, fee_id: str):
    request = WaiveRequest.model_validate({"reason": call.form().get("reason", "")})
    done = fees.waive(call.actor, call.caller, case_no, fee_id, request.reason, call.now)
    return redirect(filing_path(done.filing.case_no, done.filing.filing_id))


@api(registry_filings, "/api/registry/cases/{case_no}/defence-case-due", roles=REGISTRY, methods=("PUT",))
def set_defence_case_due_json(call: Call, case_no: str):
    due = filings.record_defence_case_due(call.actor, call.caller, case_no, call.json(DefenceCaseDueRequest).due_on,
                                          call.now)
    return DefenceCaseDueOut.of(case_no.strip().upper(), due)


@page(registry_filings, "/cases/{case_no}/defence-case-due", roles=REGISTRY, methods=("POST",))
def set_defence_case_due_page(call: Call, case_no: str):
    request = DefenceCaseDueRequest.model_validate({"due_on": call.form().get("due_on") or None})
    filings.record_defence_case_due(call.actor, call.caller, case_no, request.due_on, call.now)
    return redirect(f"/cases/{case_no.strip().upper()}#filings-heading")
