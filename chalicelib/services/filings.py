"""Filing applications and court documents, and the registry's decisions on them.

Every function reads the case's partition once (the case, its filings, fees and uploads), lets the
domain decide (who may, which type, which step of the lifecycle) and commits one unit of work: the
filing's change with its audit entry and its notices. Submitting is that one read and one
transaction; so is every decision.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pydantic import BaseModel

from ..domain.access import preparation_refusal
from ..domain.audit import Actor, AuditAction
from ..domain.cases import Court, EventType
from ..domain.errors import Forbidden, NotFound, RuleViolation
from ..domain.fees import Fee, FeeQuote, dollars
from ..domain.filing_types import FILING_TYPES, FilingType, filing_type
from ..domain.filing_lifecycle import FilingStatus, Step, notices_for, transition
from ..domain.filings import (
    AttachedDocument,
    CaseFilings,
    DefenceCaseDue,
    Filer,
    Filing,
    HistoryEntry,
    new_reference,
    registry_refusal,
    submission_refusal,
    withdrawal_refusal,
)
from ..domain.principals import Principal
from ..store import filings as store
from ..store import fees as fee_store
from ..store import idempotency, uploads
from ..store.case_write import CaseWrite
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal
from ..store.unit_of_work import UnitOfWork
from .case_views import visible_case

# Idempotency keys: what clients send (a UUID fits), never anything that could be a path.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")
KEY_SHAPE = "8 to 100 letters, digits or the characters _ . : - (a UUID does)"


@dataclass(frozen=True)
class RequestKey:
    """An ``Idempotency-Key`` as one caller sent it."""

    caller_id: str
    key: str

    @classmethod
    def of(cls, principal: Principal, key: str | None) -> "RequestKey":
        if not key or not KEY_PATTERN.fullmatch(key):
            raise RuleViolation(f"Send an Idempotency-Key of {KEY_SHAPE}, new for each new filing and the same "
                                "when you retry one.", field="Idempotency-Key")
        return cls(principal.subject_id, key)

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.caller_id}:{self.key}".encode()).hexdigest()


@dataclass(frozen=True)
class Draft:
    """What a filer asks to file, validated against its type's schema."""

    type: FilingType
    details: BaseModel
    documents: dict[str, str]

    def fingerprint(self, case_no: str) -> str:
        body = {"case_no": case_no, "type": self.type.code, "details": self.details.model_dump(mode="json"),
                "documents": self.documents}
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Choice:
    type: FilingType
    refusal: str | None  # why this case may not have one now


@dataclass(frozen=True)
class Quote:
    fee: FeeQuote
    warnings: list[str]
    facts: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    """A filing as a step left it, with its case as the step left it (for the answer's details)."""

    case_filings: CaseFilings
    filing: Filing
    replayed: bool = False  # an earlier request with the same key made it so; nothing was written now


# --- reading -----------------------------------------------------------------------------------


def read(principal: Principal, case_no: str) -> CaseFilings:
    """The case with its filings, if the caller may see it: one Query."""
    number = case_no.strip().upper()
    case_filings = store.read_case(number)
    visible_case(principal, case_no, case_filings.case if case_filings else None)
    assert case_filings is not None
    return case_filings


def read_filing(principal: Principal, case_no: str, filing_id: str) -> tuple[CaseFilings, Filing]:
    case_filings = read(principal, case_no)
    filing = case_filings.filing(filing_id)
    if filing is None or filing not in case_filings.visible_to(principal):
        raise NotFound(f"case {case_filings.case.case_no} has no filing {filing_id} that you can view",
                       field="filing_id")
    return case_filings, filing


def case_page_section(principal: Principal, case_filings: CaseFilings) -> dict:
    """What the case page shows of filings: those the caller may see, their fees, whether the
    caller may start one, and the court's date for a Case for the Defence."""
    return {"filings": case_filings.visible_to(principal), "case_filings": case_filings,
            "may_prepare": preparation_refusal(principal, case_filings.case) is None,
            "defence_case_due": case_filings.defence_case_due}


