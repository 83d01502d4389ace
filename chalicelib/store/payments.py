"""Payments, receipts, card-gateway attempts, gateway events and payment advices.

- ``CASE#<no>`` / ``PAYMENT#<receipt_no>``: a recorded payment (gsi2 ``PAYMENTS#<day>`` for the
  day's reconciliation); ``RECEIPT#<receipt_no>`` / ``RECEIPT`` claims the receipt number.
- ``CASE#<no>`` / ``CARDPAY#<fee_id>``: the gateway PaymentIntent made for a fee (one per fee; gsi2
  ``CARDPAYMENTS#<day>``), and whether the gateway's webhook has arrived for it.
- ``GATEWAYEVENT#<event_id>`` / ``EVENT``: a webhook event processed once; a replay fails its put.
- ``CASE#<no>`` / ``ADVICE#<id>`` and ``ADVICE#<id>`` / ``ADVICE``: a payment advice, beside the
  case (the fees page lists it) and on its own (a kiosk finds it by reference in one GetItem).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.cases import CaseFile
from ..domain.clock import singapore_date
from ..domain.errors import Conflict
from ..domain.payments import (
    AdviceStatus,
    CardScheme,
    Channel,
    FeeOwed,
    Payment,
    PaymentAdvice,
    PaymentMethod,
)
from .cases import case_from_items
from .keys import (
    ADVICE_SK,
    GATEWAY_EVENT_SK,
    RECEIPT_SK,
    advice_pk,
    advice_sk,
    card_attempt_sk,
    card_attempts_day_pk,
    case_pk,
    gateway_event_pk,
    payment_sk,
    payments_day_pk,
    receipt_pk,
)
from .table import Entity
from .unit_of_work import ConcurrentChange, UnitOfWork

# A webhook event's id is remembered far longer than the signature's 5-minute tolerance allows a
# replay to pass, and then goes by TTL.
EVENT_KEPT_FOR = timedelta(days=30)


class PaymentItem(Entity, discriminator="payment"):
    receipt_no = UnicodeAttribute()
    case_no = UnicodeAttribute()
    fee_id = UnicodeAttribute()
    application_no = UnicodeAttribute()
    description = UnicodeAttribute()
    payer_name = UnicodeAttribute()
    amount_cents = NumberAttribute()
    channel = UnicodeAttribute()
    method = UnicodeAttribute()
    payment_key = UnicodeAttribute()
    paid_at = UTCDateTimeAttribute()
    card_scheme = UnicodeAttribute(null=True)
    card_last4 = UnicodeAttribute(null=True)
    kiosk_id = UnicodeAttribute(null=True)
    kiosk_location = UnicodeAttribute(null=True)
    gateway_intent_id = UnicodeAttribute(null=True)


class ReceiptItem(Entity, discriminator="receipt"):
    case_no = UnicodeAttribute()
    fee_id = UnicodeAttribute()


class CardAttemptItem(Entity, discriminator="card_attempt"):
    case_no = UnicodeAttribute()
    fee_id = UnicodeAttribute()
    intent_id = UnicodeAttribute()
    amount_cents = NumberAttribute()
    started_at = UTCDateTimeAttribute()
    started_by = UnicodeAttribute()
    attempt_no = NumberAttribute(default=1)
    webhook_event_id = UnicodeAttribute(null=True)
    webhook_at = UTCDateTimeAttribute(null=True)


class GatewayEventItem(Entity, discriminator="gateway_event"):
    event_type = UnicodeAttribute()
    received_at = UTCDateTimeAttribute()


class _AdviceFields:
    advice_id = UnicodeAttribute()
    reference = UnicodeAttribute()
    case_no = UnicodeAttribute()
    fee_id = UnicodeAttribute()
    application_no = UnicodeAttribute()
    description = UnicodeAttribute()
    payer_name = UnicodeAttribute()
    amount_cents = NumberAttribute()
    valid_until = UnicodeAttribute()
    status = UnicodeAttribute()
    requested_at = UTCDateTimeAttribute()
    requested_by = UnicodeAttribute()


class AdviceItem(_AdviceFields, Entity, discriminator="payment_advice"):
    pass


class AdviceRefItem(_AdviceFields, Entity, discriminator="payment_advice_ref"):
    pass


@dataclass(frozen=True)
class CardAttempt:
    case_no: str
    fee_id: str
    intent_id: str
    amount_cents: int
    started_at: datetime
    webhook_event_id: str | None
    webhook_at: datetime | None
    attempt_no: int = 1


class ReplayedEvent(Conflict):
    """A gateway event that was already processed."""


# --- payments and receipts ---------------------------------------------------------------------


def to_payment(item: PaymentItem) -> Payment:
    return Payment(
        receipt_no=item.receipt_no, case_no=item.case_no, fee_id=item.fee_id, application_no=item.application_no,
        description=item.description, payer_name=item.payer_name, amount_cents=int(item.amount_cents),
        channel=Channel(item.channel), method=PaymentMethod(item.method), payment_key=item.payment_key,
        paid_at=item.paid_at, card_scheme=CardScheme(item.card_scheme) if item.card_scheme else None,
        card_last4=item.card_last4, kiosk_id=item.kiosk_id, kiosk_location=item.kiosk_location,
        gateway_intent_id=item.gateway_intent_id,
    )


def record_in(write: UnitOfWork, payment: Payment) -> None:
    """The payment's own items; the fee's conditional write (the seam) is what allows only one."""
    write.put(
        PaymentItem(
            case_pk(payment.case_no), payment_sk(payment.receipt_no),
            receipt_no=payment.receipt_no, case_no=payment.case_no, fee_id=payment.fee_id,
            application_no=payment.application_no, description=payment.description, payer_name=payment.payer_name,
            amount_cents=payment.amount_cents, channel=payment.channel.value, method=payment.method.value,
            payment_key=payment.payment_key, paid_at=payment.paid_at,
            card_scheme=payment.card_scheme.value if payment.card_scheme else None, card_last4=payment.card_last4,
            kiosk_id=payment.kiosk_id, kiosk_location=payment.kiosk_location,
            gateway_intent_id=payment.gateway_intent_id,
            gsi2pk=payments_day_pk(singapore_date(payment.paid_at)),
            gsi2sk=f"{payment.paid_at.isoformat()}#{payment.receipt_no}",
        ),
        PaymentItem.pk.does_not_exist(),
    )
    # 40 random bits make a clash of receipt numbers very unlikely; this put makes it impossible.
    write.put(ReceiptItem(receipt_pk(payment.receipt_no), RECEIPT_SK, case_no=payment.case_no, fee_id=payment.fee_id),
              ReceiptItem.pk.does_not_exist(), refused=ConcurrentChange("receipt number already issued"))


def payment_for_fee(case_no: str, fee_id: str, receipt_no: str) -> Payment | None:
    try:
        return to_payment(PaymentItem.get(case_pk(case_no), payment_sk(receipt_no), consistent_read=True))
    except PaymentItem.DoesNotExist:
        return None


def payments_on(day: date) -> list[Payment]:
    """One Query on gsi2 ``PAYMENTS#<day>``, in the order recorded."""
    return [to_payment(i) for i in PaymentItem.by_day.query(payments_day_pk(day)) if isinstance(i, PaymentItem)]


