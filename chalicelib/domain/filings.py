"""Filings: the applications and court documents a party files for a case.

A filing is prepared as a draft (by an accused person without a lawyer, by counsel, or by a
paralegal for counsel to submit), submitted, and then decided by the registry, one step of
``domain/filing_lifecycle.py`` at a time. What each type of filing asks for, allows and costs lives
in ``domain/filing_types.py``. This module holds the filing itself, who may do what with it, its
timeline in plain words, and the view of a case with its filings.
"""

import secrets
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, StringConstraints

from .base import Base
from .access import accused_filing_refusal
from .cases import CaseFile, Court
from .documents import Upload
from .fees import Fee, dollars
from .filing_lifecycle import (
    AWAITING_REGISTRY,
    FINAL,
    FilingKind,
    FilingStatus,
    Step,
    Transition,
    take_note,
    transition,
)
from .firms import submission_refusal as firm_submission_refusal
from .principals import FIRM_ROLES, Principal, Role

# Filing and fee references: ``APP-7K3Q9M2X``, ``DOC-…``, ``FEE-…``: short enough to read out on the
# phone, random enough not to guess, in Crockford's base 32 (no I, L, O or U) and ASCII only.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_REFERENCE_BODY = "[0-9A-HJKMNP-TV-Z]{8}"
FILING_ID_PATTERN = rf"^(APP|DOC)-{_REFERENCE_BODY}$"
FEE_ID_PATTERN = rf"^FEE-{_REFERENCE_BODY}$"


def new_reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _tidy_reference(value: object) -> object:
    # Read out or copied from a letter, a reference may come in lower case or with spaces around it.
    return value.strip().upper() if isinstance(value, str) else value


# As ``domain.intake.CaseNumber``: the pattern first, so that the API's contract shows it.
FilingId = Annotated[str, StringConstraints(pattern=FILING_ID_PATTERN), BeforeValidator(_tidy_reference)]
FeeId = Annotated[str, StringConstraints(pattern=FEE_ID_PATTERN), BeforeValidator(_tidy_reference)]


# --- the filing ----------------------------------------------------------------------------------


class Filer(Base):
    """Someone who prepared or submitted a filing, as they were when they did."""

    model_config = ConfigDict(frozen=True)

    role: Role
    subject_id: str
    name: str
    firm_uen: str | None = None
    firm_name: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> "Filer":
        return cls(role=principal.role, subject_id=principal.subject_id, name=principal.display_name,
                   firm_uen=principal.firm_uen, firm_name=principal.firm_name)

    @property
    def label(self) -> str:
        if self.firm_name:
            return f"{self.name} ({self.role.label.lower()}, {self.firm_name})"
        return f"{self.name} ({self.role.label.lower()})"


class HistoryEntry(Base):
    model_config = ConfigDict(frozen=True)

    at: datetime
    step: Step | None  # None: the draft was made
    status: FilingStatus
    by_name: str
    by_role: str
    note: str | None = None  # a reason, the approval's conditions, the fee owed
    request: str | None = None  # the digest of the idempotency key the step was asked with


class AttachedDocument(Base):
    model_config = ConfigDict(frozen=True)

    slot: str  # which of the type's documents it is ("document", "bailor_consent", ...)
    upload_id: str


