"""Recording a payment exactly once, whichever channel reports it, and reading receipts.

``record`` is the one way a payment is stored: the fee as read decides (``domain.payments.
settlement``) whether the report is new, the same payment again, or refused; then ONE unit of work
settles the fee (a conditional write: only while it is still due), stores the payment and its
receipt number, audits it and queues the "payment received" notice. Two channels racing for one
fee both pass the first check; the fee's condition lets exactly one commit, and the loser, reading
the fee again, is told it is the same payment (its receipt) or refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..aws import client
from ..domain.audit import Actor, AuditAction
from ..domain.cases import CaseFile
from ..domain.errors import Conflict, HiddenFromCaller, NotFound
from ..domain.access import can_view_case
from ..domain.notices import PaymentReceived, application_ref
from ..domain.payments import (
    CardFacts,
    Channel,
    FeeOwed,
    Payment,
    PaymentMethod,
    Settlement,
    receipt_number,
    settlement,
)
from ..domain.principals import Principal
from ..render import dollars
from ..settings import get_settings
from ..store import payments as store
from ..store.unit_of_work import ConcurrentChange, UnitOfWork
from . import fees_owed

# A receipt-number clash (40 random bits) or a transaction conflict is tried again this often.
ATTEMPTS = 3


@dataclass(frozen=True)
class PaymentReport:
    """A payment as a channel reports it. The amount is what the channel took, checked against
    the fee; it is never what is charged."""

    payment_key: str
    channel: Channel
    method: PaymentMethod
    amount_cents: int
    card: CardFacts | None = None
    kiosk_id: str | None = None
    kiosk_location: str | None = None
    gateway_intent_id: str | None = None


@dataclass(frozen=True)
class Recorded:
    payment: Payment
    new: bool  # False: this very payment had been recorded already


def payment_received(payment: Payment, now: datetime) -> PaymentReceived:
    return PaymentReceived(notice_id=f"payment_received:{payment.receipt_no}", case_no=payment.case_no,
                           created_at=now, filing=application_ref(payment.application_no, payment.description),
                           receipt_no=payment.receipt_no, amount_cents=payment.amount_cents,
                           method_label=payment.method_label, paid_at=payment.paid_at)


def existing_payment(fee: FeeOwed) -> Payment:
    payment = store.payment_for_fee(fee.case_no, fee.fee_id, fee.receipt_no or "")
    if payment is None:  # the fee says paid by this payment: its items were written in the same transaction
        raise NotFound(f"the receipt {fee.receipt_no} of fee {fee.fee_id} could not be read")
    return payment


def record(actor: Actor, now: datetime, fee: FeeOwed, report: PaymentReport,
           also: Callable[[UnitOfWork], None] | None = None,
           reread: Callable[[], FeeOwed | None] | None = None) -> Recorded:
    """Record ``report`` against ``fee`` (as read just before) in one transaction. ``also`` adds
    the channel's own items to the same transaction (a webhook's event id, say); ``reread`` reads
    the fee again when the transaction finds it no longer due."""
    if settlement(fee, report.payment_key, report.amount_cents) is Settlement.SAME:
        return Recorded(existing_payment(fee), new=False)
    for attempt in range(ATTEMPTS):
        payment = Payment(
            receipt_no=_receipt_no(now), case_no=fee.case_no, fee_id=fee.fee_id, application_no=fee.application_no,
            description=fee.description, payer_name=fee.payer_name, amount_cents=fee.amount_cents,
            channel=report.channel, method=report.method, payment_key=report.payment_key, paid_at=now,
            card_scheme=report.card.scheme if report.card else None,
            card_last4=report.card.last4 if report.card else None, kiosk_id=report.kiosk_id,
            kiosk_location=report.kiosk_location, gateway_intent_id=report.gateway_intent_id,
        )
        write = UnitOfWork(actor, now)
        notices = fees_owed.settle_in(write, fee, report.payment_key, payment.receipt_no,
                                      report.kiosk_location or actor.display_name or "card payment")
        store.record_in(write, payment)
        if also is not None:
            also(write)
        write.audit(AuditAction.PAYMENT_RECORDED, target=fee.case_no,
                    detail=f"receipt {payment.receipt_no}: {dollars(payment.amount_cents)} for "
                           f"{fee.application_no} by {payment.method_label}")
        write.notify(payment_received(payment, now), *notices)
        try:
            write.commit()
            return Recorded(payment, new=True)
        except ConcurrentChange:
            if attempt == ATTEMPTS - 1:
                raise
        except Conflict:
            current = (reread or (lambda: fees_owed.fee_owed(fee.case_no, fee.fee_id)))()
            if current is None or current == fee:
                raise  # the fee did not move: the refusal was about the channel's own items
            if settlement(current, report.payment_key, report.amount_cents) is Settlement.SAME:
                return Recorded(existing_payment(current), new=False)
            fee = current  # settlement() refuses above unless it is still due; then try again
    raise ConcurrentChange("this changed while you were working on it; try again")


def _receipt_no(now: datetime) -> str:
    return receipt_number(now, secrets.token_bytes(5))


def receipt_for(principal: Principal, case_no: str, receipt_no: str) -> tuple[CaseFile, Payment]:
    """A receipt the caller may see: one Query of the case partition."""
    case, payment = store.case_with_receipt(case_no.strip().upper(), receipt_no.strip().upper())
    message = f"there is no receipt {receipt_no} for case {case_no} that you can view"
    if case is None or payment is None:
        raise NotFound(message)
    if not can_view_case(principal, case):
        raise HiddenFromCaller(message)
    return case, payment


def receipt_pdf_link(payment: Payment) -> str:
    """The receipt as a PDF in the private documents bucket, behind a short-lived link. It is
    rendered from the recorded payment each time it is asked for, so it never disagrees with it."""
    # Imported here: only this link and the advice renderer draw PDFs (fpdf2, segno).
    from .payment_documents import receipt_pdf

    settings = get_settings()
    key = store.receipt_object_key(payment)
    client("s3").put_object(Bucket=settings.documents_bucket, Key=key, Body=receipt_pdf(payment),
                            ContentType="application/pdf", ServerSideEncryption="AES256")
    return client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.documents_bucket, "Key": key,
                "ResponseContentDisposition": f'inline; filename="receipt-{payment.receipt_no}.pdf"',
                "ResponseContentType": "application/pdf"},
        ExpiresIn=settings.download_link_seconds,
    )
