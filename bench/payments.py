"""Payments in the benchmark: the card gateway (localstripe on a free loopback port), the calls
every payment route is measured with, and what each needs prepared beforehand (unmeasured).

Calls to the gateway go over HTTP to localstripe and are not AWS round trips; the table counts
DynamoDB, S3 and SQS only. The payer is counsel on record for the represented case; the kiosk is L2-01.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import requests

if TYPE_CHECKING:
    from chalice.test import Client

    from bench.seed import World

from bench.scenarios import BENCH_KIOSK_ID, BENCH_KIOSK_SECRET, Scenario

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_bench"
_numbers = itertools.count(1)


def start_card_gateway(port: int) -> subprocess.Popen:
    """localstripe for the run; the environment must name it before the app is imported."""
    process = subprocess.Popen([sys.executable, "-m", "local.card_gateway", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/js.stripe.com/v3/", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("localstripe did not start")


def gateway_environment(port: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{port}"
    return {"ICMS_GATEWAY_API_BASE": base, "ICMS_GATEWAY_JS_URL": f"{base}/js.stripe.com/v3/",
            "ICMS_GATEWAY_BROWSER_ORIGINS": base, "ICMS_GATEWAY_WEBHOOK_SECRET": WEBHOOK_SECRET}


# --- unmeasured preparation --------------------------------------------------------------------


def _fee(case_no: str, payer):
    """A fee due on the case: the payer (counsel on record) asks for an appeal record (S$50.00)."""
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import fees_owed, filings
    from chalicelib.web.filing_schemas import parse_filing_request

    actor, now = Actor.of(payer, None), utc_now()
    request = parse_filing_request({"type": "court_records", "details": {
        "records": ["appeal_record"], "copies": 1, "purpose": "To prepare an appeal against the sentence"}})
    made = filings.create(actor, payer, case_no, request, filings.RequestKey.of(payer, f"bench-fee-{next(_numbers)}"),
                          now)
    filings.submit(actor, payer, case_no, made.filing.filing_id, None, now)
    fee_id = filings.read(payer, case_no).filing(made.filing.filing_id).fee_id
    return fees_owed.fee_owed(case_no, fee_id)


def _kiosk():
    from chalicelib.domain.kiosks import Kiosk
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.store import kiosks

    if kiosks.get_with_secret(BENCH_KIOSK_ID) is None:
        kiosks.register(Kiosk(kiosk_id=BENCH_KIOSK_ID, location="State Courts, Level 2"), BENCH_KIOSK_SECRET)
    return Principal(role=Role.KIOSK, subject_id=BENCH_KIOSK_ID, display_name="State Courts, Level 2")


def _advice(fee, payer, *, issued: bool):
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import payment_advices

    advice = payment_advices.request(Actor.of(payer, None), fee, utc_now())
    if issued:
        payment_advices.render_and_issue(advice.advice_id, utc_now())
    return advice


def _paid(fee, payer) -> str:
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.payments import PaymentMethod
    from chalicelib.services import kiosk_payments

    kiosk = _kiosk()
    advice = _advice(fee, payer, issued=False)
    return kiosk_payments.pay(Actor.of(kiosk, None), kiosk, kiosk_payments.KioskPayment(
        reference=advice.reference, transaction_id=f"T-{fee.fee_id}", method=PaymentMethod.CASH,
        amount_collected_cents=fee.amount_cents), utc_now()).payment.receipt_no


def _started(fee, payer) -> str:
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import card_payments

    return card_payments.start(Actor.of(payer, None), fee, utc_now()).intent_id


def _token(number: str = "4242424242424242") -> str:
    base = os.environ["ICMS_GATEWAY_API_BASE"]
    return requests.post(f"{base}/v1/tokens", timeout=5, data={
        "card[number]": number, "card[exp_month]": "12", "card[exp_year]": "34", "card[cvc]": "123",
        "key": "pk_test_bench"}).json()["id"]


def _charged(intent_id: str) -> dict:
    """The card payment taken at the gateway, as if the payer's browser had done it."""
    base, key = os.environ["ICMS_GATEWAY_API_BASE"], ("sk_test_bench", "")
    card = requests.get(f"{base}/v1/tokens/{_token()}", auth=key, timeout=5).json()["card"]["id"]
    requests.post(f"{base}/v1/payment_intents/{intent_id}", data={"payment_method": card}, auth=key, timeout=5)
    return requests.post(f"{base}/v1/payment_intents/{intent_id}/confirm", auth=key, timeout=5).json()


