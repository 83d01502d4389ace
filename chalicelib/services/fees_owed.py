"""THE SEAM between paying and the fees that filings raise.

Everything payments know of fees goes through these functions; ``domain.payments.FeeOwed`` is the
whole of the interface. Today they read and write the provisional fee items of
``store/fees_owed.py``; when the fee aggregate of filings lands, these bodies call its store and
its settle service (the one the registry's waiver uses, which also moves the application on to
review) and nothing else in payments changes.
"""

from __future__ import annotations

from ..domain.errors import Conflict
from ..domain.notices import NoticeBase
from ..domain.payments import FeeOwed
from ..store import fees_owed as store
from ..store.table import Entity
from ..store.unit_of_work import UnitOfWork


def fee_owed(case_no: str, fee_id: str) -> FeeOwed | None:
    """One read: the fee as recorded (its amount is the only amount ever charged)."""
    return store.get(case_no, fee_id)


def find_by_application(application_no: str) -> FeeOwed | None:
    """The fee of an application, by the number a Service Hub officer keys in: one Query."""
    return store.by_application(application_no.strip().upper())


def fees_among(items: list[Entity]) -> list[FeeOwed]:
    """The fees among a case partition's items (the fees page reads the partition once)."""
    return store.fees_in(items)


def settle_in(write: UnitOfWork, fee: FeeOwed, payment_key: str, receipt_no: str) -> list[NoticeBase]:
    """Inside the payment's unit of work: the fee is paid (one conditional write, only while still
    due) and its application moves on to review. Returns notices the settlement itself makes."""
    refused = Conflict(f"This fee ({fee.application_no}) is no longer due: it was paid or waived a moment ago. "
                       "Nothing was recorded; reload to see its receipt.")
    store.settle_in(write, fee, payment_key, receipt_no, refused=refused)
    return []
