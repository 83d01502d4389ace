"""Paying fees: who owes what, how it was paid, and the rules every channel keeps. Plain Python.

A fee is paid once. Whatever channel reports a payment (the card gateway's webhook, the page the
payer returns to, a kiosk, a kiosk retrying), it names the payment by a key of its own: the
gateway's PaymentIntent, or the kiosk and its transaction number. ``settlement`` decides from the
fee as read whether a report is a new payment, the same payment again, or a second payment that
must be refused; the store's conditional write on the fee makes the decision hold under races.

Card numbers never reach ICMS. Online, the browser hands them to the gateway; at a kiosk, the
kiosk reads the card and reports its first six and last four digits, which card rules allow to be
kept (PCI DSS). The kiosk runs ``check_card_number`` (the same rules) on the whole number before
it takes the payment; ICMS decides the scheme again from the first digits and refuses AMEX.
"""

import base64
import hashlib
import hmac
import re
from datetime import date, datetime, time, timedelta
from enum import Enum

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints

from .base import Base
from .clock import SINGAPORE, in_singapore, singapore_date
from .errors import Conflict, RuleViolation

CURRENCY = "sgd"
KIOSK_LOCATIONS = "State Courts Towers, 1 Havelock Square: payment kiosks on Levels 2, 4 and 7"
SERVICE_HUB = "Service Hub, State Courts Towers, Level 2"


# --- a fee owed --------------------------------------------------------------------------------
# The view of a filing's fee that paying needs (``domain/fees.py`` holds the fee itself). The seam
# between the two is ``services/fees_owed.py``: read a fee, find it by application number, settle
# it inside a payment's unit of work through ``services/fees.settle_in``.


class FeeStatus(str, Enum):
    DUE = "due"
    PAID = "paid"
    WAIVED = "waived"
    CANCELLED = "cancelled"  # its application was withdrawn before it was paid


class FeeOwed(Base):
    model_config = ConfigDict(frozen=True)

    case_no: str
    fee_id: str
    application_no: str
    description: str  # what the fee pays for, e.g. "Application to defer a court date"
    amount_cents: int
    status: FeeStatus
    payer_name: str  # who filed the application, as printed on the advice and receipt
    settled_by: str | None = None  # the payment key that paid it
    receipt_no: str | None = None
    # The record the fee was read from, for the seam to settle it (never serialised).
    source: Any = Field(default=None, exclude=True, repr=False)


# --- how a fee is paid -------------------------------------------------------------------------


class Channel(str, Enum):
    ONLINE = "online"
    KIOSK = "kiosk"


class PaymentMethod(str, Enum):
    E_PAYMENT = "e_payment"  # card, online through the gateway
    CASH = "cash"
    NETS = "nets"
    NETS_FLASHPAY = "nets_flashpay"
    CREDIT_CARD = "credit_card"  # at a kiosk

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    PaymentMethod.E_PAYMENT: "e-Payment (card)",
    PaymentMethod.CASH: "Cash at kiosk",
    PaymentMethod.NETS: "NETS at kiosk",
    PaymentMethod.NETS_FLASHPAY: "NETS FlashPay at kiosk",
    PaymentMethod.CREDIT_CARD: "Credit card at kiosk",
}
KIOSK_METHODS = (PaymentMethod.CASH, PaymentMethod.NETS, PaymentMethod.NETS_FLASHPAY, PaymentMethod.CREDIT_CARD)


class CardScheme(str, Enum):
    """Credit card schemes known by their leading digits (ISO/IEC 7812 issuer ranges)."""

    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    JCB = "jcb"
    UNIONPAY = "unionpay"
    DINERS_CLUB = "diners_club"
    DISCOVER = "discover"

    @property
    def label(self) -> str:
        return _SCHEME_LABELS[self]


