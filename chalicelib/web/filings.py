"""Filing applications and court documents: the parties' pages and JSON routes.

Without JavaScript a filing is made in three pages: choose what to file; fill in its form (its
PDFs are uploaded first, through ``/cases/{case_no}/upload``, which comes back to the form with the
upload's id); then check the draft, with its fee and any warning, and submit it. Every POST that
creates a filing carries an idempotency key: the ``Idempotency-Key`` header, or a hidden field.

The JSON routes declare their contract (``web/routing.py``): the case and filing in the path, the
idempotency key in a header and the request in the body are each a model, read strictly.
"""

from __future__ import annotations

import secrets
import typing
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode

from pydantic import ValidationError

from ..domain.access import preparation_refusal
from ..domain.errors import Forbidden, RuleViolation
from ..domain.filing_types import FilingType, filing_type
from ..domain.filing_lifecycle import FilingKind, Side, Step, steps_from
from ..domain.filings import submission_refusal, withdrawal_refusal
from ..domain.principals import PARTY_ROLES, Principal, Role
from ..services import filings
from .errors import BadRequest, as_sentence, describe, page_problems
from .filing_schemas import (
    CasePath,
    FilingListOut,
    FilingOut,
    FilingPath,
    FilingRequest,
    FilingSummaryOut,
    FilingTypeOut,
    FilingTypesOut,
    NewFilingHeaders,
    QuoteOut,
    StepHeaders,
    named_by_field,
    parse_filing_request,
)
from .routing import Call, Page, RouteGroup, api, page, redirect

filing = RouteGroup(__name__)
PREPARERS = PARTY_ROLES
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}
CREATED = 201
KEY_FIELD = "idempotency_key"


def filing_path(case_no: str, filing_id: str) -> str:
    return f"/cases/{case_no}/filings/{filing_id}"


def step_key(call: Call) -> filings.RequestKey | None:
    """The optional ``Idempotency-Key`` of a step in a filing's lifecycle."""
    key = call.headers(StepHeaders).key
    return filings.RequestKey.of(call.caller, key) if key is not None else None


def _filing_request(call: Call) -> filings.Draft:
    try:
        return call.json(FilingRequest).draft()
    except ValidationError as error:
        raise named_by_field(error) from None


def _form_key(call: Call, fields: dict[str, list[str]], *, required: bool) -> filings.RequestKey | None:
    key = (fields.get(KEY_FIELD) or [None])[-1]
    if key is None and not required:
        return None
    if key is None:
        raise BadRequest("This form has no idempotency key; reload the page and try again.", field=KEY_FIELD)
    return filings.RequestKey.of(call.caller, key)


def form_lists(call: Call) -> dict[str, list[str]]:
    """Every value of every field (checkboxes repeat a name); ``call.form`` checks size and
    encoding first."""
    call.form()
    return parse_qs((call.request.raw_body or b"").decode("utf-8"), keep_blank_values=True)


def details_from_form(kind: FilingType, fields: dict[str, list[str]]) -> dict[str, Any]:
    """The type's details from its form: lists from repeated fields, ticks as booleans, blanks left
    out so that a missing answer is reported as required."""
    details: dict[str, Any] = {}
    for name, described in kind.details.model_fields.items():
        values = [v for v in fields.get(name, []) if v.strip()]
        if typing.get_origin(described.annotation) is list:
            if values:
                details[name] = values
        elif described.annotation is bool:
            details[name] = bool(values) and values[-1] in ("on", "yes", "true")
        elif values:
            details[name] = values[-1]
    return details


def _documents_from(fields: dict[str, list[str]]) -> dict[str, str]:
    return {name.removeprefix("documents."): values[-1] for name, values in fields.items()
            if name.startswith("documents.") and values and values[-1]}


# --- JSON ----------------------------------------------------------------------------------------


