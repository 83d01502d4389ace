"""The registry's daily reconciliation: payments by method adding up to what was recorded, and card
payments the gateway took whose webhook never arrived, checked against the gateway's own record
(localstripe, through the SDK), whether ICMS recorded them by another path or not at all."""

from __future__ import annotations

import csv
import io
import json

import pytest

from chalicelib.domain.clock import singapore_date, utc_now
from tests.fixtures.fees import add_fee
from tests.fixtures.gateway import authenticate, card_token, gateway_intent, intent_succeeded_event, signed_event
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    json_headers,
    kiosk_headers,
    new_case_payload,
    session_headers,
)

CASE = "DAC-912345-2026"
REPORT = "/api/registry/payments"


@pytest.fixture
def payer(portal, registry_officer, card_gateway, kiosk):
    create_case(portal, registry_officer, new_case_payload(CASE, "S8979373D"))
    return accused_principal("S8979373D", "Tan Ah Kow")


def _card(portal, payer, fee_id: str, number: str) -> dict:
    assert portal.http.get(f"/cases/{CASE}/fees/{fee_id}/pay/card", headers=session_headers(payer)).status_code == 200
    response = portal.http.post(f"/api/cases/{CASE}/fees/{fee_id}/card-payment", headers=json_headers(payer),
                                body=json.dumps({"token": card_token(number)}))
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def _at_kiosk(portal, payer, kiosk: str, fee_id: str, method: str) -> str:
    advice = json.loads(portal.http.post(f"/api/cases/{CASE}/fees/{fee_id}/advices", headers=json_headers(payer),
                                         body="{}").body)
    raw = json.dumps({"reference": advice["reference"], "transaction_id": f"T-{method}", "method": method,
                      "amount_collected_cents": 5000}).encode()
    paid = portal.http.post("/api/kiosk/payments", body=raw, headers={
        "Content-Type": "application/json", **kiosk_headers(kiosk, "POST", "/api/kiosk/payments", raw)})
    assert paid.status_code == 201, paid.body
    return json.loads(paid.body)["receipt_no"]


def _intent_of(fee_id: str) -> str:
    from chalicelib.store import payments

    return payments.get_attempt(CASE, fee_id).intent_id


def test_the_day_adds_up_by_method_and_lists_gateway_payments_whose_webhook_never_came(
        portal, payer, registry_officer, kiosk):
    paid_online, paid_at_gateway_only, cash, nets = (add_fee(CASE, payer).fee_id for _ in range(4))
    online_receipt = _card(portal, payer, paid_online, "4242424242424242")["receipt_no"]
    # The card holder authenticates with the gateway, then closes the tab: ICMS never hears of it.
    pending = _card(portal, payer, paid_at_gateway_only, "4000002500003155")
    assert pending["outcome"] == "requires_action"
    authenticate(pending["client_secret"], success=True)
    receipts = {_at_kiosk(portal, payer, kiosk, cash, "cash"), _at_kiosk(portal, payer, kiosk, nets, "nets")}

    report = json.loads(portal.http.get(REPORT, headers=json_headers(registry_officer)).body)
    assert report["day"] == singapore_date(utc_now()).isoformat()
    assert (report["count"], report["total_cents"], report["adds_up"]) == (3, 15000, True)
    counted = {t["method"]: (t["count"], t["amount_cents"]) for t in report["by_method"] if t["count"]}
    assert counted == {"e_payment": (1, 5000), "cash": (1, 5000), "nets": (1, 5000)}
    assert sum(t["amount_cents"] for t in report["by_method"]) == sum(p["amount_cents"] for p in report["payments"])
    assert {p["receipt_no"] for p in report["payments"]} == receipts | {online_receipt}
    missing = {m["gateway_payment"]: m for m in report["gateway_payments_without_webhook"]}
    assert set(missing) == {_intent_of(paid_online), _intent_of(paid_at_gateway_only)}
    assert missing[_intent_of(paid_online)]["recorded_receipt"] == online_receipt
    assert missing[_intent_of(paid_at_gateway_only)]["recorded_receipt"] is None
    assert {m["gateway_status"] for m in missing.values()} == {"succeeded"}

    table = list(csv.reader(io.StringIO(portal.http.get("/registry/payments/csv",
                                                        headers=session_headers(registry_officer)).body.decode())))
    payments = table[1:table.index([])]
    assert {row[0] for row in payments} == receipts | {online_receipt}
    assert ["total", "3", "150.00"] in table
    assert [_intent_of(paid_at_gateway_only), CASE, paid_at_gateway_only, "50.00", "NOT RECORDED"] in table
    page = portal.http.get("/registry/payments", headers=session_headers(registry_officer)).body.decode()
    assert "the methods add up to the total" in page and "not recorded in ICMS" in page

    # The webhooks arrive late: the payment recorded by the payer's page is the same payment, the
    # other is recorded now, and neither is listed any more.
    for fee_id, event_id in ((paid_online, "evt_late_1"), (paid_at_gateway_only, "evt_late_2")):
        event = intent_succeeded_event(gateway_intent(_intent_of(fee_id)), event_id)
        body, signature = signed_event(event)
        delivered = portal.http.post("/webhooks/card-gateway", body=body, headers={
            "Content-Type": "application/json", "Stripe-Signature": signature})
        assert delivered.status_code == 200, delivered.body
    report = json.loads(portal.http.get(REPORT, headers=json_headers(registry_officer)).body)
    assert (report["count"], report["total_cents"], report["adds_up"]) == (4, 20000, True)
    assert report["gateway_payments_without_webhook"] == []


def test_a_day_without_payments_adds_up_to_nothing_and_a_bad_day_is_refused(portal, registry_officer):
    empty = json.loads(portal.http.get(f"{REPORT}?day=2026-01-02", headers=json_headers(registry_officer)).body)
    assert (empty["count"], empty["total_cents"], empty["adds_up"], empty["payments"]) == (0, 0, True, [])
    bad = portal.http.get(f"{REPORT}?day=2026-13-45", headers=json_headers(registry_officer))
    assert bad.status_code == 422 and "day" in json.loads(bad.body)["message"]


def test_a_card_payment_the_gateway_does_not_answer_for_is_listed_as_not_checked(
        portal, payer, registry_officer, monkeypatch):
    from chalicelib.services import gateway

    fee_id = add_fee(CASE, payer).fee_id
    pending = _card(portal, payer, fee_id, "4000002500003155")
    assert pending["outcome"] == "requires_action"

    def no_answer(intent_id: str):
        raise gateway.GatewayUnavailable("The card payment service did not answer as expected.")

    monkeypatch.setattr(gateway, "retrieve", no_answer)
    response = portal.http.get(REPORT, headers=json_headers(registry_officer))
    assert response.status_code == 200, response.body
    report = json.loads(response.body)
    assert report["gateway_payments_not_checked"] == [_intent_of(fee_id)]
    assert report["gateway_payments_without_webhook"] == [] and report["adds_up"]
    page = portal.http.get("/registry/payments", headers=session_headers(registry_officer)).body.decode()
    assert "did not answer for 1 card payment" in page and _intent_of(fee_id) in page