def case_with_receipt(case_no: str, receipt_no: str) -> tuple[CaseFile | None, Payment | None]:
    """The receipt page: the case (to check who may see it) and the payment, in one Query."""
    items = list(Entity.query(case_pk(case_no)))
    payment = next((to_payment(i) for i in items if isinstance(i, PaymentItem) and i.receipt_no == receipt_no), None)
    return case_from_items(items), payment


@dataclass(frozen=True)
class CasePayments:
    """One Query of the case partition, as the fees page needs it."""

    case: CaseFile | None
    items: list[Entity]
    payments: list[Payment]
    attempts: dict[str, CardAttempt]  # by fee id
    advices: list[PaymentAdvice]


def case_payments(case_no: str) -> CasePayments:
    items = list(Entity.query(case_pk(case_no)))
    return CasePayments(
        case=case_from_items(items), items=items,
        payments=[to_payment(i) for i in items if isinstance(i, PaymentItem)],
        attempts={i.fee_id: to_attempt(i) for i in items if isinstance(i, CardAttemptItem)},
        advices=sorted((to_advice(i) for i in items if isinstance(i, AdviceItem)), key=lambda a: a.requested_at),
    )


# --- card-gateway attempts ---------------------------------------------------------------------


def to_attempt(item: CardAttemptItem) -> CardAttempt:
    return CardAttempt(case_no=item.case_no, fee_id=item.fee_id, intent_id=item.intent_id,
                       amount_cents=int(item.amount_cents), started_at=item.started_at,
                       webhook_event_id=item.webhook_event_id, webhook_at=item.webhook_at,
                       attempt_no=int(item.attempt_no or 1))


def start_attempt_in(write: UnitOfWork, fee: FeeOwed, intent_id: str, started_by: str) -> None:
    write.put(
        CardAttemptItem(case_pk(fee.case_no), card_attempt_sk(fee.fee_id), case_no=fee.case_no, fee_id=fee.fee_id,
                        intent_id=intent_id, amount_cents=fee.amount_cents, started_at=write.now,
                        started_by=started_by, gsi2pk=card_attempts_day_pk(singapore_date(write.now)),
                        gsi2sk=f"{write.now.isoformat()}#{fee.case_no}#{fee.fee_id}"),
        CardAttemptItem.pk.does_not_exist(),
        refused=ConcurrentChange("a card payment was started for this fee a moment ago"),
    )


