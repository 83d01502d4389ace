"""Payment advices (queued, rendered to PDF, issued with a notice) and paying them at a kiosk."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import boto3
import pytest
import requests
import time_machine
from pypdf import PdfReader

from chalicelib.domain.clock import utc_now
from chalicelib.render import sg_datetime
from tests.fixtures.fees import add_fee, render_advices
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    json_headers,
    kiosk_headers,
    new_case_payload,
    session_headers,
    signed_in,
)

CASE = "DAC-912345-2026"
PAYMENTS = "/api/kiosk/payments"


FEE = {"id": "", "application": ""}  # the fee the current test's payer owes (set by ``payer``)


@pytest.fixture
def payer(portal, registry_officer, kiosk):
    create_case(portal, registry_officer, new_case_payload(CASE, "S8979373D"))
    principal = accused_principal("S8979373D", "Tan Ah Kow")
    fee = add_fee(CASE, principal)
    FEE.update(id=fee.fee_id, application=fee.application_no)
    return principal


@pytest.fixture
def advice(portal, payer) -> dict:
    response = portal.http.post(f"/api/cases/{CASE}/fees/{FEE['id']}/advices", headers=json_headers(payer),
                                body="{}")
    assert response.status_code == 202, response.body
    return json.loads(response.body)


def _owed(portal, kiosk, reference: str):
    path = f"/api/kiosk/advices/{reference}"
    return portal.http.get(path, headers=kiosk_headers(kiosk, "GET", path))


def _pay(portal, kiosk, body: dict):
    raw = json.dumps(body).encode()
    return portal.http.post(PAYMENTS, headers={"Content-Type": "application/json",
                                               **kiosk_headers(kiosk, "POST", PAYMENTS, raw)}, body=raw)


def _cash(advice_reference: str, transaction: str = "T-0001", **overrides) -> dict:
    return {"reference": advice_reference, "transaction_id": transaction, "method": "cash",
            "amount_collected_cents": 5000, **overrides}


def test_an_advice_is_rendered_from_the_queue_into_a_pdf_with_its_reference_and_the_party_is_told(
        portal, payer, advice, events, aws):
    assert advice["status"] == "requested" and advice["reference"].startswith("PA-")
    outcome = render_advices(portal, events)
    assert outcome["handled"] == 1 and outcome["batchItemFailures"] == []
    fees = json.loads(portal.http.get(f"/api/cases/{CASE}/fees", headers=json_headers(payer)).body)
    assert fees["advices"][0]["status"] == "ready"
    link = portal.http.get(f"/cases/{CASE}/advices/{advice['advice_id']}", headers=session_headers(payer))
    assert link.status_code == 303
    s3 = boto3.client("s3", endpoint_url=aws, region_name="ap-southeast-1")
    key = f"cases/{CASE}/payment-advices/{advice['advice_id']}.pdf"
    stored = s3.get_object(Bucket="icms-dev-documents-123456789012", Key=key)
    assert stored["ServerSideEncryption"] == "AES256"
    text = PdfReader(io.BytesIO(stored["Body"].read())).pages[0].extract_text()
    for expected in (advice["reference"], advice["application_no"], "S$50.00", "Tan Ah Kow", "Levels 2, 4 and 7"):
        assert expected in text, expected
    assert [m["body"]["kind"] for m in events.queued()].count("payment_advice_ready") == 1
    # A redelivered message issues nothing twice.
    from chalicelib.services.payment_advices import render_and_issue

    assert render_and_issue(advice["advice_id"], utc_now())["outcome"] == "already issued"


def test_a_kiosk_reads_what_is_owed_pays_cash_and_a_retry_gets_the_same_receipt(portal, payer, advice, kiosk):
    owed = json.loads(_owed(portal, kiosk, advice["reference"]).body)
    assert (owed["amount_owed_cents"], owed["status"], owed["application_no"]) == (5000, "due", advice["application_no"])
    first = _pay(portal, kiosk, _cash(advice["reference"]))
    assert first.status_code == 201, first.body
    receipt = json.loads(first.body)
    assert receipt["receipt_no"].startswith("R") and receipt["already_recorded"] is False
    retry = _pay(portal, kiosk, _cash(advice["reference"]))
    # A retry answers as the first did (201), with the first receipt, and says it was a retry.
    assert retry.status_code == 201 and json.loads(retry.body)["receipt_no"] == receipt["receipt_no"]
    assert json.loads(retry.body)["already_recorded"] is True
    other = _pay(portal, kiosk, _cash(advice["reference"], "T-0002"))
    assert other.status_code == 409 and receipt["receipt_no"] in json.loads(other.body)["message"]
    after = json.loads(_owed(portal, kiosk, advice["reference"]).body)
    assert (after["amount_owed_cents"], after["status"], after["receipt_no"]) == (0, "paid", receipt["receipt_no"])
    fees = json.loads(portal.http.get(f"/api/cases/{CASE}/fees", headers=json_headers(payer)).body)
    assert [r["receipt_no"] for r in fees["receipts"]] == [receipt["receipt_no"]]


def test_a_visa_card_at_the_kiosk_keeps_only_its_scheme_and_last_four(portal, payer, advice, kiosk):
    paid = _pay(portal, kiosk, _cash(advice["reference"], method="credit_card",
                                     card={"first6": "424242", "last4": "4242"}))
    assert paid.status_code == 201, paid.body
    body = json.loads(paid.body)
    assert body["method_label"] == "Credit card at kiosk, Visa ending 4242"
    shown = json.loads(portal.http.get(f"/api/cases/{CASE}/receipts/{body['receipt_no']}",
                                       headers=json_headers(payer)).body)
    assert (shown["card_scheme"], shown["card_last4"], shown["kiosk_id"]) == ("visa", "4242", "L2-01")
    # The receipt as a PDF: behind a short-lived link to the private bucket, rendered from the record.
    link = portal.http.get(f"/cases/{CASE}/receipts/{body['receipt_no']}/pdf", headers=session_headers(payer))
    assert link.status_code == 303
    pdf = requests.get(link.headers["Location"], timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    paid_at = datetime.fromisoformat(shown["paid_at"])
    for expected in (body["receipt_no"], "S$50.00", "Credit card at kiosk, Visa ending 4242", "L2-01",
                     sg_datetime(paid_at), "(Singapore time)", FEE["application"], CASE):
        assert expected in text, (expected, text)


@pytest.mark.parametrize("first6, last4, label", [
    ("555555", "4444", "Mastercard ending 4444"), ("353011", "0000", "JCB ending 0000"),
    ("620000", "0000", "UnionPay ending 0000"), ("601111", "1117", "Discover ending 1117"),
])
def test_every_credit_card_but_amex_is_taken_at_the_kiosk(portal, payer, advice, kiosk, first6, last4, label):
    paid = _pay(portal, kiosk, _cash(advice["reference"], method="credit_card", card={"first6": first6, "last4": last4}))
    assert paid.status_code == 201, paid.body
    assert json.loads(paid.body)["method_label"] == f"Credit card at kiosk, {label}"


@pytest.mark.parametrize("overrides, status, problem", [
    ({"method": "credit_card", "card": {"first6": "378282", "last4": "0005"}}, 422, "American Express (AMEX)"),
    ({"method": "credit_card", "card": {"first6": "341111", "last4": "1111"}}, 422, "American Express (AMEX)"),
    ({"method": "credit_card", "card": {"first6": "911111", "last4": "1117"}}, 422, "not a credit card number"),
    ({"method": "credit_card"}, 422, "first 6 and last 4 digits"),
    ({"method": "credit_card", "card": {"first6": "4242424242424242", "last4": "4242"}}, 422, "card.first6"),
    ({"method": "cash", "card": {"first6": "424242", "last4": "4242"}}, 422, "only to credit card payments"),
    ({"method": "e_payment"}, 422, "not taken at kiosks"),
    ({"method": "cheque"}, 422, "method: Input should be"),
    ({"amount_collected_cents": 4000}, 422, "is not the amount owed (S$50.00)"),
    ({"reference": "PA-AAAAA-AAAAA-AAAAA-AAAAA"}, 422, "mistyped or altered"),
    ({"reference": "not a reference at all!"}, 422, "reference: String should match pattern"),
    ({"reference": "PA-7K3MQ-XD2FA-B9C4D-E5F6"}, 422, "PA followed by 20 letters"),
])
def test_bad_kiosk_input_is_refused_with_a_clear_message_and_nothing_recorded(portal, payer, advice, kiosk, overrides,
                                                                              status, problem):
    response = _pay(portal, kiosk, _cash(advice["reference"], **overrides))
    assert response.status_code == status and problem in json.loads(response.body)["message"], response.body
    assert json.loads(_owed(portal, kiosk, advice["reference"]).body)["status"] == "due"


def test_a_tampered_expired_or_unknown_reference_is_refused(portal, payer, advice, kiosk):
    reference = advice["reference"]
    flipped = reference[:10] + ("0" if reference[10] != "0" else "1") + reference[11:]
    assert "mistyped or altered" in json.loads(_owed(portal, kiosk, flipped).body)["message"]
    # Keyed in without hyphens, in lower case, with O for 0: still the same advice.
    keyed = reference.replace("-", "").lower()
    assert _owed(portal, kiosk, keyed).status_code == 200
    with time_machine.travel(utc_now() + timedelta(days=16)):
        expired = _owed(portal, kiosk, reference)
        assert expired.status_code == 422 and "expired on" in json.loads(expired.body)["message"]
    from chalicelib.domain.payments import make_reference
    from chalicelib.settings import get_settings

    _, unknown = make_reference(get_settings().payment_reference_key.get_secret_value().encode(), b"\x00" * 5,
                                utc_now().date() + timedelta(days=3))
    missing = _owed(portal, kiosk, unknown)
    assert missing.status_code == 404 and "No payment advice has the reference" in json.loads(missing.body)["message"]


def test_a_fee_waived_by_the_registry_is_refused_at_the_kiosk(portal, payer, advice, kiosk, registry_officer):
    from tests.fixtures.filings import waive

    assert waive(portal, registry_officer, FEE["id"], case_no=CASE).status_code == 200
    refused = _pay(portal, kiosk, _cash(advice["reference"]))
    assert refused.status_code == 409 and "waived" in json.loads(refused.body)["message"]


def test_the_service_hub_finds_an_application_and_prints_its_advice(portal, payer, registry_officer, events):
    headers, csrf = signed_in(registry_officer)
    application_no = FEE["application"]
    found = portal.http.get(f"/service-hub?case_no={CASE}&application_no=APP%202026!", headers=headers)
    assert found.status_code == 422 and "letters, digits and hyphens" in found.body.decode()
    found = portal.http.get(f"/service-hub?case_no={CASE}&application_no=app-7k3q9m2x", headers=headers)
    assert found.status_code == 404 and "has no application APP-7K3Q9M2X" in found.body.decode()
    application = json.loads(portal.http.get(f"/api/registry/cases/{CASE}/applications/{application_no}/fee",
                                             headers=json_headers(registry_officer)).body)
    assert application["case_no"] == CASE and application["fee"]["amount_cents"] == 5000
    page = portal.http.get(f"/service-hub?case_no={CASE.lower()}&application_no={application_no.lower()}",
                           headers=headers)
    assert page.status_code == 200 and "Print payment advice" in page.body.decode()
    printed = portal.http.post("/service-hub/advices", headers={**headers, "Content-Type":
                               "application/x-www-form-urlencoded"},
                               body=f"case_no={CASE}&application_no={application_no}&csrf_token={csrf}")
    assert printed.status_code == 303
    advice_page = printed.headers["Location"]
    assert "being prepared" in portal.http.get(advice_page, headers=headers).body.decode()
    render_advices(portal, events)
    assert "Open the payment advice to print" in portal.http.get(advice_page, headers=headers).body.decode()


def test_an_advice_is_asked_for_through_the_outbox_so_nothing_is_queued_before_its_change_commits(
        portal, payer, events, aws):
    """The request to render rides in the change's own outbox item: no message exists until the
    relay reads the committed change, and an advice whose change did not commit asks for nothing."""
    from chalicelib.domain.audit import Actor
    from chalicelib.services import payment_advices
    from chalicelib.store.unit_of_work import ConcurrentChange, UnitOfWork
    from tests.fixtures.aws import queued_messages
    from tests.fixtures.fees import ADVICE_QUEUE

    fee = add_fee(CASE, payer)
    advice = payment_advices.request(Actor.of(payer, None), fee, utc_now())
    assert queued_messages(ADVICE_QUEUE) == []
    events.relay()
    assert [m["body"] for m in queued_messages(ADVICE_QUEUE)] == [{"advice_id": advice.advice_id}]

    # A change that fails to commit leaves no outbox item, so no work is sent.
    from chalicelib.store.payments import put_advice_in

    refused = UnitOfWork(Actor.of(payer, None), utc_now())
    put_advice_in(refused, advice)  # the same advice again: its put is conditional on a new item
    refused.send_after_commit("payment_advice_queue", {"advice_id": advice.advice_id})
    with pytest.raises(ConcurrentChange):
        refused.commit()
    events.relay()
    assert queued_messages(ADVICE_QUEUE) == []
