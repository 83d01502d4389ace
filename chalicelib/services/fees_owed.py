"""THE SEAM between paying and the fees that filings raise (``domain/fees.py``, ``store/fees.py``).

Everything payments know of fees goes through these functions, in terms of
``domain.payments.FeeOwed``: a filing's fee as a payer sees it (the application number is the
filing's id, what it pays for is the filing's type). Settling goes through
``services/fees.settle_in``, the same call as the registry's waiver: inside the payment's unit of
work the fee is updated only while still due and for the same amount, the application moves on
to review, and its audit entry and notices join the same transaction.
"""

from __future__ import annotations

from ..domain.errors import NotFound
from ..domain.fees import Fee, Settlement, SettledBy
from ..domain.filings import CaseFilings
from ..domain.notices import NoticeBase
from ..domain.payments import FeeOwed, FeeStatus
from ..store import cases
from ..store import filings as filing_store
from ..store.payments import PaymentItem
from ..store.table import Entity
from ..store.unit_of_work import UnitOfWork
from . import fees as fee_service


def _owed(case_filings: CaseFilings, fee: Fee, items: list[Entity]) -> FeeOwed:
    filing = case_filings.filing(fee.filing_id)
    payer = (filing.filed_by or filing.prepared_by).name if filing else case_filings.case.accused.name
    receipt = fee.settlement.reference if fee.settlement and fee.settlement.by is SettledBy.PAYMENT else None
    paid_by = next((i.payment_key for i in items if isinstance(i, PaymentItem) and i.receipt_no == receipt), None)
    return FeeOwed(case_no=fee.case_no, fee_id=fee.fee_id, application_no=fee.filing_id,
                   description=filing.type_label if filing else "Court fee", amount_cents=fee.amount_cents,
                   status=FeeStatus(fee.status.value), payer_name=payer, settled_by=paid_by, receipt_no=receipt,
                   source=case_filings)


def fees_among(items: list[Entity]) -> list[FeeOwed]:
    """The fees among a case partition's items, as one Query returned them."""
    case_filings = filing_store.case_filings_from(items)
    if case_filings is None:
        return []
    return [_owed(case_filings, fee, items) for fee in case_filings.fees]


def fee_owed(case_no: str, fee_id: str) -> FeeOwed | None:
    """One Query of the case partition: the fee as recorded (its amount is the only amount ever
    charged), with the filing and the case the seam settles it against."""
    return next((f for f in fees_among(cases.case_partition(case_no)) if f.fee_id == fee_id), None)


def find_by_application(case_no: str, application_no: str) -> FeeOwed | None:
    """The fee of an application of a case, by the number on the payer's acknowledgement: one Query."""
    wanted = application_no.strip().upper()
    return next((f for f in fees_among(cases.case_partition(case_no.strip().upper()))
                 if f.application_no == wanted), None)


def settle_in(write: UnitOfWork, fee: FeeOwed, payment_key: str, receipt_no: str, paid_by: str) -> list[NoticeBase]:
    """Inside the payment's unit of work: the fee paid (one conditional write, only while still due)
    and its application on to review, with the filing's audit entry and notices."""
    if not isinstance(fee.source, CaseFilings):
        raise NotFound(f"fee {fee.fee_id} of case {fee.case_no} was not read from its case")
    fee_service.settle_in(write, fee.source, fee.fee_id,
                          Settlement.payment(fee.amount_cents, write.now, paid_by, receipt_no), by=None)
    return []