def replace_intent_in(write: UnitOfWork, attempt: CardAttempt, intent_id: str) -> CardAttempt:
    """A declined intent the gateway will not confirm again gives way to a new one for the fee."""
    write.update(CardAttemptItem(case_pk(attempt.case_no), card_attempt_sk(attempt.fee_id)),
                 [CardAttemptItem.intent_id.set(intent_id), CardAttemptItem.attempt_no.set(attempt.attempt_no + 1),
                  CardAttemptItem.webhook_event_id.remove(), CardAttemptItem.webhook_at.remove()],
                 CardAttemptItem.intent_id == attempt.intent_id,
                 refused=ConcurrentChange("the card payment was restarted a moment ago; try again"))
    return CardAttempt(case_no=attempt.case_no, fee_id=attempt.fee_id, intent_id=intent_id,
                       amount_cents=attempt.amount_cents, started_at=attempt.started_at, webhook_event_id=None,
                       webhook_at=None, attempt_no=attempt.attempt_no + 1)


def get_attempt(case_no: str, fee_id: str) -> CardAttempt | None:
    try:
        return to_attempt(CardAttemptItem.get(case_pk(case_no), card_attempt_sk(fee_id), consistent_read=True))
    except CardAttemptItem.DoesNotExist:
        return None


def attempts_on(day: date) -> list[CardAttempt]:
    """One Query on gsi2 ``CARDPAYMENTS#<day>``."""
    return [to_attempt(i) for i in CardAttemptItem.by_day.query(card_attempts_day_pk(day))
            if isinstance(i, CardAttemptItem)]


def webhook_arrived_in(write: UnitOfWork, case_no: str, fee_id: str, intent_id: str, event_id: str) -> None:
    """The gateway reported on the intent ICMS made for this fee (and on no other)."""
    write.update(CardAttemptItem(case_pk(case_no), card_attempt_sk(fee_id)),
                 [CardAttemptItem.webhook_event_id.set(event_id), CardAttemptItem.webhook_at.set(write.now)],
                 CardAttemptItem.intent_id == intent_id,
                 refused=Conflict(f"ICMS made no card payment {intent_id} for fee {fee_id} of case {case_no}"))


def claim_event_in(write: UnitOfWork, event_id: str, event_type: str) -> None:
    """A webhook event is acted on once: its id's item can be put only once."""
    write.put(GatewayEventItem(gateway_event_pk(event_id), GATEWAY_EVENT_SK, event_type=event_type,
                               received_at=write.now, expires_at=write.now + EVENT_KEPT_FOR),
              GatewayEventItem.pk.does_not_exist(),
              refused=ReplayedEvent(f"event {event_id} was already processed (a replayed event); nothing was recorded"))


# --- payment advices ---------------------------------------------------------------------------


def to_advice(item: _AdviceFields) -> PaymentAdvice:
    return PaymentAdvice(
        advice_id=item.advice_id, reference=item.reference, case_no=item.case_no, fee_id=item.fee_id,
        application_no=item.application_no, description=item.description, payer_name=item.payer_name,
        amount_cents=int(item.amount_cents), valid_until=date.fromisoformat(item.valid_until),
        status=AdviceStatus(item.status), requested_at=item.requested_at, requested_by=item.requested_by,
    )


def _advice_fields(advice: PaymentAdvice) -> dict:
    return dict(advice_id=advice.advice_id, reference=advice.reference, case_no=advice.case_no, fee_id=advice.fee_id,
                application_no=advice.application_no, description=advice.description, payer_name=advice.payer_name,
                amount_cents=advice.amount_cents, valid_until=advice.valid_until.isoformat(),
                status=advice.status.value, requested_at=advice.requested_at, requested_by=advice.requested_by)


def put_advice_in(write: UnitOfWork, advice: PaymentAdvice) -> None:
    fields = _advice_fields(advice)
    clash = ConcurrentChange("advice id already issued")
    write.put(AdviceItem(case_pk(advice.case_no), advice_sk(advice.advice_id), **fields), AdviceItem.pk.does_not_exist(),
              refused=clash)
    write.put(AdviceRefItem(advice_pk(advice.advice_id), ADVICE_SK, **fields), AdviceRefItem.pk.does_not_exist(),
              refused=clash)


def get_advice(advice_id: str) -> PaymentAdvice | None:
    """One GetItem: what a kiosk's reference stands for."""
    try:
        return to_advice(AdviceRefItem.get(advice_pk(advice_id), ADVICE_SK, consistent_read=True))
    except AdviceRefItem.DoesNotExist:
        return None


def advice_ready_in(write: UnitOfWork, advice: PaymentAdvice) -> None:
    ready, requested = AdviceStatus.READY.value, AdviceStatus.REQUESTED.value
    already = Conflict(f"payment advice {advice.advice_id} is already issued")
    write.update(AdviceItem(case_pk(advice.case_no), advice_sk(advice.advice_id)), [AdviceItem.status.set(ready)],
                 AdviceItem.status == requested, refused=already)
    write.update(AdviceRefItem(advice_pk(advice.advice_id), ADVICE_SK), [AdviceRefItem.status.set(ready)],
                 AdviceRefItem.status == requested, refused=already)


def advice_object_key(advice: PaymentAdvice) -> str:
    return f"cases/{advice.case_no}/payment-advices/{advice.advice_id}.pdf"


def receipt_object_key(payment: Payment) -> str:
    return f"cases/{payment.case_no}/receipts/{payment.receipt_no}.pdf"