_SCHEME_LABELS = {
    CardScheme.VISA: "Visa", CardScheme.MASTERCARD: "Mastercard", CardScheme.AMEX: "American Express",
    CardScheme.JCB: "JCB", CardScheme.UNIONPAY: "UnionPay", CardScheme.DINERS_CLUB: "Diners Club",
    CardScheme.DISCOVER: "Discover",
}
# The State Courts' kiosks take every credit card but American Express.
REFUSED_SCHEMES = frozenset({CardScheme.AMEX})
AMEX_REFUSED = ("American Express (AMEX) cards are not accepted at the State Courts kiosks. Pay with another "
                "credit card (Visa, Mastercard, JCB, UnionPay, Diners Club, Discover), NETS, NETS FlashPay or cash, "
                "or pay online by e-Payment.")
UNKNOWN_SCHEME = ("This is not a credit card number the kiosks recognise. Pay with NETS, NETS FlashPay or cash, or "
                  "check the card number.")

# (lowest, highest, scheme) over the first digits, compared at the length of the bounds; the
# narrower ranges first (UnionPay's 62 before Discover's 622126-622925 co-badged range).
_SCHEME_RANGES: tuple[tuple[str, str, CardScheme], ...] = (
    ("34", "34", CardScheme.AMEX), ("37", "37", CardScheme.AMEX),
    ("4", "4", CardScheme.VISA),
    ("51", "55", CardScheme.MASTERCARD), ("2221", "2720", CardScheme.MASTERCARD),
    ("3528", "3589", CardScheme.JCB),
    ("62", "62", CardScheme.UNIONPAY),
    ("300", "305", CardScheme.DINERS_CLUB), ("3095", "3095", CardScheme.DINERS_CLUB),
    ("36", "36", CardScheme.DINERS_CLUB), ("38", "39", CardScheme.DINERS_CLUB),
    ("6011", "6011", CardScheme.DISCOVER), ("644", "649", CardScheme.DISCOVER), ("65", "65", CardScheme.DISCOVER),
)


def scheme_of(leading_digits: str) -> CardScheme | None:
    """The card scheme from a card number's first digits: AMEX 34/37, Visa 4, Mastercard 51-55 and
    2221-2720, JCB 3528-3589, UnionPay 62, Diners Club 300-305/3095/36/38-39, Discover
    6011/644-649/65. None for digits no credit card scheme issues from (or too few to tell)."""
    if not re.fullmatch(r"[0-9]{1,19}", leading_digits):
        return None
    for lowest, highest, scheme in _SCHEME_RANGES:
        prefix = leading_digits[:len(lowest)]
        if len(prefix) == len(lowest) and lowest <= prefix <= highest:
            return scheme
    return None


def luhn_valid(number: str) -> bool:
    if not re.fullmatch(r"[0-9]{12,19}", number):
        return False
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


class CardFacts(Base):
    """What may be kept of a card: its scheme, first six and last four digits."""

    model_config = ConfigDict(frozen=True)

    scheme: CardScheme
    first6: str
    last4: str


def check_card_number(number: str) -> CardFacts:
    """The kiosk's check before it charges a card: digits, Luhn, a scheme the courts take."""
    digits = re.sub(r"[ -]", "", number)
    if not re.fullmatch(r"[0-9]{12,19}", digits):
        raise RuleViolation("A card number is 12 to 19 digits; check the number and try again.", field="card_number")
    if not luhn_valid(digits):
        raise RuleViolation("This card number is not valid (it fails the card number check); check the digits "
                            "and try again.", field="card_number")
    return card_facts(digits[:6], digits[-4:])


def card_facts(first6: str, last4: str) -> CardFacts:
    """The scheme decided from the first six digits a kiosk reports; AMEX and unknown schemes refused."""
    if not re.fullmatch(r"[0-9]{6}", first6 or ""):
        raise RuleViolation("first6 must be the card number's first 6 digits", field="card.first6")
    if not re.fullmatch(r"[0-9]{4}", last4 or ""):
        raise RuleViolation("last4 must be the card number's last 4 digits", field="card.last4")
    scheme = scheme_of(first6)
    if scheme in REFUSED_SCHEMES:
        raise RuleViolation(AMEX_REFUSED, field="card")
    if scheme is None:
        raise RuleViolation(UNKNOWN_SCHEME, field="card")
    return CardFacts(scheme=scheme, first6=first6, last4=last4)