def choices(principal: Principal, case_filings: CaseFilings, now: datetime) -> list[Choice]:
    """Every type, with why this case may not have it now (the caller's own refusal first)."""
    refusal = preparation_refusal(principal, case_filings.case)
    context = case_filings.context(now)
    return [Choice(t, refusal or t.eligibility(context)) for t in FILING_TYPES.values()]


def _eligible(principal: Principal, case_filings: CaseFilings, kind: FilingType, now: datetime):
    refusal = preparation_refusal(principal, case_filings.case)
    if refusal is not None:
        raise Forbidden(refusal)
    context = case_filings.context(now)
    refusal = kind.eligibility(context)
    if refusal is not None:
        raise RuleViolation(refusal, field="type")
    return context


def quote(principal: Principal, case_no: str, draft: Draft, now: datetime) -> Quote:
    """The fee and warnings a filing would have, before anything is written."""
    case_filings = read(principal, case_no)
    context = _eligible(principal, case_filings, draft.type, now)
    draft.type.check(draft.details, context)
    return Quote(fee=draft.type.quote(draft.details, context), warnings=draft.type.warnings(draft.details, context),
                 facts=draft.type.facts(draft.details, context))


# --- preparing and submitting ------------------------------------------------------------------


def _attached(draft: Draft, case_filings: CaseFilings) -> tuple[AttachedDocument, ...]:
    kind, case_no = draft.type, case_filings.case.case_no
    for name in draft.documents:
        if kind.slot(name) is None:
            carried = ", ".join(s.name for s in kind.documents) or "none"
            raise RuleViolation(f"A {kind.label.lower()} carries no document called {name!r} (it carries: {carried}).",
                                field=f"documents.{name}")
    for slot in kind.documents:
        if slot.required and not draft.documents.get(slot.name):
            raise RuleViolation(f"Upload {slot.label.lower()} first: a {kind.label.lower()} needs it.",
                                field=f"documents.{slot.name}")
    if len(set(draft.documents.values())) != len(draft.documents):
        raise RuleViolation("Each document may be attached once.", field="documents")
    for name, upload_id in draft.documents.items():
        upload = case_filings.upload(upload_id)
        if upload is None or not upload.verified:
            raise RuleViolation(f"The document {upload_id} has not been uploaded and checked for case {case_no}: "
                                "upload the PDF and wait until it is accepted, then attach it.",
                                field=f"documents.{name}")
    return tuple(AttachedDocument(slot=name, upload_id=upload_id) for name, upload_id in draft.documents.items())


def create(actor: Actor, principal: Principal, case_no: str, draft: Draft, key: RequestKey, now: datetime) -> Outcome:
    """Prepare a filing as a draft. The same key and body again give the same draft back; the same
    key with another body is refused (422)."""
    case_filings = read(principal, case_no)
    case = case_filings.case
    fingerprint = draft.fingerprint(case.case_no)
    earlier = case_filings.by_request(key.digest)
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise _key_reused()
        return Outcome(case_filings, earlier, replayed=True)
    context = _eligible(principal, case_filings, draft.type, now)
    draft.type.check(draft.details, context)
    documents = _attached(draft, case_filings)
    prefix = "APP" if draft.type.is_application else "DOC"
    filing = Filing(
        filing_id=new_reference(prefix), case_no=case.case_no, court=case.court, kind=draft.type.kind,
        type_code=draft.type.code, type_label=draft.type.label, status=FilingStatus.DRAFT,
        details=draft.details.model_dump(mode="json"), facts=draft.type.facts(draft.details, context),
        warnings=tuple(draft.type.warnings(draft.details, context)), documents=documents,
        prepared_by=Filer.of(principal), on_behalf_of=case.accused.name, created_at=now,
        history=(HistoryEntry(at=now, step=None, status=FilingStatus.DRAFT, by_name=principal.display_name,
                              by_role=principal.role.value),),
        request=key.digest, fingerprint=fingerprint,
    )
    write = CaseWrite.of(case, actor, now)
    store.create_in(write, filing)
    for document in documents:
        uploads.require_verified_in(write, case.case_no, document.upload_id, field=f"documents.{document.slot}")
    idempotency.claim_in(write, key.caller_id, key.key,
                         idempotency.KeyRecord(case_no=case.case_no, filing_id=filing.filing_id,
                                               fingerprint=fingerprint))
    write.audit(AuditAction.FILING_DRAFTED, target=case.case_no, detail=f"{filing.filing_id}: {filing.type_label}")
    try:
        write.commit()
    except idempotency.KeyAlreadyUsed:
        # Used meanwhile, or on another case: answer as the request that used it was answered.
        record = idempotency.recorded(key.caller_id, key.key, now)
        if record is None or record.fingerprint != fingerprint:
            raise _key_reused() from None
        made_in, made = read_filing(principal, record.case_no, record.filing_id)
        return Outcome(made_in, made, replayed=True)
    return Outcome(case_filings.updated(filing), filing)