@api(filing, "/api/cases/{case_no}/filing-types", roles=CASE_READERS, path_params=CasePath, returns=FilingTypesOut)
def filing_types_json(call: Call, case_no: str):
    """Every type of filing, and whether the caller may file it for this case now (if not, why)."""
    case_filings = filings.read(call.caller, call.path(CasePath).case_no)
    return FilingTypesOut(case_no=case_filings.case.case_no,
                          types=[FilingTypeOut.of(c) for c in filings.choices(call.caller, case_filings, call.now)])


@api(filing, "/api/cases/{case_no}/filings/quote", roles=PREPARERS, methods=("POST",), path_params=CasePath,
     body=FilingRequest, returns=QuoteOut)
def quote_filing_json(call: Call, case_no: str):
    """The fee and warnings a filing would have if it were submitted now; nothing is stored."""
    case_no = call.path(CasePath).case_no
    draft = _filing_request(call)
    return QuoteOut.of(draft.type.code, filings.quote(call.caller, case_no, draft, call.now))


@api(filing, "/api/cases/{case_no}/filings", roles=PREPARERS, methods=("POST",), path_params=CasePath,
     headers=NewFilingHeaders, body=FilingRequest, returns=FilingOut, status=CREATED)
def create_filing_json(call: Call, case_no: str):
    """Prepare a filing as a draft. The same Idempotency-Key and body again give the same draft back;
    the key with another body is refused (422)."""
    case_no = call.path(CasePath).case_no
    key = filings.RequestKey.of(call.caller, call.headers(NewFilingHeaders).key)
    made = filings.create(call.actor, call.caller, case_no, _filing_request(call), key, call.now)
    return CREATED, FilingOut.of(made.filing, made.case_filings)


@api(filing, "/api/cases/{case_no}/filings", roles=CASE_READERS, path_params=CasePath, returns=FilingListOut)
def list_filings_json(call: Call, case_no: str):
    """The case's filings the caller may see (read with the case, in one Query of its partition)."""
    case_filings = filings.read(call.caller, call.path(CasePath).case_no)
    return FilingListOut(case_no=case_filings.case.case_no,
                         filings=[FilingSummaryOut.of(f) for f in case_filings.visible_to(call.caller)])


@api(filing, "/api/cases/{case_no}/filings/{filing_id}", roles=CASE_READERS, path_params=FilingPath,
     returns=FilingOut)
def filing_json(call: Call, case_no: str, filing_id: str):
    """One filing with its documents, fee and timeline."""
    path = call.path(FilingPath)
    case_filings, found = filings.read_filing(call.caller, path.case_no, path.filing_id)
    return FilingOut.of(found, case_filings)


@api(filing, "/api/cases/{case_no}/filings/{filing_id}/submit", roles=PREPARERS, methods=("POST",),
     path_params=FilingPath, headers=StepHeaders, returns=FilingOut)
def submit_filing_json(call: Call, case_no: str, filing_id: str):
    """Submit a draft to the registry (counsel, or an accused person without a lawyer)."""
    path = call.path(FilingPath)
    done = filings.submit(call.actor, call.caller, path.case_no, path.filing_id, step_key(call), call.now)
    return FilingOut.of(done.filing, done.case_filings)


@api(filing, "/api/cases/{case_no}/filings/{filing_id}/withdraw", roles=PREPARERS, methods=("POST",),
     path_params=FilingPath, headers=StepHeaders, returns=FilingOut)
def withdraw_filing_json(call: Call, case_no: str, filing_id: str):
    """Withdraw a filing before the registry reviews it."""
    path = call.path(FilingPath)
    done = filings.withdraw(call.actor, call.caller, path.case_no, path.filing_id, step_key(call), call.now)
    return FilingOut.of(done.filing, done.case_filings)


# --- pages ---------------------------------------------------------------------------------------


@page(filing, "/cases/{case_no}/filings/new", roles=PREPARERS)
def new_filing_page(call: Call, case_no: str):
    case_filings = filings.read(call.caller, case_no)
    refusal = preparation_refusal(call.caller, case_filings.case)
    if refusal is not None:
        raise Forbidden(refusal)
    choices = filings.choices(call.caller, case_filings, call.now)
    return Page("pages/filings/new.html", {
        "case": case_filings.case,
        "applications": [c for c in choices if c.type.kind is FilingKind.APPLICATION],
        "documents": [c for c in choices if c.type.kind is FilingKind.DOCUMENT],
    })


