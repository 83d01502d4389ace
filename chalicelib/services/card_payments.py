"""e-Payment: a fee paid by card through the gateway, and the gateway's signed webhook.

The payer's page starts (or resumes) the fee's one PaymentIntent, hands the card to the gateway in
the browser, and sends ICMS only a token. ICMS records the payment when it learns the intent
succeeded, from whichever comes first: its own call to the gateway (confirming, or reading the
intent when the payer returns from authentication) or the webhook. Both are the same payment
(the intent's key), so it is recorded once; the webhook also marks the attempt as reported, which
the reconciliation report checks. A gateway payment for a fee that another channel paid first is
refunded in full, and the refund audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.access import can_view_case
from ..domain.audit import Actor, AuditAction
from ..domain.cases import CaseFile
from ..domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from ..domain.payments import (
    CURRENCY,
    Channel,
    FeeOwed,
    FeeStatus,
    Payment,
    PaymentMethod,
    gateway_payment_key,
)
from ..domain.principals import PARTY_ROLES, Principal
from ..logs import logger
from ..render import dollars
from ..store import payments as store
from ..store.unit_of_work import ConcurrentChange, UnitOfWork
from . import fees_owed, gateway, payments
from .gateway import GatewayEvent, Intent

WEBHOOK = Actor.system("card gateway webhook")


def fee_for(principal: Principal, case: CaseFile, fee_id: str) -> FeeOwed:
    """A fee of this case, for a caller who may see the case (checked by the caller) and pay."""
    if principal.role not in PARTY_ROLES or not can_view_case(principal, case):
        raise Forbidden("Fees are paid by the parties to the case or their lawyers; registry officers waive fees "
                        "or print payment advices at the Service Hub.")
    fee = fees_owed.fee_owed(case.case_no, fee_id)
    if fee is None:
        raise NotFound(f"case {case.case_no} has no fee {fee_id}")
    return fee


def require_due(fee: FeeOwed) -> None:
    if fee.status is FeeStatus.PAID:
        raise Conflict(f"This fee has already been paid (receipt {fee.receipt_no}); nothing more is owed.")
    if fee.status is FeeStatus.WAIVED:
        raise Conflict("This fee was waived by the registry; nothing is owed.")


@dataclass(frozen=True)
class CardPayment:
    """What the payment page needs: the intent's client secret for Stripe.js, never an amount
    the browser could change (the intent holds it)."""

    intent_id: str
    client_secret: str
    amount_cents: int


def start(actor: Actor, fee: FeeOwed, now: datetime) -> CardPayment:
    """The fee's PaymentIntent, made once (a conditional put) and reused on every visit."""
    require_due(fee)
    attempt = store.get_attempt(fee.case_no, fee.fee_id)
    if attempt is None:
        intent = gateway.create_intent(fee)
        write = UnitOfWork(actor, now)
        store.start_attempt_in(write, fee, intent.intent_id, actor.display_name or "")
        write.audit(AuditAction.CARD_PAYMENT_STARTED, target=fee.case_no,
                    detail=f"{dollars(fee.amount_cents)} for {fee.application_no}, gateway {intent.intent_id}")
        try:
            write.commit()
            return CardPayment(intent.intent_id, intent.client_secret, intent.amount_cents)
        except ConcurrentChange:
            attempt = store.get_attempt(fee.case_no, fee.fee_id)  # another tab started it a moment ago
            if attempt is None:
                raise
    intent = gateway.retrieve(attempt.intent_id)
    return CardPayment(intent.intent_id, intent.client_secret, intent.amount_cents)


class Outcome:
    SUCCEEDED = "succeeded"
    NEEDS_AUTHENTICATION = "requires_action"
    DECLINED = "declined"
    AUTHENTICATION_FAILED = "authentication_failed"
    PROCESSING = "processing"


@dataclass(frozen=True)
class CardResult:
    outcome: str
    message: str
    client_secret: str | None = None
    payment: Payment | None = None


def _result(actor: Actor, now: datetime, fee: FeeOwed, intent: Intent) -> CardResult:
    if intent.succeeded:
        return CardResult(Outcome.SUCCEEDED, "Payment received.", payment=record_from_intent(actor, now, fee, intent))
    if intent.needs_authentication:
        return CardResult(Outcome.NEEDS_AUTHENTICATION, "Your bank asks you to confirm this payment.",
                          client_secret=intent.client_secret)
    if intent.authentication_failed:
        return CardResult(Outcome.AUTHENTICATION_FAILED, "Your bank could not confirm that this payment is yours, "
                          "so nothing was charged. Try again, or use another card.")
    if intent.declined:
        return CardResult(Outcome.DECLINED, f"{intent.error_message or 'Your card was declined.'} Nothing was "
                          "charged. Try another card, or pay at a kiosk.")
    return CardResult(Outcome.PROCESSING, "The card payment service is still processing this payment. This page "
                      "shows the receipt once it is done.")