def _key_reused() -> RuleViolation:
    return RuleViolation("This Idempotency-Key was already used for a different request. Use a new key for a new "
                         "filing.", field="Idempotency-Key")


def submit(actor: Actor, principal: Principal, case_no: str, filing_id: str, key: RequestKey | None,
           now: datetime) -> Outcome:
    """Send a draft to the court: checked again against the case as it is now, its documents
    checked in the same transaction, and its fee raised if it has one."""
    case_filings, filing = read_filing(principal, case_no, filing_id)
    request = key.digest if key else None
    if filing.replays(Step.SUBMIT, request) or filing.replays(Step.SUBMIT_WITH_FEE, request):
        return Outcome(case_filings, filing, replayed=True)
    case = case_filings.case
    refusal = submission_refusal(principal, case, filing)
    if refusal is not None:
        raise Forbidden(refusal)
    transition(filing.kind, filing.status, Step.SUBMIT)  # 409 before anything else if it is not a draft
    kind = filing_type(filing.type_code)
    details = kind.details.model_validate(filing.details)
    context = case_filings.context(now)
    refusal = kind.eligibility(context)
    if refusal is not None:
        raise RuleViolation(refusal, field="type")
    kind.check(details, context)
    price = kind.quote(details, context)
    fee = None
    if price.is_due:
        fee = Fee.raised(new_reference("FEE"), case.case_no, filing.filing_id, price, now)
    step = Step.SUBMIT_WITH_FEE if fee else Step.SUBMIT
    note = f"Fee due: {dollars(fee.amount_cents)}, reference {fee.fee_id}." if fee else None
    after, row = filing.model_copy(update={
        "facts": kind.facts(details, context), "warnings": tuple(kind.warnings(details, context)),
        "fee_id": fee.fee_id if fee else None,
    }).advance(step, principal, principal.display_name, now, note=note, request=request)
    write = CaseWrite.of(case, actor, now)
    for document in filing.documents:
        uploads.require_verified_in(write, case.case_no, document.upload_id, field=f"documents.{document.slot}")
    store.replace_in(write, filing, after)
    if fee is not None:
        fee_store.raise_in(write, fee)
    write.audit(row.audit, target=case.case_no, detail=_detail(after, note))
    write.notify(*notices_for(row, after, fee, now))
    write.commit()
    return Outcome(case_filings.updated(after, *([fee] if fee else [])), after)


