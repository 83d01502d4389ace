"""Paying fees: the case's fees, e-Payment by card, payment advices, receipts, and the gateway's
webhook. Pages for people, JSON for the same, and one route the card gateway calls."""

from datetime import date, datetime

from chalice import Response
from typing import Literal

from pydantic import ConfigDict, Field

from ..domain.base import Base
from ..domain.commands import Command
from ..domain.payments import FeeOwed, Payment, PaymentAdvice, ReceiptNumber
from ..domain.principals import PARTY_ROLES, Role
from ..render import render
from ..services import card_payments, case_views, fees_owed, payment_advices, payments
from ..services.card_payments import CardResult, Outcome
from ..settings import get_settings
from ..store import payments as payment_store
from .errors import HTML_HEADERS
from .filing_schemas import CasePath, FeePath
from .routing import Call, Page, RouteGroup, api, gateway_webhook, page, redirect
from .security import content_security_policy

payments_web = RouteGroup(__name__)
PAYERS = PARTY_ROLES
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}
ACCEPTED = 202


# --- JSON shapes ---------------------------------------------------------------------------------


class FeeOut(Base):
    fee_id: str
    application_no: str
    description: str
    amount_cents: int
    currency: str = "SGD"
    status: str
    receipt_no: str | None

    @classmethod
    def of(cls, fee: FeeOwed) -> "FeeOut":
        return cls(fee_id=fee.fee_id, application_no=fee.application_no, description=fee.description,
                   amount_cents=fee.amount_cents, status=fee.status.value, receipt_no=fee.receipt_no)


class AdviceOut(Base):
    advice_id: str
    reference: str
    fee_id: str
    application_no: str
    amount_cents: int
    valid_until: date
    status: str

    @classmethod
    def of(cls, advice: PaymentAdvice) -> "AdviceOut":
        return cls(advice_id=advice.advice_id, reference=advice.reference, fee_id=advice.fee_id,
                   application_no=advice.application_no, amount_cents=advice.amount_cents,
                   valid_until=advice.valid_until, status=advice.status.value)


class ReceiptOut(Base):
    receipt_no: str
    case_no: str
    fee_id: str
    application_no: str
    description: str
    amount_cents: int
    currency: str = "SGD"
    method: str
    method_label: str
    channel: str
    paid_at: datetime
    card_scheme: str | None
    card_last4: str | None
    kiosk_id: str | None

    @classmethod
    def of(cls, payment: Payment) -> "ReceiptOut":
        return cls(receipt_no=payment.receipt_no, case_no=payment.case_no, fee_id=payment.fee_id,
                   application_no=payment.application_no, description=payment.description,
                   amount_cents=payment.amount_cents, method=payment.method.value, method_label=payment.method_label,
                   channel=payment.channel.value, paid_at=payment.paid_at,
                   card_scheme=payment.card_scheme.value if payment.card_scheme else None,
                   card_last4=payment.card_last4, kiosk_id=payment.kiosk_id)


class FeesOut(Base):
    case_no: str
    fees: list[FeeOut]
    advices: list[AdviceOut]
    receipts: list[ReceiptOut]


class CardPaymentIn(Command):
    """Only the gateway's token for the card; the amount is the fee's, never the client's."""

    token: str = Field(min_length=4, max_length=255, pattern=r"^tok_[0-9A-Za-z_]+$")


class CardPaymentOut(Base):
    outcome: str
    message: str
    client_secret: str | None = None
    receipt_no: str | None = None
    next: str


class ReceiptPath(CasePath):
    receipt_no: ReceiptNumber


class ReceiptQuery(Base):
    model_config = ConfigDict(extra="forbid")

    paid: Literal["1"] | None = Field(None, description="1: the payer has just paid (the page says so)")


class GatewaySignature(Base):
    """The header the card gateway signs each event with (see the ``gateway_signature`` scheme)."""

    stripe_signature: str = Field(alias="Stripe-Signature", min_length=1, max_length=2000,
                                  description="t=<Unix seconds>,v1=<hex HMAC-SHA256 over t.body>")


