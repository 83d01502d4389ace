"""Fees in the case's own partition: ``CASE#<case_no>/FEE#<fee_id>``, one per filing that owes one.

Beside its filing, so the case page, the filing's page and the payment of it all start from the
case's one Query; a fee is settled once, by a conditional update inside the unit of work of
whoever settles it (``services/fees.settle_in``).
"""

from __future__ import annotations

from pydantic import ConfigDict, TypeAdapter
from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.errors import Conflict
from ..domain.fees import Fee, FeeLine, FeeStatus, Settlement
from .keys import case_pk, fee_sk
from .table import Entity
from .unit_of_work import UnitOfWork

# Built the first time it parses or dumps, like every model (domain/base.py).
_BUILT_ON_FIRST_USE = ConfigDict(defer_build=True)
_LINES = TypeAdapter(tuple[FeeLine, ...], config=_BUILT_ON_FIRST_USE)


class FeeItem(Entity, discriminator="fee"):
    fee_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    filing_id = UnicodeAttribute()
    lines = UnicodeAttribute()  # JSON: what the amount is made of
    amount_cents = NumberAttribute()
    currency = UnicodeAttribute()
    status = UnicodeAttribute()
    raised_at = UTCDateTimeAttribute()
    settlement = UnicodeAttribute(null=True)  # JSON, once paid or waived


def to_fee(item: FeeItem) -> Fee:
    return Fee(fee_id=item.fee_id, case_no=item.case_no, filing_id=item.filing_id,
               lines=_LINES.validate_json(item.lines), amount_cents=int(item.amount_cents), currency=item.currency,
               status=FeeStatus(item.status), raised_at=item.raised_at,
               settlement=Settlement.model_validate_json(item.settlement) if item.settlement else None)


def raise_in(write: UnitOfWork, fee: Fee) -> None:
    write.put(
        FeeItem(case_pk(fee.case_no), fee_sk(fee.fee_id), fee_id=fee.fee_id, case_no=fee.case_no,
                filing_id=fee.filing_id, lines=_LINES.dump_json(fee.lines).decode(), amount_cents=fee.amount_cents,
                currency=fee.currency, status=fee.status.value, raised_at=fee.raised_at),
        FeeItem.pk.does_not_exist(),
        refused=Conflict("A fee with this reference already exists; try again."),
    )


def settle_in(write: UnitOfWork, fee: Fee, settled: Fee) -> None:
    """Only a fee still due, of the amount it was raised for, is settled: a second payment or a
    payment racing a waiver finds it settled and writes nothing."""
    assert settled.settlement is not None
    write.update(
        FeeItem(case_pk(fee.case_no), fee_sk(fee.fee_id)),
        [FeeItem.status.set(settled.status.value), FeeItem.settlement.set(settled.settlement.model_dump_json())],
        (FeeItem.status == FeeStatus.DUE.value) & (FeeItem.amount_cents == fee.amount_cents),
        refused=Conflict(f"Fee {fee.fee_id} was settled meanwhile; reload the page.", field="fee_id"),
    )


def cancel_in(write: UnitOfWork, fee: Fee) -> None:
    """A withdrawn application's fee stops being due, unless it was settled meanwhile."""
    write.update(
        FeeItem(case_pk(fee.case_no), fee_sk(fee.fee_id)),
        [FeeItem.status.set(FeeStatus.CANCELLED.value)],
        FeeItem.status == FeeStatus.DUE.value,
        refused=Conflict(f"Fee {fee.fee_id} was settled meanwhile; reload the page.", field="fee_id"),
    )
