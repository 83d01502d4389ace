"""The registry's daily reconciliation: payments recorded on a Singapore day, by method, adding
up to the day's total; and card payments the gateway took whose webhook never reached ICMS.

Payments come from one Query (gsi2 ``PAYMENTS#<day>``). Card payments started that day come from
another (gsi2 ``CARDPAYMENTS#<day>``); each one whose webhook has not arrived is read from the
gateway, and listed if the gateway says it succeeded (whether or not ICMS has recorded it by
another path), so that a lost or misconfigured webhook is seen the same day. A card payment the
gateway does not answer for is listed as not checked, and the rest of the report still stands.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from ..domain.payments import Payment, PaymentMethod, gateway_payment_key
from ..render import sg_datetime
from ..store import payments as store
from ..store.payments import CardAttempt
from . import gateway


@dataclass(frozen=True)
class MethodTotal:
    method: PaymentMethod
    count: int
    amount_cents: int


@dataclass(frozen=True)
class MissingWebhook:
    attempt: CardAttempt
    gateway_status: str
    recorded_receipt: str | None


@dataclass(frozen=True)
class Reconciliation:
    day: date
    payments: list[Payment]
    by_method: list[MethodTotal]
    total_cents: int
    missing_webhooks: list[MissingWebhook]
    unchecked: list[CardAttempt]

    @property
    def adds_up(self) -> bool:
        return sum(t.amount_cents for t in self.by_method) == self.total_cents == \
            sum(p.amount_cents for p in self.payments)


def report(day: date, *, check_gateway: bool = True) -> Reconciliation:
    recorded = store.payments_on(day)
    totals: OrderedDict[PaymentMethod, list[int]] = OrderedDict((m, [0, 0]) for m in PaymentMethod)
    for payment in recorded:
        totals[payment.method][0] += 1
        totals[payment.method][1] += payment.amount_cents
    by_key = {p.payment_key: p for p in recorded}
    missing, unchecked = [], []
    if check_gateway:
        for attempt in store.attempts_on(day):
            if attempt.webhook_at is not None:
                continue
            try:
                intent = gateway.retrieve(attempt.intent_id)
            except gateway.GatewayUnavailable:
                unchecked.append(attempt)
                continue
            if intent.succeeded:
                payment = by_key.get(gateway_payment_key(attempt.intent_id))
                missing.append(MissingWebhook(attempt, intent.status, payment.receipt_no if payment else None))
    return Reconciliation(
        day=day, payments=recorded,
        by_method=[MethodTotal(m, c, a) for m, (c, a) in totals.items()],
        total_cents=sum(p.amount_cents for p in recorded), missing_webhooks=missing, unchecked=unchecked,
    )


def as_csv(reconciliation: Reconciliation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["receipt_no", "paid_at_sgt", "method", "amount_sgd", "case_no", "application_no", "channel",
                     "kiosk_id", "gateway_payment"])
    for p in reconciliation.payments:
        writer.writerow([p.receipt_no, sg_datetime(p.paid_at), p.method.value, f"{p.amount_cents / 100:.2f}",
                         p.case_no, p.application_no, p.channel.value, p.kiosk_id or "", p.gateway_intent_id or ""])
    writer.writerow([])
    writer.writerow(["method", "count", "amount_sgd"])
    for total in reconciliation.by_method:
        writer.writerow([total.method.value, total.count, f"{total.amount_cents / 100:.2f}"])
    writer.writerow(["total", len(reconciliation.payments), f"{reconciliation.total_cents / 100:.2f}"])
    if reconciliation.missing_webhooks:
        writer.writerow([])
        writer.writerow(["gateway_payment_without_webhook", "case_no", "fee_id", "amount_sgd", "recorded_receipt"])
        for missing in reconciliation.missing_webhooks:
            writer.writerow([missing.attempt.intent_id, missing.attempt.case_no, missing.attempt.fee_id,
                             f"{missing.attempt.amount_cents / 100:.2f}", missing.recorded_receipt or "NOT RECORDED"])
    if reconciliation.unchecked:
        writer.writerow([])
        writer.writerow(["gateway_payment_not_checked", "case_no", "fee_id", "amount_sgd"])
        for attempt in reconciliation.unchecked:
            writer.writerow([attempt.intent_id, attempt.case_no, attempt.fee_id, f"{attempt.amount_cents / 100:.2f}"])
    return out.getvalue()