class GatewayEventIn(Base):
    """A card gateway event as it posts it (its other fields are the gateway's, kept as sent: the signature
    covers the exact body, which is what ICMS reads once the signature checks)."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(pattern=r"^evt_[0-9A-Za-z_]{1,250}$")
    type: str = Field(max_length=100, description="payment_intent.succeeded is acted on; others are acknowledged")
    data: dict = Field(description="`object`: the PaymentIntent the event is about")


class WebhookOut(Base):
    event: str
    outcome: str
    receipt_no: str | None = None
    refund: str | None = None


# --- helpers -------------------------------------------------------------------------------------


def _fees_of(call: Call, case_no: str):
    """The case, its fees, advices and receipts: one Query of the case partition."""
    found = payment_store.case_payments(case_no.strip().upper())
    case = case_views.visible_case(call.caller, case_no, found.case)
    return case, found, fees_owed.fees_among(found.items)


def _fee(call: Call, case_no: str, fee_id: str):
    case = case_views.case_for(call.caller, case_no)
    return case, card_payments.fee_for(call.caller, case, fee_id)


def _done_path(case_no: str, fee_id: str) -> str:
    return f"/cases/{case_no}/fees/{fee_id}/pay/card/done"


def _receipt_path(payment: Payment) -> str:
    return f"/cases/{payment.case_no}/receipts/{payment.receipt_no}"


def _card_out(case_no: str, fee_id: str, result: CardResult) -> CardPaymentOut:
    next_path = _receipt_path(result.payment) if result.payment else _done_path(case_no, fee_id)
    return CardPaymentOut(outcome=result.outcome, message=result.message, client_secret=result.client_secret,
                          receipt_no=result.payment.receipt_no if result.payment else None, next=next_path)


# --- the case's fees -----------------------------------------------------------------------------


@api(payments_web, "/api/cases/{case_no}/fees", roles=CASE_READERS, path_params=CasePath, returns=FeesOut)
def fees_json(call: Call, case_no: str):
    """The case's fees with what each pays for, its payment advices and its receipts."""
    case, found, fees = _fees_of(call, call.path(CasePath).case_no)
    return FeesOut(case_no=case.case_no, fees=[FeeOut.of(f) for f in fees],
                   advices=[AdviceOut.of(a) for a in found.advices],
                   receipts=[ReceiptOut.of(p) for p in found.payments])


@page(payments_web, "/cases/{case_no}/fees", roles=CASE_READERS)
def fees_page(call: Call, case_no: str):
    case, found, fees = _fees_of(call, case_no)
    return Page("pages/fees.html", {"case": case, "fees": fees, "advices": found.advices,
                                    "receipts": {p.receipt_no: p for p in found.payments},
                                    "may_pay": call.caller.role in PAYERS, "now": call.now})


@page(payments_web, "/cases/{case_no}/fees/{fee_id}/pay", roles=PAYERS)
def pay_fee_page(call: Call, case_no: str, fee_id: str):
    case, fee = _fee(call, case_no, fee_id)
    card_payments.require_due(fee)
    return Page("pages/pay_fee.html", {"case": case, "fee": fee})


# --- e-Payment -----------------------------------------------------------------------------------


@page(payments_web, "/cases/{case_no}/fees/{fee_id}/pay/card", roles=PAYERS)
def card_payment_page(call: Call, case_no: str, fee_id: str):
    case, fee = _fee(call, case_no, fee_id)
    started = card_payments.start(call.actor, fee, call.now)
    settings = get_settings()
    # Rendered here, not as a Page, for its own Content-Security-Policy; the header's unread count too.
    body = render("pages/card_payment.html", principal=call.principal, csrf_token=call.session.csrf_token,
                  inbox_unread=call.session.unread,
                  case=case, fee=fee, gateway_js=settings.gateway_js_url,
                  publishable_key=settings.gateway_publishable_key, intent_id=started.intent_id,
                  pay_url=f"/api/cases/{case.case_no}/fees/{fee.fee_id}/card-payment",
                  done_url=_done_path(case.case_no, fee.fee_id))
    return Response(body=body, status_code=200,
                    headers={**HTML_HEADERS, "Content-Security-Policy": content_security_policy(with_gateway=True)})


@api(payments_web, "/api/cases/{case_no}/fees/{fee_id}/card-payment", roles=PAYERS, methods=("POST",),
     path_params=FeePath, body=CardPaymentIn, returns=CardPaymentOut, errors=(503,))