def _attached_from_query(kind: FilingType, query: dict[str, str]) -> dict[str, str]:
    """Uploads already attached on the form (``<slot>=<id>``), and the one just uploaded
    (``slot=<slot>&upload=<id>``, as the upload page sends people back)."""
    attached = {slot.name: query[slot.name] for slot in kind.documents if query.get(slot.name)}
    slot, upload = query.get("slot"), query.get("upload")
    if slot and upload and kind.slot(slot) is not None:
        attached[slot] = upload
    return attached


def _form_page(call: Call, case_filings, kind: FilingType, *, values: dict[str, Any], attached: dict[str, str],
               problems: dict[str, str] | None = None, status: int = 200) -> Page:
    case = case_filings.case

    def upload_link(slot: str) -> str:
        back = f"/cases/{case.case_no}/filings/new/{kind.code}?" + urlencode({**attached, "slot": slot})
        return f"/cases/{case.case_no}/upload?" + urlencode({"next": back})

    return Page("pages/filings/form.html", {
        "case": case, "kind": kind, "values": values, "problems": problems or {},
        "labels": {name: f.title or name for name, f in kind.details.model_fields.items()}
        | {f"documents.{slot.name}": slot.label for slot in kind.documents},
        "attached": {name: case_filings.upload(upload_id) for name, upload_id in attached.items()},
        "attached_ids": attached, "upload_link": upload_link, "idempotency_key": secrets.token_urlsafe(24),
        "next_event": case.next_event(call.now), "defence_case_due": case_filings.defence_case_due,
        "remove_link": lambda slot: f"/cases/{case.case_no}/filings/new/{kind.code}?" + urlencode(
            {k: v for k, v in attached.items() if k != slot}),
    }, status=status)


def _ready_to_prepare(call: Call, case_filings, kind: FilingType) -> None:
    refusal = preparation_refusal(call.caller, case_filings.case)
    if refusal is not None:
        raise Forbidden(refusal)
    refusal = kind.eligibility(case_filings.context(call.now))
    if refusal is not None:
        raise RuleViolation(refusal, field="type")


@page(filing, "/cases/{case_no}/filings/new/{type_code}", roles=PREPARERS)
def filing_form_page(call: Call, case_no: str, type_code: str):
    kind = filing_type(type_code)
    case_filings = filings.read(call.caller, case_no)
    _ready_to_prepare(call, case_filings, kind)
    attached = _attached_from_query(kind, dict(call.request.query_params or {}))
    return _form_page(call, case_filings, kind, values=kind.prefill(case_filings.context(call.now)),
                      attached=attached)


def problems_of(error: Exception, kind: FilingType) -> tuple[int, dict[str, str]]:
    """Each problem as a sentence naming its field in words, by the form field it belongs to
    (``departure_date``, ``documents.document``)."""
    status, body = describe(error)
    words = {name: (described.title or name).lower() for name, described in kind.details.model_fields.items()}
    problems = {}
    for problem in page_problems(error, words) or [{"field": "form", "message": as_sentence(body["message"])}]:
        name = problem["field"].removeprefix("details.")
        message = problem["message"]
        if message.startswith("List should have at least"):
            message = f"Tick at least one of the {words.get(name.split('.')[0], name)}."
        problems[name] = message
    return status, problems


@page(filing, "/cases/{case_no}/filings", roles=PREPARERS, methods=("POST",))
def create_filing_page(call: Call, case_no: str):
    fields = form_lists(call)
    kind = filing_type((fields.get("type") or [""])[-1])
    key = _form_key(call, fields, required=True)
    documents = _documents_from(fields)
    details = details_from_form(kind, fields)
    try:
        draft = parse_filing_request({"type": kind.code, "details": details, "documents": documents})
        made = filings.create(call.actor, call.caller, case_no, draft, key, call.now)
    except (ValidationError, RuleViolation) as error:
        case_filings = filings.read(call.caller, case_no)
        status, problems = problems_of(error, kind)
        values = {name: fields[name] if typing.get_origin(f.annotation) is list else fields[name][-1]
                  for name, f in kind.details.model_fields.items() if name in fields}
        return _form_page(call, case_filings, kind, values=values, attached=documents, problems=problems,
                          status=status)
    return redirect(filing_path(made.filing.case_no, made.filing.filing_id))