def pay(actor: Actor, fee: FeeOwed, token_id: str, now: datetime) -> CardResult:
    """Charge the tokenised card for the fee's intent. A token the gateway does not know is refused
    before an intent is started or anything is written."""
    require_due(fee)
    card_id = gateway.card_of_token(token_id)
    attempt = store.get_attempt(fee.case_no, fee.fee_id)
    if attempt is None:
        start(actor, fee, now)
        attempt = store.get_attempt(fee.case_no, fee.fee_id)
        assert attempt is not None
    current = gateway.retrieve(attempt.intent_id)
    if current.succeeded:  # paid in another tab: record (once) and show the receipt
        return _result(actor, now, fee, current)
    if current.declined or current.status == "canceled":
        # Stripe lets a declined intent be confirmed again; not every gateway (nor its fake) does,
        # so a declined intent gives way to a fresh one for the same fee.
        fresh = gateway.create_intent(fee, attempt.attempt_no + 1)
        write = UnitOfWork(actor, now)
        attempt = store.replace_intent_in(write, attempt, fresh.intent_id)
        write.audit(AuditAction.CARD_PAYMENT_STARTED, target=fee.case_no,
                    detail=f"{dollars(fee.amount_cents)} for {fee.application_no}, gateway {fresh.intent_id} "
                           f"(after a declined card)")
        write.commit()
    return _result(actor, now, fee, gateway.pay_with_card(attempt.intent_id, card_id))


def finish(actor: Actor, fee: FeeOwed, now: datetime) -> CardResult:
    """Where the page goes once Stripe.js is done (authentication included): read the intent."""
    if fee.status is FeeStatus.PAID:
        return CardResult(Outcome.SUCCEEDED, "Payment received.", payment=payments.existing_payment(fee))
    attempt = store.get_attempt(fee.case_no, fee.fee_id)
    if attempt is None:
        raise NotFound(f"no card payment was started for fee {fee.fee_id}")
    return _result(actor, now, fee, gateway.retrieve(attempt.intent_id))


def _report(fee: FeeOwed, intent: Intent) -> payments.PaymentReport:
    if intent.currency != CURRENCY or (intent.case_no, intent.fee_id) != (fee.case_no, fee.fee_id):
        raise RuleViolation(f"gateway payment {intent.intent_id} is not for fee {fee.fee_id} of case {fee.case_no}")
    return payments.PaymentReport(payment_key=gateway_payment_key(intent.intent_id), channel=Channel.ONLINE,
                                  method=PaymentMethod.E_PAYMENT, amount_cents=intent.amount_cents,
                                  gateway_intent_id=intent.intent_id)


def record_from_intent(actor: Actor, now: datetime, fee: FeeOwed, intent: Intent) -> Payment:
    return payments.record(actor, now, fee, _report(fee, intent)).payment


# --- the webhook ---------------------------------------------------------------------------------


def handle_event(raw_body: bytes, signature: str | None, now: datetime) -> dict:
    """A signed gateway event, acted on once. Refused before anything is read: a bad signature or
    a stale timestamp; refused with nothing recorded: an event id already processed."""
    event = gateway.verify_event(raw_body, signature)
    intent = event.intent
    fee = None
    if event.event_type == "payment_intent.succeeded" and intent and intent.case_no and intent.fee_id:
        fee = fees_owed.fee_owed(intent.case_no, intent.fee_id)
    if fee is None:
        _acknowledge(event, now, None)
        return {"event": event.event_id, "outcome": "acknowledged"}

    def also(write: UnitOfWork) -> None:
        store.claim_event_in(write, event.event_id, event.event_type)
        store.webhook_arrived_in(write, fee.case_no, fee.fee_id, intent.intent_id, event.event_id)

    try:
        recorded = payments.record(WEBHOOK, now, fee, _report(fee, intent), also=also)
    except store.ReplayedEvent:
        raise
    except (Conflict, RuleViolation) as refusal:
        if fee.settled_by == gateway_payment_key(intent.intent_id) or isinstance(refusal, ConcurrentChange):
            raise
        # Paid through another channel first (or waived): this card payment is given back.
        refund_id = gateway.refund(intent.intent_id)
        _acknowledge(event, now, fee, audit=(AuditAction.GATEWAY_PAYMENT_REFUNDED,
                     f"gateway {intent.intent_id} refunded ({refund_id}): {refusal.message}"))
        logger.warning("duplicate gateway payment refunded", extra={"intent": intent.intent_id})
        return {"event": event.event_id, "outcome": "refunded", "refund": refund_id}
    if not recorded.new:
        _acknowledge(event, now, fee)  # recorded by the payer's own page first
    return {"event": event.event_id, "outcome": "recorded" if recorded.new else "already recorded",
            "receipt_no": recorded.payment.receipt_no}


def _acknowledge(event: GatewayEvent, now: datetime, fee: FeeOwed | None,
                 audit: tuple[AuditAction, str] | None = None) -> None:
    write = UnitOfWork(WEBHOOK, now)
    store.claim_event_in(write, event.event_id, event.event_type)
    if fee is not None and event.intent is not None:
        store.webhook_arrived_in(write, fee.case_no, fee.fee_id, event.intent.intent_id, event.event_id)
    if audit is not None:
        write.audit(audit[0], target=fee.case_no if fee else None, detail=audit[1])
    write.commit()