# --- receipts ----------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK_SYMBOLS = _CROCKFORD + "*~$=U"  # Crockford's mod-37 check symbols
RECEIPT_NUMBER = re.compile(r"^R[0-9]{6}-[0-9A-HJKMNP-TV-Z]{8}[0-9A-HJKMNP-TV-Z*~$=U]$")


def _base32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=").translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD))


def _unbase32(text: str) -> bytes:
    standard = text.translate(str.maketrans(_CROCKFORD, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
    return base64.b32decode(standard + "=" * (-len(standard) % 8))


def _check_symbol(text: str) -> str:
    value = 0
    for char in text:
        value = (value * 32 + _CROCKFORD.index(char)) % 37
    return _CHECK_SYMBOLS[value]


def _tidy(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


# Inputs naming a receipt, an advice or its printed reference (paths, bodies): the pattern first, so
# that it is in the API's contract; tidied (trimmed, upper case) before it is checked.
ReceiptNumber = Annotated[str, StringConstraints(pattern=RECEIPT_NUMBER.pattern), BeforeValidator(_tidy)]
AdviceId = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{8}$"), BeforeValidator(_tidy)]
# As printed under the QR code, scanned, or keyed in with spaces or hyphens in either case; its MAC
# and expiry are checked by ``read_reference``, which says what is wrong with one that fails.
PaymentReference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{19,39}$")]


def receipt_number(paid_at: datetime, entropy: bytes) -> str:
    """``R261201-7K3MQXD2F``: the Singapore date paid, 40 random bits, a check symbol that catches
    a mistyped character when a receipt number is keyed in."""
    if len(entropy) != 5:
        raise ValueError("a receipt number takes 5 random bytes")
    body = _base32(entropy)
    return f"R{in_singapore(paid_at):%y%m%d}-{body}{_check_symbol(body)}"


def receipt_number_valid(text: str) -> bool:
    return bool(RECEIPT_NUMBER.match(text)) and _check_symbol(text[8:16]) == text[16]


class Payment(Base):
    """A payment recorded against a fee: what its receipt says."""

    model_config = ConfigDict(frozen=True)

    receipt_no: str
    case_no: str
    fee_id: str
    application_no: str
    description: str
    payer_name: str
    amount_cents: int
    channel: Channel
    method: PaymentMethod
    payment_key: str
    paid_at: datetime
    card_scheme: CardScheme | None = None
    card_last4: str | None = None
    kiosk_id: str | None = None
    kiosk_location: str | None = None
    gateway_intent_id: str | None = None

    @property
    def method_label(self) -> str:
        label = self.method.label
        if self.card_scheme and self.card_last4:
            label += f", {self.card_scheme.label} ending {self.card_last4}"
        return label


def gateway_payment_key(intent_id: str) -> str:
    return f"gateway:{intent_id}"


def kiosk_payment_key(kiosk_id: str, transaction_id: str) -> str:
    return f"kiosk:{kiosk_id}:{transaction_id}"


class Settlement(str, Enum):
    NEW = "new"  # record it
    SAME = "same"  # this very payment was recorded already: answer with its receipt


def settlement(fee: FeeOwed, payment_key: str, amount_cents: int) -> Settlement:
    """Whether a reported payment for ``fee`` is new, the same one again, or refused."""
    if fee.status is FeeStatus.PAID:
        if fee.settled_by == payment_key:
            return Settlement.SAME
        raise Conflict(f"This fee ({fee.application_no}) has already been paid (receipt {fee.receipt_no}); "
                       "nothing more is owed and nothing was recorded.")
    if fee.status is FeeStatus.WAIVED:
        raise Conflict(f"This fee ({fee.application_no}) was waived by the registry; nothing is owed and nothing "
                       "was recorded.")
    if fee.status is FeeStatus.CANCELLED:
        raise Conflict(f"Application {fee.application_no} was withdrawn, so its fee is no longer owed; nothing "
                       "was recorded.")
    if amount_cents != fee.amount_cents:
        raise RuleViolation(f"The amount paid ({_dollars(amount_cents)}) is not the amount owed "
                            f"({_dollars(fee.amount_cents)}); nothing was recorded.", field="amount")
    return Settlement.NEW


def _dollars(cents: int) -> str:
    return f"S${cents // 100:,}.{cents % 100:02d}"


# --- payment advices and their signed references ------------------------------------------------
# A reference is 20 characters a person can key in at a kiosk when the QR code will not scan:
# a random advice id, the advice's last valid day and a MAC over both. It carries no amount: the
# kiosk asks ICMS what is owed, and ICMS answers from the fee as recorded.

_REFERENCE_EPOCH = date(2020, 1, 1)
_REFERENCE_CONTEXT = b"ICMS payment advice reference v1"
REFERENCE_PREFIX = "PA"


class AdviceStatus(str, Enum):
    REQUESTED = "requested"  # queued for rendering
    READY = "ready"


class PaymentAdvice(Base):
    model_config = ConfigDict(frozen=True)

    advice_id: str
    reference: str
    case_no: str
    fee_id: str
    application_no: str
    description: str
    payer_name: str
    amount_cents: int
    valid_until: date  # the last Singapore day it can be paid with
    status: AdviceStatus
    requested_at: datetime
    requested_by: str  # a name, for the audit trail and the Service Hub page

    def expired(self, now: datetime) -> bool:
        return singapore_date(now) > self.valid_until

    @property
    def expires_at(self) -> datetime:
        """The end of its last valid day, in Singapore."""
        return datetime.combine(self.valid_until + timedelta(days=1), time(0), tzinfo=SINGAPORE)


def _reference_mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, _REFERENCE_CONTEXT + payload, hashlib.sha256).digest()[:5]


def make_reference(key: bytes, entropy: bytes, valid_until: date) -> tuple[str, str]:
    """A new advice's id and its printed reference, from 5 random bytes."""
    if len(entropy) != 5:
        raise ValueError("an advice id is 5 random bytes")
    payload = entropy + (valid_until - _REFERENCE_EPOCH).days.to_bytes(2, "big")
    text = _base32(payload + _reference_mac(key, payload))
    return _base32(entropy), f"{REFERENCE_PREFIX}-" + "-".join(text[i:i + 5] for i in range(0, 20, 5))


class ReadReference(Base):
    model_config = ConfigDict(frozen=True)

    advice_id: str  # base32 of the 5 random bytes
    valid_until: date
    reference: str  # as printed


def read_reference(key: bytes, text: str, now: datetime) -> ReadReference:
    """Check a scanned or keyed-in reference: its form, its MAC (tampered or mistyped references
    are refused without a lookup), then its expiry."""
    compact = re.sub(r"[\s-]", "", (text or "").upper())
    if compact.startswith(REFERENCE_PREFIX):
        compact = compact[len(REFERENCE_PREFIX):]
    compact = compact.translate(str.maketrans("ILO", "110"))
    if not re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{20}", compact):
        raise RuleViolation("A payment reference is PA followed by 20 letters and digits, as printed under the QR "
                            "code; check it and try again.", field="reference")
    raw = _unbase32(compact)
    payload, mac = raw[:7], raw[7:12]
    if not hmac.compare_digest(mac, _reference_mac(key, payload)):
        raise RuleViolation("This payment reference is not valid: it was mistyped or altered. Scan the QR code "
                            "again or key in the reference exactly as printed.", field="reference")
    valid_until = _REFERENCE_EPOCH + timedelta(days=int.from_bytes(payload[5:7], "big"))
    if singapore_date(now) > valid_until:
        raise RuleViolation(f"This payment advice expired on {valid_until:%d %b %Y}. Ask at the {SERVICE_HUB} for a "
                            "new one, or pay online.", field="reference")
    canonical = _base32(raw)  # the bits after the 96th are not the reference's: print it as issued
    printed = f"{REFERENCE_PREFIX}-" + "-".join(canonical[i:i + 5] for i in range(0, 20, 5))
    return ReadReference(advice_id=_base32(payload[:5]), valid_until=valid_until, reference=printed)
