"""A payment's notices through the channels: the advice ready and the payment received reach the
payer's inbox and email, and an SMS to a confirmed number while SMS is chosen for filings and fees
(the topic fees belong to); nothing of them reaches the bailor."""

from __future__ import annotations

import json

from tests.api.test_notification_settings import confirm_mobile
from tests.fixtures.aws import sent_emails, sent_sms
from tests.fixtures.fees import add_fee, render_advices
from tests.fixtures.portal import accused_principal, create_case, kiosk_headers, new_case_payload, signed_in

CASE = "DAC-912345-2026"
ACCUSED = "S8979373D"
MOBILE = "+6598765432"


def _call(portal, method: str, path: str, body: dict | None = None):
    headers = {"Content-Type": "application/json", **signed_in(accused_principal(ACCUSED, "Tan Ah Kow"))[0]}
    return portal.http.request(method, path, headers=headers, body=json.dumps(body) if body is not None else b"")


def _kiosk_pays(portal, kiosk: str, reference: str) -> dict:
    raw = json.dumps({"reference": reference, "transaction_id": "T-0001", "method": "cash",
                      "amount_collected_cents": 5000}).encode()
    response = portal.http.post("/api/kiosk/payments", body=raw, headers={
        "Content-Type": "application/json", **kiosk_headers(kiosk, "POST", "/api/kiosk/payments", raw)})
    assert response.status_code == 201, response.body
    return json.loads(response.body)


def _texts_to(number: str) -> list[str]:
    return [sms["text"] for sms in sent_sms() if sms["to"] == number]


def test_the_advice_and_the_payment_reach_inbox_email_and_sms_as_chosen_for_filings_and_fees(
        portal, registry_officer, kiosk, events):
    payload = new_case_payload(CASE, ACCUSED)
    payload["bail"] = {"amount_cents": 500_000, "bailor_name": "Tan Mei Ling", "bailor_email": "meiling@example.sg",
                       "bailor_phone": "+65 8123 4567"}
    create_case(portal, registry_officer, payload)
    confirm_mobile(portal, accused_principal(ACCUSED, "Tan Ah Kow"), typed="9876 5432")
    fee = add_fee(CASE, accused_principal(ACCUSED, "Tan Ah Kow"))
    events.deliver()

    advice = json.loads(_call(portal, "POST", f"/api/cases/{CASE}/fees/{fee.fee_id}/advices", {}).body)
    render_advices(portal, events)
    events.deliver()
    [advice_sms] = [t for t in _texts_to(MOBILE) if "payment advice" in t]
    assert advice["reference"] in advice_sms and "S$50.00" in advice_sms and CASE in advice_sms
    assert "Tan" not in advice_sms and "http" not in advice_sms

    # SMS off for filings and fees: the payment still reaches the inbox and email, not the phone.
    off = {"topics": {"filings": {"email": True, "sms": False}}}
    assert _call(portal, "PUT", "/api/notification-settings", off).status_code == 200
    texts_before = len(sent_sms())
    receipt = _kiosk_pays(portal, kiosk, advice["reference"])
    events.deliver()
    assert len(sent_sms()) == texts_before

    [email] = [e for e in sent_emails() if e["subject"] == f"Payment received: {CASE}"]
    assert email["to"] == ["ahkow@example.sg"]
    assert receipt["receipt_no"] in email["body"] and f"/cases/{CASE}/receipts/{receipt['receipt_no']}" in email["body"]
    assert not any(e["to"] == ["meiling@example.sg"] for e in sent_emails() if "Payment" in e["subject"])
    assert not any("Payment" in t or "payment" in t for t in _texts_to("+6581234567"))

    inbox = json.loads(_call(portal, "GET", "/api/inbox").body)
    by_kind = {entry["kind"]: entry for entry in inbox["entries"]}
    assert by_kind["payment_received"]["topic"] == "filings"
    assert by_kind["payment_received"]["link"] == f"/cases/{CASE}/receipts/{receipt['receipt_no']}"
    assert by_kind["payment_advice_ready"]["link"] == f"/cases/{CASE}/advices/{advice['advice_id']}"
    opened = json.loads(_call(portal, "GET", f"/api/inbox/{by_kind['payment_received']['entry_id']}").body)
    assert receipt["receipt_no"] in opened["body"] and fee.application_no in opened["body"]
