"""What the State Courts' payment kiosks do through ICMS: read an advice's reference, learn what
is owed, report a payment and get its receipt number.

The kiosk is a signed-in machine (``web/kiosk_auth.py``). Its reference is checked for tampering
and expiry before anything is read; what is owed always comes from the fee as recorded. Reporting
a payment reads the advice (GetItem) and the case with its filings and fees (one Query), then
commits one transaction, whose condition on the fee refuses a fee that another channel paid
meanwhile; a kiosk retrying the same transaction gets the same receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.audit import Actor
from ..domain.errors import NotFound, RuleViolation
from ..domain.payments import (
    KIOSK_METHODS,
    CardFacts,
    Channel,
    FeeOwed,
    PaymentAdvice,
    PaymentMethod,
    card_facts,
    kiosk_payment_key,
    read_reference,
)
from ..domain.principals import Principal
from ..settings import get_settings
from ..store import payments as store
from . import fees_owed, payments


def _advice(reference: str, now: datetime) -> PaymentAdvice:
    key = get_settings().payment_reference_key.get_secret_value().encode()
    checked = read_reference(key, reference, now)
    advice = store.get_advice(checked.advice_id)
    if advice is None:
        raise NotFound(f"No payment advice has the reference {checked.reference}. Ask at the Service Hub.",
                       field="reference")
    return advice


@dataclass(frozen=True)
class Owed:
    advice: PaymentAdvice
    fee: FeeOwed


def owed(reference: str, now: datetime) -> Owed:
    advice = _advice(reference, now)
    fee = fees_owed.fee_owed(advice.case_no, advice.fee_id)
    if fee is None:
        raise NotFound(f"The fee of payment advice {advice.reference} no longer exists. Ask at the Service Hub.")
    return Owed(advice, fee)


@dataclass(frozen=True)
class KioskPayment:
    reference: str
    transaction_id: str  # the kiosk's own number for this payment: a retry sends the same one
    method: PaymentMethod
    amount_collected_cents: int
    card_first6: str | None = None
    card_last4: str | None = None


def _card(report: KioskPayment) -> CardFacts | None:
    if report.method not in KIOSK_METHODS:
        raise RuleViolation(f"{report.method.label} is not taken at kiosks; they take cash, NETS, NETS FlashPay "
                            "and credit cards.", field="method")
    if report.method is PaymentMethod.CREDIT_CARD:
        if report.card_first6 is None or report.card_last4 is None:
            raise RuleViolation("A credit card payment reports the card's first 6 and last 4 digits.", field="card")
        return card_facts(report.card_first6, report.card_last4)
    if report.card_first6 is not None or report.card_last4 is not None:
        raise RuleViolation(f"Card digits belong only to credit card payments, not to {report.method.label}.",
                            field="card")
    return None


def pay(actor: Actor, kiosk: Principal, report: KioskPayment, now: datetime) -> payments.Recorded:
    card = _card(report)
    advice = _advice(report.reference, now)
    fee = fees_owed.fee_owed(advice.case_no, advice.fee_id)
    if fee is None:
        raise NotFound(f"The fee of payment advice {advice.reference} no longer exists. Ask at the Service Hub.")
    report_ = payments.PaymentReport(
        payment_key=kiosk_payment_key(kiosk.subject_id, report.transaction_id), channel=Channel.KIOSK,
        method=report.method, amount_cents=report.amount_collected_cents, card=card, kiosk_id=kiosk.subject_id,
        kiosk_location=kiosk.display_name,
    )
    return payments.record(actor, now, fee, report_)
