"""Settling fees: the one way a due fee stops being due, and its application moves on to review.

``settle_in`` is the seam for payments: whoever takes the money (the card payment's confirmation,
a kiosk's report) reads the case with its filings (``store.filings.read_case``, one Query),
starts its own unit of work with its own items (a payment record, a receipt), calls
``settle_in(write, case_filings, fee_id, Settlement.payment(...), by=...)`` and commits. The fee's
conditional update (still due, same amount), the filing's move from awaiting payment to paid (into
the registry's review queue), and the audit entry go into that same transaction; a payment racing
another payment or a waiver finds the fee settled and commits nothing. The registry's waiver is
the same call with ``Settlement.waiver``.
"""

from __future__ import annotations

from datetime import datetime

from ..domain.audit import Actor
from ..domain.errors import Forbidden, NotFound
from ..domain.fees import Fee, Settlement, SettledBy, dollars
from ..domain.filing_lifecycle import Step, notices_for
from ..domain.filings import CaseFilings, Filing, registry_refusal
from ..domain.principals import Principal
from ..store import fees as fee_store
from ..store import filings as filing_store
from ..store.unit_of_work import UnitOfWork
from . import filings


def settle_in(write: UnitOfWork, case_filings: CaseFilings, fee_id: str, settlement: Settlement, *,
              by: Principal | None, request: str | None = None) -> tuple[Filing, Fee]:
    """Inside the settler's unit of work: the fee settled and its application on to review.

    ``by`` is the person settling it (a registry officer waiving; the payer, if signed in) or None
    for a machine (a kiosk, a payment provider's confirmation); ``settlement.by_name`` names them
    in the filing's timeline either way. Raises 404 for an unknown fee, 409 for a fee already
    settled or an application no longer awaiting payment, 422 for a payment of the wrong amount.
    """
    fee = case_filings.fee(fee_id)
    filing = case_filings.filing(fee.filing_id) if fee else None
    if fee is None or filing is None:
        raise NotFound(f"case {case_filings.case.case_no} has no fee {fee_id}", field="fee_id")
    settled = fee.settled(settlement)
    if settlement.by is SettledBy.PAYMENT:
        step, note = Step.PAY_FEE, f"{dollars(settlement.amount_cents)} paid, reference {settlement.reference}."
    else:
        step, note = Step.WAIVE_FEE, settlement.reason
    after, row = filing.advance(step, by, settlement.by_name, write.now, note=note, request=request)
    fee_store.settle_in(write, fee, settled)
    filing_store.replace_in(write, filing, after)
    write.audit(row.audit, target=fee.case_no,
                detail=f"{fee.fee_id} ({dollars(fee.amount_cents)}) for {filing.filing_id}: {note}")
    write.notify(*notices_for(row, after, settled, write.now))
    return after, settled


def waive(actor: Actor, principal: Principal, case_no: str, fee_id: str, reason: str,
          now: datetime) -> filings.Outcome:
    """The Registrar's waiver (CPC (Prescribed Fees) Regulations 2013, reg 3), with its reason."""
    refusal = registry_refusal(principal)
    if refusal is not None:
        raise Forbidden(refusal)
    case_filings = filings.read(principal, case_no)
    write = UnitOfWork(actor, now)
    after, fee = settle_in(write, case_filings, fee_id, Settlement.waiver(reason, now, principal.display_name),
                           by=principal)
    write.commit()
    return filings.Outcome(case_filings.updated(after, fee), after)