def actions_for(principal: Principal, case_filings, found) -> dict[str, Any]:
    """What the page offers this caller, and why a filer cannot submit if they cannot."""
    case = case_filings.case
    side = Side.REGISTRY if principal.role is Role.REGISTRY else Side.FILER
    steps = steps_from(found.kind, found.status, side)
    submit = Step.SUBMIT in steps
    submit_refusal = submission_refusal(principal, case, found) if submit else None
    withdraw = Step.WITHDRAW in steps and withdrawal_refusal(principal, case, found) is None
    fee = case_filings.fee(found.fee_id)
    return {
        "may_submit": submit and submit_refusal is None, "submit_refusal": submit_refusal,
        "may_withdraw": withdraw, "decisions": [s.value for s in steps if side is Side.REGISTRY and s in filings.DECISIONS],
        "may_waive": side is Side.REGISTRY and fee is not None and fee.is_due,
    }


def describe_details(kind: FilingType, details: dict[str, Any]) -> list[tuple[str, str]]:
    """The filer's statements as label and text, in the order of the type's schema."""
    rows = []
    for name, described in kind.details.model_fields.items():
        value = details.get(name)
        if value in (None, "", []):
            continue
        labels = dict(kind.options.get(name, ()))
        if isinstance(value, list):
            text = "; ".join(labels.get(v, str(v)) for v in value)
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif described.annotation is date:
            day = date.fromisoformat(value)
            text = f"{day:%a}, {day.day} {day:%b %Y}"
        else:
            text = str(value)
        rows.append((described.title or name.replace("_", " ").capitalize(), text))
    return rows


@page(filing, "/cases/{case_no}/filings/{filing_id}", roles=CASE_READERS)
def filing_page(call: Call, case_no: str, filing_id: str):
    case_filings, found = filings.read_filing(call.caller, case_no, filing_id)
    kind = filing_type(found.type_code)
    quote = None
    if found.is_draft:
        # A draft shows the fee and warnings as they would be if it were submitted now.
        context = case_filings.context(call.now)
        details = kind.details.model_validate(found.details)
        quote = kind.quote(details, context)
        found = found.model_copy(update={"warnings": tuple(kind.warnings(details, context))})
    return Page("pages/filings/filing.html", {
        "case": case_filings.case, "filing": found, "view": FilingOut.of(found, case_filings),
        "fee": case_filings.fee(found.fee_id), "kind": kind, "quote": quote,
        "detail_rows": describe_details(kind, found.details),
        "idempotency_key": secrets.token_urlsafe(24), **actions_for(call.caller, case_filings, found),
    })


def step_page(call: Call, case_no: str, filing_id: str, run) -> object:
    """A form that takes one step of a filing's lifecycle, then shows the filing again."""
    run(_form_key(call, form_lists(call), required=False))
    return redirect(filing_path(case_no.strip().upper(), filing_id))


@page(filing, "/cases/{case_no}/filings/{filing_id}/submit", roles=PREPARERS, methods=("POST",))
def submit_filing_page(call: Call, case_no: str, filing_id: str):
    return step_page(call, case_no, filing_id,
                      lambda key: filings.submit(call.actor, call.caller, case_no, filing_id, key, call.now))


@page(filing, "/cases/{case_no}/filings/{filing_id}/withdraw", roles=PREPARERS, methods=("POST",))
def withdraw_filing_page(call: Call, case_no: str, filing_id: str):
    return step_page(call, case_no, filing_id,
                      lambda key: filings.withdraw(call.actor, call.caller, case_no, filing_id, key, call.now))