class Filing(Base):
    """One application or court document: ``CASE#<case_no>/FILING#<filing_id>``."""

    model_config = ConfigDict(frozen=True)

    filing_id: str
    case_no: str
    court: Court
    kind: FilingKind
    type_code: str
    type_label: str
    status: FilingStatus
    details: dict[str, Any]  # as the type's schema validated them
    facts: dict[str, str] = {}  # what the court's records said when it was filed (the next court date)
    warnings: tuple[str, ...] = ()  # what the filer was warned of before submitting (a trip over a court date)
    documents: tuple[AttachedDocument, ...] = ()
    prepared_by: Filer
    filed_by: Filer | None = None  # who submitted it
    on_behalf_of: str  # the accused's name: every filing here is made for the accused
    created_at: datetime
    submitted_at: datetime | None = None
    queued_at: datetime | None = None  # since when it waits for the registry
    decided_at: datetime | None = None
    reason: str | None = None  # the refusal's reasons, or the approval's conditions
    fee_id: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    request: str | None = None  # digest of the caller's idempotency key that created it
    fingerprint: str | None = None  # digest of the request that created it

    @property
    def is_draft(self) -> bool:
        return self.status is FilingStatus.DRAFT

    @property
    def was_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def awaits_registry(self) -> bool:
        return self.status in AWAITING_REGISTRY

    def advance(self, step: Step, by: Principal | None, by_name: str, now: datetime, *,
                note: str | None = None, request: str | None = None) -> tuple["Filing", Transition]:
        """The filing after ``step`` (status, timestamps, a history entry) and the table's row for
        it; an illegal step is refused (409), a missing reason too (422). No storage."""
        row = transition(self.kind, self.status, step)
        note = take_note(row, note)
        changes: dict[str, Any] = {"status": row.target}
        if step in (Step.SUBMIT, Step.SUBMIT_WITH_FEE):
            changes |= {"submitted_at": now, "filed_by": Filer.of(by) if by else None}
        if row.target in AWAITING_REGISTRY and self.status not in AWAITING_REGISTRY:
            changes["queued_at"] = now
        if row.target in FINAL:
            changes["decided_at"] = now
        if step in (Step.APPROVE, Step.REJECT):
            changes["reason"] = note
        entry = HistoryEntry(at=now, step=step, status=row.target, by_name=by_name,
                             by_role=by.role.value if by else "system", note=note, request=request)
        changes["history"] = (*self.history, entry)
        return self.model_copy(update=changes), row

    def replays(self, step: Step, request: str | None) -> bool:
        """Whether this step was already taken with this idempotency key (a retried request)."""
        return request is not None and any(e.step is step and e.request == request for e in self.history)


# --- who may do what -----------------------------------------------------------------------------

REGISTRY_DOES_NOT_FILE = "Registry officers record filings; parties and their counsel make them."


def _same_side(principal: Principal, filer: Filer) -> bool:
    if principal.role is Role.ACCUSED:
        return filer.role is Role.ACCUSED and filer.subject_id == principal.subject_id
    return principal.role in FIRM_ROLES and filer.firm_uen is not None and filer.firm_uen == principal.firm_uen


def submission_refusal(principal: Principal, case: CaseFile, filing: Filing | None = None) -> str | None:
    """Why this caller may not submit (or withdraw) a filing for this case, or None if they may:
    an accused person without a lawyer on record for their own case; counsel of the firm on
    record for their client. A paralegal prepares; counsel submits."""
    if principal.role is Role.ACCUSED:
        refusal = accused_filing_refusal(principal, case)
        if refusal is None and filing is not None and not _same_side(principal, filing.prepared_by):
            return "This draft was prepared by someone else; only the person who prepared it may submit it."
        return refusal
    if principal.role is Role.REGISTRY:
        return REGISTRY_DOES_NOT_FILE
    refusal = firm_submission_refusal(principal)
    if refusal is not None:
        return refusal
    representation = case.representation
    if representation is None or representation.firm_uen != principal.firm_uen:
        return "Only counsel of the firm on record for this case submit its filings."
    if filing is not None and not _same_side(principal, filing.prepared_by):
        return "This draft was prepared by the accused person; they submit it themself or withdraw it."
    return None


def withdrawal_refusal(principal: Principal, case: CaseFile, filing: Filing) -> str | None:
    """A draft may be discarded by the side that prepared it (a paralegal too); a submitted
    filing is withdrawn by those who may file for the case now."""
    if filing.is_draft:
        if principal.role in (Role.ACCUSED, Role.COUNSEL, Role.PARALEGAL) and _same_side(principal, filing.prepared_by):
            return None
        return "Only those who prepare filings on the side that prepared this draft may discard it."
    if principal.role is Role.ACCUSED:
        return accused_filing_refusal(principal, case)
    return submission_refusal(principal, case)


def may_see(principal: Principal, filing: Filing) -> bool:
    """A filing never submitted (a draft, a discarded draft) is its preparers' own; anything
    submitted is seen by everyone who sees the case."""
    if filing.was_submitted:
        return True
    return principal.role is not Role.REGISTRY and _same_side(principal, filing.prepared_by)


def registry_refusal(principal: Principal) -> str | None:
    return None if principal.role is Role.REGISTRY else "Only registry officers review filings."


# --- in plain words --------------------------------------------------------------------------------

_HAPPENED = {
    None: "Draft prepared by {by}.",
    Step.SUBMIT: "Submitted to the court by {by}.",
    Step.SUBMIT_WITH_FEE: "Submitted to the court by {by}. A fee is due before the registry reviews it.",
    Step.PAY_FEE: "Fee paid.",
    Step.WAIVE_FEE: "The registry waived the fee.",
    Step.START_REVIEW: "A registry officer started reviewing it.",
    Step.APPROVE: "Approved by the registry.",
    Step.ACCEPT: "Accepted by the registry and placed on the case record.",
    Step.REJECT: "Rejected by the registry.",
    Step.WITHDRAW: "Withdrawn by {by}.",
}


