"""e-Payment through the real SDK against localstripe: the page, the card outcomes, the webhook."""

from __future__ import annotations

import json
import time

import pytest

from chalicelib.domain.clock import singapore_date, utc_now
from chalicelib.store import audit
from tests.fixtures.fees import add_fee
from tests.fixtures.gateway import (
    authenticate,
    card_token,
    gateway_intent,
    intent_succeeded_event,
    signed_event,
)
from tests.fixtures.portal import accused_principal, create_case, json_headers, new_case_payload, session_headers

CASE = "DAC-912345-2026"
FEES = f"/api/cases/{CASE}/fees"
FEE = {"id": ""}  # the fee the current test's payer owes (set by the ``payer`` fixture)


def _pay_path() -> str:
    return f"/api/cases/{CASE}/fees/{FEE['id']}/card-payment"


def _page() -> str:
    return f"/cases/{CASE}/fees/{FEE['id']}/pay/card"
WEBHOOK = "/webhooks/card-gateway"


@pytest.fixture
def payer(portal, registry_officer, card_gateway):
    create_case(portal, registry_officer, new_case_payload(CASE, "S8979373D"))
    principal = accused_principal("S8979373D", "Tan Ah Kow")
    FEE["id"] = add_fee(CASE, principal).fee_id
    return principal


def _fee(portal, payer) -> dict:
    fees = json.loads(portal.http.get(FEES, headers=json_headers(payer)).body)["fees"]
    return next(f for f in fees if f["fee_id"] == FEE["id"])


def _pay(portal, payer, number: str, **extra) -> tuple[int, dict]:
    response = portal.http.post(_pay_path(), headers=json_headers(payer), body=json.dumps({"token": card_token(number), **extra}))
    return response.status_code, json.loads(response.body)


def _intent_id(portal, payer) -> str:
    from chalicelib.store import payments

    return payments.get_attempt(CASE, FEE["id"]).intent_id


def test_the_payment_page_loads_the_gateways_script_under_its_own_csp_and_no_amount_field(portal, payer):
    response = portal.http.get(_page(), headers=session_headers(payer))
    assert response.status_code == 200, response.body
    page = response.body.decode()
    gateway = "http://127.0.0.1:" + str(__import__("os").environ["ICMS_GATEWAY_API_BASE"].rsplit(":", 1)[1])
    csp = response.headers["Content-Security-Policy"]
    assert f"script-src 'self' {gateway}" in csp and f"frame-src {gateway}" in csp and gateway in csp.split("connect-src")[1]
    assert "js.stripe.com/v3/" in page and 'name="amount' not in page and "S$50.00" in page
    assert 'href="/inbox">Inbox' in page  # the header as on every page
    # Only this page may run the gateway's code.
    other = portal.http.get(f"/cases/{CASE}/fees", headers=session_headers(payer)).headers["Content-Security-Policy"]
    assert gateway not in other and "frame-src 'none'" in other
    intent = gateway_intent(_intent_id(portal, payer))
    assert (intent["amount"], intent["currency"], intent["metadata"]["fee_id"]) == (5000, "sgd", FEE["id"])
    # Visiting again reuses the fee's one intent.
    portal.http.get(_page(), headers=session_headers(payer))
    assert _intent_id(portal, payer) == intent["id"]


def test_a_card_that_succeeds_pays_the_fee_once_with_a_receipt_notice_and_audit(portal, payer, events):
    portal.http.get(_page(), headers=session_headers(payer))
    status, body = _pay(portal, payer, "4242424242424242")
    assert status == 200 and body["outcome"] == "succeeded", body
    receipt = body["receipt_no"]
    assert body["next"] == f"/cases/{CASE}/receipts/{receipt}"
    fee = _fee(portal, payer)
    assert (fee["status"], fee["receipt_no"]) == ("paid", receipt)
    shown = json.loads(portal.http.get(f"/api/cases/{CASE}/receipts/{receipt}", headers=json_headers(payer)).body)
    assert (shown["amount_cents"], shown["method"], shown["channel"]) == (5000, "e_payment", "online")
    page = portal.http.get(f"/cases/{CASE}/receipts/{receipt}", headers=session_headers(payer)).body.decode()
    assert receipt in page and "S$50.00" in page and "(Singapore time)" in page
    pdf = portal.http.get(f"/cases/{CASE}/receipts/{receipt}/pdf", headers=session_headers(payer))
    assert pdf.status_code == 303 and "receipts" in pdf.headers["Location"]
    kinds = [m["body"]["kind"] for m in events.queued()]
    assert kinds.count("payment_received") == 1
    recorded = [e for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "payment_recorded"]
    assert len(recorded) == 1 and receipt in recorded[0].detail
    # Paying again is refused: nothing more is owed.
    status, again = _pay(portal, payer, "4242424242424242")
    assert status == 409 and "already been paid" in again["message"]


def test_a_declined_card_records_nothing_and_another_card_then_pays(portal, payer):
    portal.http.get(_page(), headers=session_headers(payer))
    status, body = _pay(portal, payer, "4000000000000341")
    assert status == 200 and body["outcome"] == "declined" and "declined" in body["message"].lower()
    assert _fee(portal, payer)["status"] == "due"
    result = portal.http.get(body["next"], headers=session_headers(payer))
    assert result.status_code == 402 and "Your card was declined" in result.body.decode()
    status, body = _pay(portal, payer, "4242424242424242")
    assert body["outcome"] == "succeeded", body
    assert _fee(portal, payer)["status"] == "paid"