def withdraw(actor: Actor, principal: Principal, case_no: str, filing_id: str, key: RequestKey | None,
             now: datetime) -> Outcome:
    case_filings, filing = read_filing(principal, case_no, filing_id)
    request = key.digest if key else None
    if filing.replays(Step.WITHDRAW, request):
        return Outcome(case_filings, filing, replayed=True)
    refusal = withdrawal_refusal(principal, case_filings.case, filing)
    if refusal is not None:
        raise Forbidden(refusal)
    after, row = filing.advance(Step.WITHDRAW, principal, principal.display_name, now, request=request)
    fee = case_filings.fee(filing.fee_id)
    cancelled = fee.cancelled() if fee is not None and fee.is_due else None
    _commit_step(actor, filing, after, row, fee, now, cancel_fee=cancelled is not None)
    return Outcome(case_filings.updated(after, *([cancelled] if cancelled else [])), after)


# --- the registry ------------------------------------------------------------------------------

DECISIONS = (Step.START_REVIEW, Step.APPROVE, Step.ACCEPT, Step.REJECT)


def decide(actor: Actor, principal: Principal, case_no: str, filing_id: str, step: Step, note: str | None,
           key: RequestKey | None, now: datetime) -> Outcome:
    """Take up, approve, accept or reject a filing, as the transition table allows."""
    refusal = registry_refusal(principal)
    if refusal is not None:
        raise Forbidden(refusal)
    if step not in DECISIONS:
        raise RuleViolation(f"{step.value!r} is not a decision; decide one of: "
                            f"{', '.join(s.value for s in DECISIONS)}.", field="decision")
    case_filings, filing = read_filing(principal, case_no, filing_id)
    request = key.digest if key else None
    if filing.replays(step, request):
        return Outcome(case_filings, filing, replayed=True)
    after, row = filing.advance(step, principal, principal.display_name, now, note=note, request=request)
    _commit_step(actor, filing, after, row, case_filings.fee(filing.fee_id), now)
    return Outcome(case_filings.updated(after), after)


def _commit_step(actor: Actor, before: Filing, after: Filing, row, fee: Fee | None, now: datetime, *,
                 cancel_fee: bool = False) -> None:
    write = UnitOfWork(actor, now)
    store.replace_in(write, before, after)
    if cancel_fee and fee is not None:
        fee_store.cancel_in(write, fee)
    write.audit(row.audit, target=before.case_no, detail=_detail(after, after.history[-1].note))
    write.notify(*notices_for(row, after, fee, now))
    write.commit()


def _detail(filing: Filing, note: str | None) -> str:
    detail = f"{filing.filing_id}: {filing.type_label}, now {filing.status.label.lower()}"
    return f"{detail}. {note}" if note else detail


def record_defence_case_due(actor: Actor, principal: Principal, case_no: str, due_on: date,
                            now: datetime) -> DefenceCaseDue:
    """The date the court set for the Case for the Defence, which puts the case in the CCDC
    process; a case must have a CCDC on record first."""
    case_filings = read(principal, case_no)
    case = case_filings.case
    if not any(event.type is EventType.CCDC for event in case.events):
        raise RuleViolation(f"Case {case.case_no} has no Criminal Case Disclosure Conference on record; fix the CCDC "
                            "first, then the date the court set for the Case for the Defence.", field="due_on")
    due = DefenceCaseDue(due_on=due_on, recorded_at=now, recorded_by=principal.display_name)
    write = CaseWrite.of(case, actor, now)
    store.record_defence_case_due_in(write, case.case_no, due)
    write.audit(AuditAction.DEFENCE_CASE_DUE_RECORDED, target=case.case_no, detail=f"due on {due_on.isoformat()}")
    write.commit()
    return due


def review_queue(court: Court | None, type_code: str | None, cursor: str | None,
                 size: int = store.QUEUE_PAGE) -> KeyPage[store.QueueRow]:
    """A page of the registry's review queue, oldest first, optionally of one court or type."""
    if type_code is not None:
        filing_type(type_code)  # an unknown type is named, not answered with an empty list
    try:
        return store.review_queue(court, type_code, cursor=cursor, size=size)
    except InvalidCursor as error:
        raise cursor_refusal(error) from error
