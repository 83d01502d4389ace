"""Exactly once under races, with real threads: a webhook and a kiosk paying one fee at the same
moment, and a kiosk's retry racing its first attempt. One payment is recorded per fee, always."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from chalicelib.domain.errors import Conflict
from tests.fixtures.fees import add_fee
from tests.fixtures.gateway import card_token, gateway_intent, intent_succeeded_event, signed_event
from tests.fixtures.portal import accused_principal, create_case, json_headers, new_case_payload, session_headers

CASE = "DAC-912345-2026"
ROUNDS = 4


@pytest.fixture
def serialised_moto(monkeypatch):
    """DynamoDB applies conflicting transactions one at a time; moto's server does not lock, so
    the test serialises its TransactWriteItems as DynamoDB would (conditions still decide)."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.Lock()
    original = DynamoDBBackend.transact_write_items

    def one_at_a_time(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", one_at_a_time)


@pytest.fixture
def world(portal, registry_officer, kiosk, card_gateway, serialised_moto):
    create_case(portal, registry_officer, new_case_payload(CASE, "S8979373D"))
    return accused_principal("S8979373D", "Tan Ah Kow")


def _charged_at_gateway(portal, payer, fee_id: str) -> dict:
    """The card payment succeeded at the gateway; its webhook is about to arrive."""
    from chalicelib.store import payments

    portal.http.get(f"/cases/{CASE}/fees/{fee_id}/pay/card", headers=session_headers(payer))
    intent_id = payments.get_attempt(CASE, fee_id).intent_id
    base, key = card_gateway_url(), ("sk_test_x", "")
    card = requests.get(f"{base}/v1/tokens/{card_token('4242424242424242')}", auth=key).json()["card"]["id"]
    requests.post(f"{base}/v1/payment_intents/{intent_id}", data={"payment_method": card}, auth=key)
    requests.post(f"{base}/v1/payment_intents/{intent_id}/confirm", auth=key)
    return gateway_intent(intent_id)


def card_gateway_url() -> str:
    import os

    return os.environ["ICMS_GATEWAY_API_BASE"]


def _race(*calls):
    """Run the calls in threads released together; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _payments_of(fee_id: str) -> list:
    from chalicelib.store.payments import case_payments

    return [p for p in case_payments(CASE).payments if p.fee_id == fee_id]


def test_a_webhook_and_a_kiosk_racing_for_one_fee_record_one_payment(portal, world):
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.payments import PaymentMethod
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services import card_payments, kiosk_payments

    kiosk = Principal(role=Role.KIOSK, subject_id="L2-01", display_name="State Courts, Level 2")
    outcomes = []
    for round_no in range(ROUNDS):
        fee_id = add_fee(CASE, world).fee_id
        advice = json.loads(portal.http.post(f"/api/cases/{CASE}/fees/{fee_id}/advices", headers=json_headers(world),
                                             body="{}").body)
        intent = _charged_at_gateway(portal, world, fee_id)
        body, signature = signed_event(intent_succeeded_event(intent, f"evt_race_{round_no}"))
        report = kiosk_payments.KioskPayment(reference=advice["reference"], transaction_id=f"T-{round_no}",
                                             method=PaymentMethod.CASH, amount_collected_cents=5000)
        webhook, at_kiosk = _race(
            lambda: card_payments.handle_event(body, signature, utc_now()),
            lambda: kiosk_payments.pay(Actor.of(kiosk, None), kiosk, report, utc_now()),
        )
        assert len(_payments_of(fee_id)) == 1, (webhook, at_kiosk)
        if isinstance(at_kiosk, Conflict):
            # The card payment won; the kiosk was refused before it could take the money twice.
            assert webhook["outcome"] == "recorded" and "already been paid" in at_kiosk.message
            outcomes.append("card first")
        else:
            # The kiosk won; the card payment is given back in full, and that is audited.
            assert at_kiosk.new and webhook["outcome"] == "refunded", webhook
            refunded = requests.get(f"{card_gateway_url()}/v1/refunds", auth=("sk_test_x", "")).json()["data"]
            assert any(r["payment_intent"] == intent["id"] and r["amount"] == 5000 for r in refunded)
            outcomes.append("kiosk first")
    assert len(outcomes) == ROUNDS


def test_a_kiosk_retry_racing_its_first_attempt_gets_the_same_receipt(portal, world):
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.payments import PaymentMethod
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services import kiosk_payments

    kiosk = Principal(role=Role.KIOSK, subject_id="L2-01", display_name="State Courts, Level 2")
    fee_id = add_fee(CASE, world).fee_id
    advice = json.loads(portal.http.post(f"/api/cases/{CASE}/fees/{fee_id}/advices", headers=json_headers(world),
                                         body="{}").body)
    report = kiosk_payments.KioskPayment(reference=advice["reference"], transaction_id="T-SAME",
                                         method=PaymentMethod.NETS, amount_collected_cents=5000)
    first, second = _race(*(lambda: kiosk_payments.pay(Actor.of(kiosk, None), kiosk, report, utc_now()),) * 2)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert first.payment.receipt_no == second.payment.receipt_no
    assert sorted([first.new, second.new]) == [False, True]
    assert len(_payments_of(fee_id)) == 1