def _kiosk_headers(method: str, path: str, body: bytes) -> dict[str, str]:
    import secrets

    from chalicelib.domain.kiosks import canonical_request, sign

    stamp, nonce = str(int(time.time())), secrets.token_urlsafe(16)
    signature = sign(BENCH_KIOSK_SECRET.encode(), canonical_request(method, path, "", stamp, nonce, body))
    return {"X-ICMS-Kiosk": BENCH_KIOSK_ID, "X-ICMS-Timestamp": stamp, "X-ICMS-Nonce": nonce,
            "X-ICMS-Signature": signature}


# --- the scenarios -------------------------------------------------------------------------------


def payment_scenarios(world: World) -> list[Scenario]:
    payer, registry, case = world.counsel, world.registry, world.represented_case
    fees, receipts, advices = f"/cases/{case}/fees", f"/cases/{case}/receipts", f"/cases/{case}/advices"

    def with_fee(then: Callable[..., str]) -> Callable[[Client], tuple[str, dict[str, str]]]:
        def prepare(_client: Client) -> tuple[str, dict[str, str]]:
            return then(_fee(case, payer)), {}
        return prepare

    card_body: dict = {}

    def card_payment(_client: Client) -> tuple[str, dict[str, str]]:
        fee = _fee(case, payer)
        _started(fee, payer)
        card_body.update(token=_token())
        return f"/api{fees}/{fee.fee_id}/card-payment", {}

    webhook_body: dict = {}

    def webhook(_client: Client) -> tuple[str, dict[str, str]]:
        import hashlib
        import hmac

        fee = _fee(case, payer)
        intent = _charged(_started(fee, payer))
        webhook_body.clear()
        webhook_body.update({"id": f"evt_bench_{fee.fee_id}", "object": "event", "type": "payment_intent.succeeded",
                             "created": int(time.time()), "data": {"object": intent}})
        stamp = int(time.time())
        signed = f"{stamp}.".encode() + json.dumps(webhook_body).encode()
        signature = hmac.new(WEBHOOK_SECRET.encode(), signed, hashlib.sha256).hexdigest()
        return "/webhooks/card-gateway", {"Stripe-Signature": f"t={stamp},v1={signature}"}

    def owed(_client: Client) -> tuple[str, dict[str, str]]:
        _kiosk()
        advice = _advice(_fee(case, payer), payer, issued=True)
        path = f"/api/kiosk/advices/{advice.reference}"
        return path, _kiosk_headers("GET", path, b"")

    kiosk_body: dict = {}

    def kiosk_pay(_client: Client) -> tuple[str, dict[str, str]]:
        _kiosk()
        fee = _fee(case, payer)
        advice = _advice(fee, payer, issued=True)
        kiosk_body.clear()
        kiosk_body.update(reference=advice.reference, transaction_id=f"T-{fee.fee_id}", method="credit_card",
                          amount_collected_cents=fee.amount_cents, card={"first6": "424242", "last4": "4242"})
        return "/api/kiosk/payments", _kiosk_headers("POST", "/api/kiosk/payments", json.dumps(kiosk_body).encode())

    hub_fee: dict = {}

    def hub_application(then: str) -> Callable[[Client], tuple[str, dict[str, str]]]:
        def prepare(_client: Client) -> tuple[str, dict[str, str]]:
            fee = _fee(case, payer)
            hub_fee.update(case_no=case, application_no=fee.application_no)
            return then.format(case_no=case, application_no=fee.application_no), {}
        return prepare

    def hub_advice(_client: Client) -> tuple[str, dict[str, str]]:
        return f"/service-hub/advices/{_advice(_fee(case, payer), payer, issued=True).advice_id}", {}

    return [
        Scenario("GET", "/api/cases/{case_no}/fees", f"/api{fees}", "counsel", payer, 200),
        Scenario("GET", "/cases/{case_no}/fees", fees, "counsel", payer, 200),
        Scenario("GET", "/cases/{case_no}/fees/{fee_id}/pay", "", "counsel", payer, 200,
                 prepare=with_fee(lambda fee: f"{fees}/{fee.fee_id}/pay")),
        Scenario("GET", "/cases/{case_no}/fees/{fee_id}/pay/card", "", "counsel (first visit: makes the intent)",
                 payer, 200, prepare=with_fee(lambda fee: f"{fees}/{fee.fee_id}/pay/card")),
        Scenario("POST", "/api/cases/{case_no}/fees/{fee_id}/card-payment", "", "counsel (card succeeds)", payer, 200,
                 json_body=card_body, prepare=card_payment),
        Scenario("GET", "/cases/{case_no}/fees/{fee_id}/pay/card/done", "", "counsel (payment not yet made)", payer,
                 200, prepare=with_fee(lambda fee: (_started(fee, payer), f"{fees}/{fee.fee_id}/pay/card/done")[1])),
        Scenario("POST", "/webhooks/card-gateway", "/webhooks/card-gateway", "card gateway (payment succeeded)", None,
                 200, json_body=webhook_body, prepare=webhook),
        Scenario("POST", "/api/cases/{case_no}/fees/{fee_id}/advices", "", "counsel", payer, 202, json_body={},
                 prepare=with_fee(lambda fee: f"/api{fees}/{fee.fee_id}/advices")),
        Scenario("POST", "/cases/{case_no}/fees/{fee_id}/advice", "", "counsel", payer, 303, form_body={},
                 prepare=with_fee(lambda fee: f"{fees}/{fee.fee_id}/advice")),
        Scenario("GET", "/cases/{case_no}/advices/{advice_id}", "", "counsel", payer, 303,
                 prepare=with_fee(lambda fee: f"{advices}/{_advice(fee, payer, issued=True).advice_id}")),
        Scenario("GET", "/api/kiosk/advices/{reference}", "", "kiosk (signed request)", None, 200, prepare=owed),
        Scenario("POST", "/api/kiosk/payments", "/api/kiosk/payments", "kiosk (credit card, signed request)", None,
                 201, json_body=kiosk_body, prepare=kiosk_pay),
        Scenario("GET", "/api/cases/{case_no}/receipts/{receipt_no}", "", "counsel", payer, 200,
                 prepare=with_fee(lambda fee: f"/api{receipts}/{_paid(fee, payer)}")),
        Scenario("GET", "/cases/{case_no}/receipts/{receipt_no}", "", "counsel", payer, 200,
                 prepare=with_fee(lambda fee: f"{receipts}/{_paid(fee, payer)}")),
        Scenario("GET", "/cases/{case_no}/receipts/{receipt_no}/pdf", "", "counsel", payer, 303,
                 prepare=with_fee(lambda fee: f"{receipts}/{_paid(fee, payer)}/pdf")),
        Scenario("GET", "/service-hub", "", "registry (Service Hub)", registry, 200,
                 prepare=hub_application("/service-hub?case_no={case_no}&application_no={application_no}")),
        Scenario("GET", "/api/registry/cases/{case_no}/applications/{application_no}/fee", "", "registry", registry,
                 200, prepare=hub_application("/api/registry/cases/{case_no}/applications/{application_no}/fee")),
        Scenario("POST", "/service-hub/advices", "/service-hub/advices", "registry (Service Hub)", registry, 303,
                 form_body=hub_fee, prepare=hub_application("/service-hub/advices")),
        Scenario("GET", "/service-hub/advices/{advice_id}", "", "registry (Service Hub)", registry, 200,
                 prepare=hub_advice),
        Scenario("GET", "/registry/payments", "/registry/payments", "registry", registry, 200),
        Scenario("GET", "/registry/payments/csv", "/registry/payments/csv", "registry", registry, 200),
        Scenario("GET", "/api/registry/payments", "/api/registry/payments", "registry", registry, 200),
    ]