def card_payment_json(call: Call, case_no: str, fee_id: str):
    """Pay a fee with the gateway's token for a card (the amount is the fee's): succeeded, declined, or the
    card holder's bank asks them to authenticate (``client_secret`` for Stripe.js)."""
    path = call.path(FeePath)
    command = call.json(CardPaymentIn)
    case, fee = _fee(call, path.case_no, path.fee_id)
    return _card_out(case.case_no, fee.fee_id, card_payments.pay(call.actor, fee, command.token, call.now))


@page(payments_web, "/cases/{case_no}/fees/{fee_id}/pay/card/done", roles=PAYERS)
def card_payment_done_page(call: Call, case_no: str, fee_id: str):
    case, fee = _fee(call, case_no, fee_id)
    result = card_payments.finish(call.actor, fee, call.now)
    if result.outcome == Outcome.SUCCEEDED and result.payment is not None:
        return redirect(_receipt_path(result.payment) + "?paid=1")
    status = 402 if result.outcome in (Outcome.DECLINED, Outcome.AUTHENTICATION_FAILED) else 200
    return Page("pages/card_result.html", {"case": case, "fee": fee, "result": result}, status=status)


@gateway_webhook(payments_web, "/webhooks/card-gateway", headers=GatewaySignature, body=GatewayEventIn,
                 returns=WebhookOut, errors=(503,))
def card_gateway_webhook(call: Call):
    """The card gateway's signed events: a payment that succeeded is recorded once; a replayed event id is refused."""
    signature = call.headers(GatewaySignature).stripe_signature
    # The signature covers the exact bytes sent, so they are checked before anything is parsed.
    outcome = card_payments.handle_event(call.raw_body(), signature, call.now)
    return WebhookOut(**outcome)


# --- payment advices -----------------------------------------------------------------------------


@api(payments_web, "/api/cases/{case_no}/fees/{fee_id}/advices", roles=PAYERS, methods=("POST",),
     path_params=FeePath, returns=AdviceOut, status=ACCEPTED)
def request_advice_json(call: Call, case_no: str, fee_id: str):
    """Ask for a payment advice to pay at a State Courts kiosk: queued, rendered as a PDF with a QR code,
    and the parties told when it is ready."""
    path = call.path(FeePath)
    _, fee = _fee(call, path.case_no, path.fee_id)
    return ACCEPTED, AdviceOut.of(payment_advices.request(call.actor, fee, call.now))


@page(payments_web, "/cases/{case_no}/fees/{fee_id}/advice", roles=PAYERS, methods=("POST",))
def request_advice_page(call: Call, case_no: str, fee_id: str):
    case, fee = _fee(call, case_no, fee_id)
    advice = payment_advices.request(call.actor, fee, call.now)
    return redirect(f"/cases/{case.case_no}/fees?advice={advice.advice_id}#advices")


@page(payments_web, "/cases/{case_no}/advices/{advice_id}", roles=CASE_READERS)
def advice_download_page(call: Call, case_no: str, advice_id: str):
    found = payment_store.case_payments(case_no.strip().upper())
    case_views.visible_case(call.caller, case_no, found.case)
    advice = payment_advices.of_case(found.advices, advice_id)
    return redirect(payment_advices.download_link(advice))


# --- receipts ------------------------------------------------------------------------------------


@api(payments_web, "/api/cases/{case_no}/receipts/{receipt_no}", roles=CASE_READERS, path_params=ReceiptPath,
     returns=ReceiptOut)
def receipt_json(call: Call, case_no: str, receipt_no: str):
    """A receipt: number, method, amount, and when it was paid."""
    path = call.path(ReceiptPath)
    _, payment = payments.receipt_for(call.caller, path.case_no, path.receipt_no)
    return ReceiptOut.of(payment)


@page(payments_web, "/cases/{case_no}/receipts/{receipt_no}", roles=CASE_READERS, query=ReceiptQuery)
def receipt_page(call: Call, case_no: str, receipt_no: str):
    case, payment = payments.receipt_for(call.caller, case_no, receipt_no)
    just_paid = call.query(ReceiptQuery).paid == "1"
    return Page("pages/receipt.html", {"case": case, "payment": payment, "just_paid": just_paid})


@page(payments_web, "/cases/{case_no}/receipts/{receipt_no}/pdf", roles=CASE_READERS)
def receipt_pdf_page(call: Call, case_no: str, receipt_no: str):
    _, payment = payments.receipt_for(call.caller, case_no, receipt_no)
    return redirect(payments.receipt_pdf_link(payment))
