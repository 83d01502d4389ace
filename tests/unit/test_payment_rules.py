"""The kiosk's and the portal's payment rules, without AWS: card schemes, Luhn, AMEX, receipt
numbers, signed references, and when a reported payment is new, the same one, or refused."""

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import Conflict, RuleViolation
from chalicelib.domain.payments import (
    CardScheme,
    FeeOwed,
    FeeStatus,
    Settlement,
    card_facts,
    check_card_number,
    luhn_valid,
    make_reference,
    read_reference,
    receipt_number,
    receipt_number_valid,
    scheme_of,
    settlement,
)

KEY = b"reference-key"
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("digits, scheme", [
    ("4", CardScheme.VISA), ("424242", CardScheme.VISA), ("51", CardScheme.MASTERCARD), ("555555", CardScheme.MASTERCARD),
    ("2221", CardScheme.MASTERCARD), ("2720", CardScheme.MASTERCARD), ("34", CardScheme.AMEX), ("37", CardScheme.AMEX),
    ("3528", CardScheme.JCB), ("353011", CardScheme.JCB), ("3589", CardScheme.JCB), ("62", CardScheme.UNIONPAY),
    ("622126", CardScheme.UNIONPAY), ("300", CardScheme.DINERS_CLUB), ("36", CardScheme.DINERS_CLUB),
    ("3095", CardScheme.DINERS_CLUB), ("6011", CardScheme.DISCOVER), ("644", CardScheme.DISCOVER),
    ("65", CardScheme.DISCOVER),
    ("2220", None), ("2721", None), ("56", None), ("3527", None), ("3590", None), ("306", None), ("6012", None),
    ("35", None), ("1", None), ("9", None), ("", None), ("4x", None),
])
def test_the_scheme_comes_from_the_leading_digits(digits, scheme):
    assert scheme_of(digits) is scheme


@pytest.mark.parametrize("number, valid", [
    ("4242424242424242", True), ("4242424242424241", False), ("5555555555554444", True), ("378282246310005", True),
    ("79927398713", False), ("000000000000", True), ("4242 4242", False), ("", False), ("4" * 20, False),
])
def test_luhn(number, valid):
    assert luhn_valid(number) is valid


def test_the_kiosk_check_keeps_first_six_and_last_four_and_refuses_amex_bad_luhn_and_junk():
    assert check_card_number("4242 4242 4242 4242") == card_facts("424242", "4242")
    assert check_card_number("2223-0031-2200-3222").scheme is CardScheme.MASTERCARD
    assert check_card_number("3530 1113 3330 0000").scheme is CardScheme.JCB  # every credit card but AMEX
    assert check_card_number("6011111111111117").scheme is CardScheme.DISCOVER
    for number, message in (("378282246310005", "American Express \\(AMEX\\) cards are not accepted"),
                            ("371449635398431", "AMEX"), ("4242424242424241", "fails the card number check"),
                            ("4242", "12 to 19 digits"), ("abcd efgh ijkl", "12 to 19 digits"),
                            ("9111111111111110", "not a credit card number")):
        with pytest.raises(RuleViolation, match=message):
            check_card_number(number)


def test_receipt_numbers_carry_the_singapore_date_and_a_check_symbol():
    late_evening_utc = datetime(2026, 11, 30, 17, 30, tzinfo=timezone.utc)  # 1 Dec, 1.30am in Singapore
    number = receipt_number(late_evening_utc, b"\x01\x02\x03\x04\x05")
    assert number.startswith("R261201-") and receipt_number_valid(number)
    typo = number[:9] + ("A" if number[9] != "A" else "B") + number[10:]
    assert not receipt_number_valid(typo)
    assert receipt_number(NOW, b"\x01\x02\x03\x04\x05") != receipt_number(NOW, b"\x01\x02\x03\x04\x06")


def test_a_reference_reads_back_as_issued_however_it_is_keyed_in():
    advice_id, reference = make_reference(KEY, b"abcde", date(2026, 12, 9))
    assert reference.startswith("PA-") and len(reference) == 3 + 20 + 3
    for keyed in (reference, reference.lower(), reference.replace("-", " "), reference[3:].replace("0", "O")):
        read = read_reference(KEY, keyed, NOW)
        assert (read.advice_id, read.valid_until, read.reference) == (advice_id, date(2026, 12, 9), reference)
    assert "amount" not in reference.lower()


def test_a_tampered_foreign_or_expired_reference_is_refused():
    _, reference = make_reference(KEY, b"abcde", date(2026, 12, 9))
    flipped = reference[:-2] + ("Z" if reference[-2] != "Z" else "Y") + reference[-1]
    with pytest.raises(RuleViolation, match="mistyped or altered"):
        read_reference(KEY, flipped, NOW)
    with pytest.raises(RuleViolation, match="mistyped or altered"):
        read_reference(b"another key", reference, NOW)
    # The day it names is the last it can be paid on (Singapore time).
    assert read_reference(KEY, reference, datetime(2026, 12, 9, 15, 59, tzinfo=timezone.utc))
    with pytest.raises(RuleViolation, match="expired on 09 Dec 2026"):
        read_reference(KEY, reference, datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc))
    with pytest.raises(RuleViolation, match="PA followed by 20"):
        read_reference(KEY, "PA-123", NOW)


def _fee(**changes) -> FeeOwed:
    base = FeeOwed(case_no="DAC-912345-2026", fee_id="FEE-1", application_no="APP-1", description="fee",
                   amount_cents=5000, status=FeeStatus.DUE, payer_name="Tan")
    return base.model_copy(update=changes)


def test_a_reported_payment_is_new_the_same_again_or_refused():
    assert settlement(_fee(), "kiosk:L2-01:T1", 5000) is Settlement.NEW
    paid = _fee(status=FeeStatus.PAID, settled_by="kiosk:L2-01:T1", receipt_no="R261125-00000000")
    assert settlement(paid, "kiosk:L2-01:T1", 5000) is Settlement.SAME
    with pytest.raises(Conflict, match="already been paid \\(receipt R261125-00000000\\)"):
        settlement(paid, "gateway:pi_1", 5000)
    with pytest.raises(Conflict, match="waived"):
        settlement(_fee(status=FeeStatus.WAIVED), "gateway:pi_1", 5000)
    with pytest.raises(RuleViolation, match="S\\$49.99.*S\\$50.00"):
        settlement(_fee(), "gateway:pi_1", 4999)


def test_an_advice_expires_after_its_last_day_in_singapore():
    from chalicelib.domain.payments import AdviceStatus, PaymentAdvice

    advice = PaymentAdvice(advice_id="A", reference="PA-x", case_no="c", fee_id="f", application_no="a",
                           description="d", payer_name="p", amount_cents=1, valid_until=date(2026, 12, 9),
                           status=AdviceStatus.READY, requested_at=NOW, requested_by="x")
    assert not advice.expired(datetime(2026, 12, 9, 15, 59, tzinfo=timezone.utc))
    assert advice.expired(datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc))
    assert advice.expires_at - timedelta(seconds=1) < datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc)