def happened(entry: HistoryEntry) -> str:
    """One line of a filing's timeline, in plain words."""
    return _HAPPENED[entry.step].format(by=entry.by_name)


def what_happens_next(filing: Filing, fee: Fee | None) -> str:
    """What the people on the filer's side should expect next, in plain words."""
    noun = "application" if filing.kind is FilingKind.APPLICATION else "document"
    status = filing.status
    if status is FilingStatus.DRAFT:
        if filing.prepared_by.role is Role.PARALEGAL:
            return (f"This {noun} has not been sent to the court. Counsel of {filing.prepared_by.firm_name} "
                    "check it and submit it.")
        return f"This {noun} has not been sent to the court. Check it, then submit it."
    if status is FilingStatus.SUBMITTED and filing.kind is FilingKind.DOCUMENT:
        return "The registry will check the document and accept it onto the case record or tell you why not."
    if status is FilingStatus.SUBMITTED:
        return ("The registry will review the application. You will be told the outcome in your ICMS inbox and "
                "by email. You can withdraw it until the registry starts reviewing it.")
    if status is FilingStatus.AWAITING_PAYMENT:
        amount = dollars(fee.amount_cents) if fee else "the fee"
        reference = f" (reference {fee.fee_id})" if fee else ""
        return (f"Pay {amount}{reference}. The registry reviews the application once the fee is paid. "
                "If you cannot afford it, you may write to the registry to ask for the fee to be waived.")
    if status is FilingStatus.PAID:
        return "The fee is settled. The registry will review the application."
    if status is FilingStatus.UNDER_REVIEW:
        return ("A registry officer is reviewing the application; it can no longer be withdrawn. You will be "
                "told the outcome in your ICMS inbox and by email.")
    if status is FilingStatus.APPROVED:
        return "The application was approved. Keep to any conditions set out above."
    if status is FilingStatus.ACCEPTED:
        return "The document is on the court's record for this case. Nothing more is needed."
    if status is FilingStatus.REJECTED:
        return f"The {noun} was rejected for the reasons above. You may file a new one that deals with them."
    return f"The {noun} was withdrawn. The court will not consider it."


# --- what a filing's case needs to know --------------------------------------------------------


class DefenceCaseDue(Base):
    """The date the court set, at a Criminal Case Disclosure Conference, for the Case for the
    Defence; the registry records it. A case with one is in the CCDC process."""

    model_config = ConfigDict(frozen=True)

    due_on: date  # a Singapore calendar day
    recorded_at: datetime
    recorded_by: str


class FilingContext(Base):
    """What eligibility rules and warnings look at: the case as read, and the time."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    case: CaseFile
    defence_case_due: DefenceCaseDue | None = None
    now: datetime


class CaseFilings(Base):
    """A case with its filings, their fees and documents: one Query of the case's partition."""

    model_config = ConfigDict(frozen=True)

    case: CaseFile
    filings: tuple[Filing, ...] = ()
    fees: tuple[Fee, ...] = ()
    uploads: tuple[Upload, ...] = ()
    defence_case_due: DefenceCaseDue | None = None

    def context(self, now: datetime) -> FilingContext:
        return FilingContext(case=self.case, defence_case_due=self.defence_case_due, now=now)

    def filing(self, filing_id: str) -> Filing | None:
        return next((f for f in self.filings if f.filing_id == filing_id), None)

    def fee(self, fee_id: str | None) -> Fee | None:
        return next((f for f in self.fees if f.fee_id == fee_id), None) if fee_id else None

    def upload(self, upload_id: str) -> Upload | None:
        return next((u for u in self.uploads if u.upload_id == upload_id), None)

    def updated(self, filing: Filing, *fees: Fee) -> "CaseFilings":
        """This view with a filing (and fees) as just written, so an answer needs no second read."""
        filings = tuple(f for f in self.filings if f.filing_id != filing.filing_id) + (filing,)
        kept = tuple(f for f in self.fees if f.fee_id not in {fee.fee_id for fee in fees}) + fees
        return self.model_copy(update={"filings": filings, "fees": kept})

    def by_request(self, request: str) -> Filing | None:
        """The filing created with this idempotency key digest, if any."""
        return next((f for f in self.filings if f.request == request), None)

    def visible_to(self, principal: Principal) -> list[Filing]:
        """Newest first, what this caller may see."""
        return sorted((f for f in self.filings if may_see(principal, f)), key=lambda f: f.created_at, reverse=True)