def test_a_card_that_needs_authentication_pays_once_confirmed_and_not_when_refused(portal, payer):
    portal.http.get(_page(), headers=session_headers(payer))
    status, body = _pay(portal, payer, "4000002500003155")
    assert body["outcome"] == "requires_action" and body["client_secret"], body
    authenticate(body["client_secret"], success=False)
    refused = portal.http.get(body["next"], headers=session_headers(payer))
    assert refused.status_code == 402 and "did not confirm" in refused.body.decode()
    assert _fee(portal, payer)["status"] == "due"
    status, body = _pay(portal, payer, "4000002500003155")
    assert body["outcome"] == "requires_action"
    authenticate(body["client_secret"], success=True)
    done = portal.http.get(body["next"], headers=session_headers(payer))
    assert done.status_code == 303 and "/receipts/" in done.headers["Location"]
    assert _fee(portal, payer)["status"] == "paid"


@pytest.mark.parametrize("body, problem", [
    ({"token": "tok_x", "amount_cents": 1}, "amount_cents: is not a field this request accepts"),
    ({"token": "4242424242424242"}, "token"),
    ({}, "token: is required"),
])
def test_an_amount_or_a_card_number_from_the_client_is_refused(portal, payer, body, problem):
    response = portal.http.post(_pay_path(), headers=json_headers(payer), body=json.dumps(body))
    assert response.status_code == 422 and problem in json.loads(response.body)["message"]
    assert _fee(portal, payer)["status"] == "due"


def test_the_registry_and_other_people_cannot_pay(portal, payer, registry_officer):
    assert portal.http.post(_pay_path(), headers=json_headers(registry_officer),
                            body=json.dumps({"token": "tok_abcd"})).status_code == 403
    stranger = accused_principal("S8116474F")
    assert portal.http.post(_pay_path(), headers=json_headers(stranger), body=json.dumps({"token": "tok_abcd"})).status_code == 404


# --- the webhook ----------------------------------------------------------------------------------


def _succeeded_event(portal, payer, event_id: str) -> dict:
    """A card payment the gateway took, without ICMS's own call seeing it: the webhook's job."""
    portal.http.get(_page(), headers=session_headers(payer))
    intent_id = _intent_id(portal, payer)
    import requests

    base = __import__("os").environ["ICMS_GATEWAY_API_BASE"]
    card = requests.get(f"{base}/v1/tokens/{card_token('4242424242424242')}", auth=("sk_test_x", "")).json()["card"]["id"]
    requests.post(f"{base}/v1/payment_intents/{intent_id}", data={"payment_method": card}, auth=("sk_test_x", ""))
    requests.post(f"{base}/v1/payment_intents/{intent_id}/confirm", auth=("sk_test_x", ""))
    return intent_succeeded_event(gateway_intent(intent_id), event_id)


def _deliver(portal, body: bytes, signature: str | None):
    signed = {} if signature is None else {"Stripe-Signature": signature}
    return portal.http.post(WEBHOOK, headers={"Content-Type": "application/json; charset=utf-8", **signed}, body=body)


def test_the_webhook_records_a_payment_once_and_refuses_a_replay(portal, payer, events):
    event = _succeeded_event(portal, payer, "evt_first")
    body, signature = signed_event(event)
    response = _deliver(portal, body, signature)
    assert response.status_code == 200, response.body
    assert json.loads(response.body)["outcome"] == "recorded"
    assert _fee(portal, payer)["status"] == "paid"
    replay = _deliver(portal, *signed_event(event))
    assert replay.status_code == 409 and "already processed" in json.loads(replay.body)["message"]
    # The payer's own return page then finds the same payment: one receipt, one notice.
    done = portal.http.get(f"/cases/{CASE}/fees/{FEE['id']}/pay/card/done", headers=session_headers(payer))
    assert done.status_code == 303
    assert len(json.loads(portal.http.get(FEES, headers=json_headers(payer)).body)["receipts"]) == 1
    assert [m["body"]["kind"] for m in events.queued()].count("payment_received") == 1


def test_a_webhook_after_the_payers_page_recorded_it_is_the_same_payment(portal, payer):
    portal.http.get(_page(), headers=session_headers(payer))
    _, paid = _pay(portal, payer, "4242424242424242")
    event = intent_succeeded_event(gateway_intent(_intent_id(portal, payer)), "evt_late")
    response = _deliver(portal, *signed_event(event))
    assert response.status_code == 200 and json.loads(response.body) == {
        "event": "evt_late", "outcome": "already recorded", "receipt_no": paid["receipt_no"], "refund": None}
    from chalicelib.store import payments

    assert payments.get_attempt(CASE, FEE["id"]).webhook_event_id == "evt_late"


@pytest.mark.parametrize("tamper, status, problem", [
    (lambda body, sig: (body, sig.replace("v1=", "v1=0")), 400, "signature does not match"),
    (lambda body, sig: (body.replace(b"5000", b"5001"), sig), 400, "signature does not match"),
    (lambda body, sig: signed_event(json.loads(body), secret="whsec_someone-else"), 400, "signature does not match"),
    (lambda body, sig: signed_event(json.loads(body), timestamp=int(time.time()) - 600), 400,
     "more than 5 minutes old"),
    (lambda body, sig: (body, None), 400, "send the Stripe-Signature header"),
    (lambda body, sig: (body, ""), 422, "Stripe-Signature"),
])
def test_a_webhook_with_a_bad_signature_or_a_stale_timestamp_records_nothing(portal, payer, tamper, status, problem):
    event = _succeeded_event(portal, payer, "evt_tampered")
    response = _deliver(portal, *tamper(*signed_event(event)))
    assert response.status_code == status and problem in response.body.decode(), response.body
    assert _fee(portal, payer)["status"] == "due"
    # The genuine delivery still goes through: a refused one claimed nothing.
    assert _deliver(portal, *signed_event(event)).status_code == 200
