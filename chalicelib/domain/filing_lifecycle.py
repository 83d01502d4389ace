"""The lifecycle of a filing as a table: which step may be taken from which status, by which side,
with which audit entry and which notices. Anything not in ``TRANSITIONS`` is refused as a conflict
(409). Pure data and rules; the filing itself is ``domain/filings.py``.

Applications: draft -> submitted (no fee) or awaiting payment (a fee is due) -> paid (the fee is
paid or waived) -> under review (a registry officer has taken it up; the filer can no longer
withdraw it) -> approved / rejected (with reasons); the filer may withdraw it before review.
Documents: draft -> submitted -> accepted / rejected (with reasons).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Callable

from .audit import AuditAction
from .errors import Conflict, RuleViolation
from .fees import Fee
from .notices import (
    FeeDue,
    FilingAccepted,
    FilingApproved,
    FilingRef,
    FilingRejected,
    FilingReceived,
    NoticeBase,
    filing_notice_id,
)

if TYPE_CHECKING:
    from .filings import Filing


class FilingKind(str, Enum):
    APPLICATION = "application"
    DOCUMENT = "document"


class FilingStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    FilingStatus.DRAFT: "Draft",
    FilingStatus.SUBMITTED: "Submitted",
    FilingStatus.AWAITING_PAYMENT: "Awaiting payment",
    FilingStatus.PAID: "Fee settled",
    FilingStatus.UNDER_REVIEW: "Under review",
    FilingStatus.APPROVED: "Approved",
    FilingStatus.ACCEPTED: "Accepted",
    FilingStatus.REJECTED: "Rejected",
    FilingStatus.WITHDRAWN: "Withdrawn",
}

# Where a filing waits for the registry: these statuses put it in the review queue.
AWAITING_REGISTRY = frozenset({FilingStatus.SUBMITTED, FilingStatus.PAID, FilingStatus.UNDER_REVIEW})
FINAL = frozenset({FilingStatus.APPROVED, FilingStatus.ACCEPTED, FilingStatus.REJECTED, FilingStatus.WITHDRAWN})


class Step(str, Enum):
    """What happens to a filing. Paying and waiving are separate steps to the same status."""

    SUBMIT = "submit"
    SUBMIT_WITH_FEE = "submit_with_fee"
    PAY_FEE = "pay_fee"
    WAIVE_FEE = "waive_fee"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    ACCEPT = "accept"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class Side(str, Enum):
    FILER = "filer"  # the accused for themself, or counsel of the firm on record
    PAYER = "payer"  # whoever pays the fee (the payment pages, a kiosk)
    REGISTRY = "registry"


NoticeMaker = Callable[["Filing", Fee | None, datetime], NoticeBase]


def _ref(filing: "Filing") -> FilingRef:
    return FilingRef(filing_id=filing.filing_id, type_label=filing.type_label,
                     is_application=filing.kind is FilingKind.APPLICATION)


def _received(filing: "Filing", fee: Fee | None, now: datetime) -> NoticeBase:
    return FilingReceived(notice_id=filing_notice_id("filing_received", filing.filing_id), case_no=filing.case_no,
                          created_at=now, filing=_ref(filing))


def _fee_due(filing: "Filing", fee: Fee | None, now: datetime) -> NoticeBase:
    assert fee is not None, "a fee-due notice needs its fee"
    return FeeDue(notice_id=filing_notice_id("fee_due", filing.filing_id), case_no=filing.case_no, created_at=now,
                  filing=_ref(filing), fee_id=fee.fee_id, amount_cents=fee.amount_cents)


def _approved(filing: "Filing", fee: Fee | None, now: datetime) -> NoticeBase:
    return FilingApproved(notice_id=filing_notice_id("filing_approved", filing.filing_id), case_no=filing.case_no,
                          created_at=now, filing=_ref(filing), note=filing.reason)


def _accepted(filing: "Filing", fee: Fee | None, now: datetime) -> NoticeBase:
    return FilingAccepted(notice_id=filing_notice_id("filing_accepted", filing.filing_id), case_no=filing.case_no,
                          created_at=now, filing=_ref(filing))


def _rejected(filing: "Filing", fee: Fee | None, now: datetime) -> NoticeBase:
    return FilingRejected(notice_id=filing_notice_id("filing_rejected", filing.filing_id), case_no=filing.case_no,
                          created_at=now, filing=_ref(filing), reason=filing.reason or "")


@dataclass(frozen=True)
class Transition:
    kind: FilingKind
    step: Step
    sources: frozenset[FilingStatus]
    target: FilingStatus
    side: Side
    audit: AuditAction
    notices: tuple[NoticeMaker, ...] = ()
    # What note the step carries: "none"; "optional" (an approval's conditions, the fee owed, a
    # payment's reference); "required" (a refusal's reasons, a waiver's).
    reason: str = "none"


APP, DOC = FilingKind.APPLICATION, FilingKind.DOCUMENT
S = FilingStatus


def _t(kind, step, sources, target, side, audit, *notices, reason="none") -> Transition:
    return Transition(kind, step, frozenset(sources), target, side, audit, tuple(notices), reason)


TRANSITIONS: tuple[Transition, ...] = (
    _t(APP, Step.SUBMIT, {S.DRAFT}, S.SUBMITTED, Side.FILER, AuditAction.FILING_SUBMITTED, _received),
    _t(APP, Step.SUBMIT_WITH_FEE, {S.DRAFT}, S.AWAITING_PAYMENT, Side.FILER, AuditAction.FILING_SUBMITTED,
       _received, _fee_due, reason="optional"),
    _t(APP, Step.PAY_FEE, {S.AWAITING_PAYMENT}, S.PAID, Side.PAYER, AuditAction.FEE_PAID, reason="optional"),
    _t(APP, Step.WAIVE_FEE, {S.AWAITING_PAYMENT}, S.PAID, Side.REGISTRY, AuditAction.FEE_WAIVED, reason="required"),
    _t(APP, Step.START_REVIEW, {S.SUBMITTED, S.PAID}, S.UNDER_REVIEW, Side.REGISTRY,
       AuditAction.FILING_REVIEW_STARTED),
    _t(APP, Step.APPROVE, {S.UNDER_REVIEW}, S.APPROVED, Side.REGISTRY, AuditAction.FILING_APPROVED, _approved,
       reason="optional"),
    _t(APP, Step.REJECT, {S.UNDER_REVIEW}, S.REJECTED, Side.REGISTRY, AuditAction.FILING_REJECTED, _rejected,
       reason="required"),
    _t(APP, Step.WITHDRAW, {S.DRAFT, S.SUBMITTED, S.AWAITING_PAYMENT, S.PAID}, S.WITHDRAWN, Side.FILER,
       AuditAction.FILING_WITHDRAWN),
    _t(DOC, Step.SUBMIT, {S.DRAFT}, S.SUBMITTED, Side.FILER, AuditAction.FILING_SUBMITTED, _received),
    _t(DOC, Step.ACCEPT, {S.SUBMITTED}, S.ACCEPTED, Side.REGISTRY, AuditAction.FILING_ACCEPTED, _accepted),
    _t(DOC, Step.REJECT, {S.SUBMITTED}, S.REJECTED, Side.REGISTRY, AuditAction.FILING_REJECTED, _rejected,
       reason="required"),
    _t(DOC, Step.WITHDRAW, {S.DRAFT}, S.WITHDRAWN, Side.FILER, AuditAction.FILING_WITHDRAWN),
)

_STEP_VERBS = {
    Step.SUBMIT: "submitted", Step.SUBMIT_WITH_FEE: "submitted", Step.PAY_FEE: "paid for",
    Step.WAIVE_FEE: "have its fee waived", Step.START_REVIEW: "taken up for review", Step.APPROVE: "approved",
    Step.ACCEPT: "accepted", Step.REJECT: "rejected", Step.WITHDRAW: "withdrawn",
}


class IllegalTransition(Conflict):
    """The filing is not in a status this step starts from."""


def transition(kind: FilingKind, status: FilingStatus, step: Step) -> Transition:
    """The row of the table for this step from this status, or 409 naming both."""
    for row in TRANSITIONS:
        if row.kind is kind and row.step is step and status in row.sources:
            return row
    noun = "application" if kind is FilingKind.APPLICATION else "document"
    raise IllegalTransition(f"This {noun} is {status.label.lower()}; it cannot be {_STEP_VERBS[step]} now.",
                            field="status")


def steps_from(kind: FilingKind, status: FilingStatus, side: Side) -> list[Step]:
    """What ``side`` may do next to a filing in ``status``: the actions a page offers."""
    return [row.step for row in TRANSITIONS if row.kind is kind and row.side is side and status in row.sources]


def take_note(row: Transition, note: str | None) -> str | None:
    """The reason or conditions a step carries, checked against what the step needs."""
    cleaned = (note or "").strip() or None
    if row.reason == "required" and cleaned is None:
        raise RuleViolation("Give the reasons: they are recorded and shown to the filer.", field="reason")
    if row.reason == "none":
        return None
    if cleaned is not None and len(cleaned) > 1000:
        raise RuleViolation("Keep the reasons to 1,000 characters.", field="reason")
    return cleaned


def notices_for(row: Transition, filing: "Filing", fee: Fee | None, now: datetime) -> list[NoticeBase]:
    return [make(filing, fee, now) for make in row.notices]
