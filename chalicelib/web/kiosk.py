"""What payment kiosks ask ICMS: their configuration, what a payment advice's reference owes, and
recording the payment they took (its receipt number comes back)."""

from datetime import date, datetime

from pydantic import Field

from ..domain.base import Base
from ..domain.commands import Command
from ..domain.kiosks import KIOSK_PAYMENT_METHODS, KIOSK_REFUSED_CARD_SCHEMES
from ..domain.payments import FeeStatus, PaymentMethod, PaymentReference
from ..services import kiosk_payments
from .routing import Call, RouteGroup, kiosk_api

kiosk = RouteGroup(__name__)


class KioskStatusOut(Base):
    kiosk_id: str
    location: str
    # The court's clock: a kiosk whose clock drifts gets its signed requests refused.
    server_time: datetime
    payment_methods: list[str]
    refused_card_schemes: list[str]


@kiosk_api(kiosk, "/api/kiosk/status", returns=KioskStatusOut)
def kiosk_status(call: Call):
    """The kiosk checks in: who ICMS thinks it is, the time, and what it may accept."""
    return KioskStatusOut(
        kiosk_id=call.caller.subject_id,
        location=call.caller.display_name,
        server_time=call.now,
        payment_methods=[m.value for m in KIOSK_PAYMENT_METHODS],
        refused_card_schemes=list(KIOSK_REFUSED_CARD_SCHEMES),
    )


# --- paying a payment advice ---------------------------------------------------------------------


class KioskOwedOut(Base):
    reference: str
    case_no: str
    application_no: str
    description: str
    payer_name: str
    # What is owed now, from the fee as recorded (0 once paid or waived).
    amount_owed_cents: int
    currency: str = "SGD"
    status: str
    receipt_no: str | None
    valid_until: date


class KioskCardIn(Command):
    first6: str = Field(pattern=r"^[0-9]{6}$")
    last4: str = Field(pattern=r"^[0-9]{4}$")


class KioskAdvicePath(Base):
    reference: PaymentReference


class KioskPaymentIn(Command):
    reference: PaymentReference
    # The kiosk's own number for this payment; sending it again is a retry of the same payment.
    transaction_id: str = Field(pattern=r"^[0-9A-Za-z_-]{4,64}$")
    method: PaymentMethod
    # What the kiosk took, checked against what is owed; ICMS never charges what a client says.
    amount_collected_cents: int = Field(ge=1, le=100_000_000)
    card: KioskCardIn | None = None


class KioskReceiptOut(Base):
    receipt_no: str
    already_recorded: bool = Field(description="true: this transaction had been recorded before (the kiosk "
                                               "retried it); the receipt is the first one")
    case_no: str
    application_no: str
    amount_cents: int
    currency: str = "SGD"
    method: str
    method_label: str
    paid_at: datetime


@kiosk_api(kiosk, "/api/kiosk/advices/{reference}", path_params=KioskAdvicePath, returns=KioskOwedOut)
def kiosk_owed(call: Call, reference: str):
    """A scanned or keyed-in reference: checked, then what is owed for it."""
    found = kiosk_payments.owed(call.path(KioskAdvicePath).reference, call.now)
    due = found.fee.status is FeeStatus.DUE
    return KioskOwedOut(reference=found.advice.reference, case_no=found.fee.case_no,
                        application_no=found.fee.application_no, description=found.fee.description,
                        payer_name=found.fee.payer_name, amount_owed_cents=found.fee.amount_cents if due else 0,
                        status=found.fee.status.value, receipt_no=found.fee.receipt_no,
                        valid_until=found.advice.valid_until)


@kiosk_api(kiosk, "/api/kiosk/payments", methods=("POST",), body=KioskPaymentIn, returns=KioskReceiptOut,
           status=201)
def kiosk_pay(call: Call):
    """Record what the kiosk took for an advice; a retry of the same transaction gets the same receipt
    (``already_recorded``), a second payment for the fee is refused before money is taken."""
    command = call.json(KioskPaymentIn)
    report = kiosk_payments.KioskPayment(
        reference=command.reference, transaction_id=command.transaction_id, method=command.method,
        amount_collected_cents=command.amount_collected_cents,
        card_first6=command.card.first6 if command.card else None,
        card_last4=command.card.last4 if command.card else None)
    recorded = kiosk_payments.pay(call.actor, call.caller, report, call.now)
    payment = recorded.payment
    out = KioskReceiptOut(receipt_no=payment.receipt_no, already_recorded=not recorded.new, case_no=payment.case_no,
                          application_no=payment.application_no, amount_cents=payment.amount_cents,
                          method=payment.method.value, method_label=payment.method_label, paid_at=payment.paid_at)
    return out
