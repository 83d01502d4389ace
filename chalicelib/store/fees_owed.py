"""PROVISIONAL (until the filings' fee aggregate lands): fee items ``CASE#<no>`` / ``FEE#<fee_id>``.

Paying needs only "a fee owed" (``domain.payments.FeeOwed``): read it, find it by application
number (gsi1 ``APPLICATION#<no>``), and settle it with one conditional write inside the payment's
unit of work. ``services/fees_owed.py`` is the seam that calls this module; when fees come from
filings, the seam calls their store instead and this module goes.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..domain.errors import Conflict
from ..domain.payments import FeeOwed, FeeStatus
from .keys import application_pk, case_pk, fee_owed_sk
from .table import Entity
from .unit_of_work import UnitOfWork


class FeeOwedItem(Entity, discriminator="fee_owed"):
    fee_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    application_no = UnicodeAttribute()
    description = UnicodeAttribute()
    amount_cents = NumberAttribute()
    status = UnicodeAttribute()
    payer_name = UnicodeAttribute()
    settled_by = UnicodeAttribute(null=True)
    receipt_no = UnicodeAttribute(null=True)


def to_fee(item: FeeOwedItem) -> FeeOwed:
    return FeeOwed(case_no=item.case_no, fee_id=item.fee_id, application_no=item.application_no,
                   description=item.description, amount_cents=int(item.amount_cents), status=FeeStatus(item.status),
                   payer_name=item.payer_name, settled_by=item.settled_by, receipt_no=item.receipt_no)


def raise_in(write: UnitOfWork, fee: FeeOwed) -> None:
    write.put(
        FeeOwedItem(case_pk(fee.case_no), fee_owed_sk(fee.fee_id), fee_id=fee.fee_id, case_no=fee.case_no,
                    application_no=fee.application_no, description=fee.description, amount_cents=fee.amount_cents,
                    status=fee.status.value, payer_name=fee.payer_name,
                    gsi1pk=application_pk(fee.application_no), gsi1sk=fee_owed_sk(fee.fee_id)),
        FeeOwedItem.pk.does_not_exist(),
        refused=Conflict(f"fee {fee.fee_id} already exists"),
    )


def get(case_no: str, fee_id: str) -> FeeOwed | None:
    try:
        return to_fee(FeeOwedItem.get(case_pk(case_no), fee_owed_sk(fee_id), consistent_read=True))
    except FeeOwedItem.DoesNotExist:
        return None


def by_application(application_no: str) -> FeeOwed | None:
    """One Query on gsi1 ``APPLICATION#<no>``."""
    found = next(iter(FeeOwedItem.by_owner.query(application_pk(application_no), limit=1)), None)
    return to_fee(found) if isinstance(found, FeeOwedItem) else None


def settle_in(write: UnitOfWork, fee: FeeOwed, payment_key: str, receipt_no: str, *, refused: Conflict) -> None:
    """The one conditional write that makes a fee paid: only while it is still due."""
    write.update(
        FeeOwedItem(case_pk(fee.case_no), fee_owed_sk(fee.fee_id)),
        [FeeOwedItem.status.set(FeeStatus.PAID.value), FeeOwedItem.settled_by.set(payment_key),
         FeeOwedItem.receipt_no.set(receipt_no)],
        (FeeOwedItem.status == FeeStatus.DUE.value) & (FeeOwedItem.amount_cents == fee.amount_cents),
        refused=refused,
    )


def fees_in(items: list[Entity]) -> list[FeeOwed]:
    return [to_fee(i) for i in items if isinstance(i, FeeOwedItem)]
