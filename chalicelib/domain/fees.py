"""Court fees: what the Criminal Procedure Code (Prescribed Fees) Regulations 2013 charge for a
filing, and the fee a filing then owes until it is paid or the Registrar waives it.

Money is integer cents in Singapore dollars. A fee is raised when its application is submitted
(``Fee``, status ``due``) and settled once: paid (by card or at a kiosk: the payment pages build
on ``services/fees.settle_in``) or waived by the registry with a reason (regulation 3 lets the
Registrar waive, reduce or refund a fee).

How the regulations are read (``court_records_fee``):

- Regulation 2(2), a copy of any judgment, sentence, order, deposition or other part of the record
  of proceedings: for each type of document requested, S$5 payable at the time of the application
  plus S$0.50 for each page, subject to a total minimum of S$15 for each type.
- Regulation 2(1)(a), the record of proceedings and the grounds of decision for an appeal from a
  Magistrate's Court or District Court: S$50; each additional copy S$0.50 a page, at least S$10.

The applicant cannot know how many pages a record runs to, so the portal charges at submission
what the regulations make certain: the total minimum for each type (S$15), which covers the S$5
application fee and the first 20 pages of one copy, and S$50 (plus S$10 for each additional copy)
for an appeal record. The quote says so, and says that the Registrar may ask for the balance of a
longer record at S$0.50 a page. ``court_records_fee`` computes the exact figure too once the
pages are known, so the balance is a call away when the registry records page counts.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from pydantic import ConfigDict, Field

from .base import Base
from .errors import Conflict, RuleViolation

CURRENCY = "SGD"


@dataclass(frozen=True)
class PrescribedFees:
    """The figures of the CPC (Prescribed Fees) Regulations 2013, in cents: one place to change."""

    per_type_on_application: int = 5_00  # reg 2(2)(a)
    per_page: int = 50  # reg 2(2)(b) and reg 2(1)(a)(ii)
    minimum_per_type: int = 15_00  # reg 2(2), total minimum for each type of document
    appeal_record: int = 50_00  # reg 2(1)(a)(i): record of proceedings and grounds of decision
    minimum_per_additional_appeal_copy: int = 10_00  # reg 2(1)(a)(ii)


CPC_FEES_2013 = PrescribedFees()


class FeeLine(Base):
    model_config = ConfigDict(frozen=True)

    description: str
    amount_cents: int = Field(ge=0)


class FeeQuote(Base):
    """What a filing would cost, computed by the server and shown before it is submitted."""

    model_config = ConfigDict(frozen=True)

    lines: tuple[FeeLine, ...]
    note: str | None = None  # how the figure was reached, when it may still change

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def is_due(self) -> bool:
        return self.total_cents > 0


def _pages_fee(pages: int, fees: PrescribedFees) -> int:
    return pages * fees.per_page


def record_copy_fee(pages: int | None, copies: int, fees: PrescribedFees = CPC_FEES_2013) -> int:
    """Regulation 2(2) for one type of document: S$5 plus S$0.50 a page of every copy, at least
    S$15. Without a page count, the minimum."""
    if pages is None:
        return fees.minimum_per_type
    return max(fees.minimum_per_type, fees.per_type_on_application + _pages_fee(pages * copies, fees))


def appeal_record_fee(pages: int | None, copies: int, fees: PrescribedFees = CPC_FEES_2013) -> int:
    """Regulation 2(1)(a): S$50 for the first copy; each additional copy S$0.50 a page, at least S$10."""
    extra = copies - 1
    if pages is None:
        return fees.appeal_record + extra * fees.minimum_per_additional_appeal_copy
    return fees.appeal_record + extra * max(fees.minimum_per_additional_appeal_copy, _pages_fee(pages, fees))


def dollars(cents: int) -> str:
    return f"S${cents // 100:,}.{cents % 100:02d}"


# --- the fee a filing owes -----------------------------------------------------------------------


class FeeStatus(str, Enum):
    DUE = "due"
    PAID = "paid"
    WAIVED = "waived"
    CANCELLED = "cancelled"  # its application was withdrawn before it was paid

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SettledBy(str, Enum):
    PAYMENT = "payment"
    WAIVER = "waiver"


class Settlement(Base):
    """How a due fee stopped being due: paid (with the payment's own reference) or waived (with
    the Registrar's reason). Made by ``Settlement.payment`` or ``Settlement.waiver``."""

    model_config = ConfigDict(frozen=True)

    by: SettledBy
    amount_cents: int = Field(ge=0)  # what was paid; 0 for a waiver
    at: datetime
    by_name: str  # who paid or waived (a payer, a kiosk, a registry officer)
    reference: str | None = None  # the payment's reference (card payment id, kiosk receipt)
    reason: str | None = None  # why it was waived

    @classmethod
    def payment(cls, amount_cents: int, at: datetime, by_name: str, reference: str) -> "Settlement":
        return cls(by=SettledBy.PAYMENT, amount_cents=amount_cents, at=at, by_name=by_name, reference=reference)

    @classmethod
    def waiver(cls, reason: str, at: datetime, by_name: str) -> "Settlement":
        reason = reason.strip()
        if not reason:
            raise RuleViolation("Give the reason for waiving the fee; it is recorded and shown to the filer.",
                                field="reason")
        return cls(by=SettledBy.WAIVER, amount_cents=0, at=at, by_name=by_name, reason=reason)

    @property
    def status(self) -> FeeStatus:
        return FeeStatus.PAID if self.by is SettledBy.PAYMENT else FeeStatus.WAIVED


class Fee(Base):
    """One fee owed by one filing: ``CASE#<case_no>/FEE#<fee_id>``. The fee id is also the opaque
    reference a payer quotes (or a kiosk's QR code carries): it never encodes the amount."""

    model_config = ConfigDict(frozen=True)

    fee_id: str
    case_no: str
    filing_id: str
    lines: tuple[FeeLine, ...]
    amount_cents: int = Field(ge=0)
    currency: str = CURRENCY
    status: FeeStatus = FeeStatus.DUE
    raised_at: datetime
    settlement: Settlement | None = None

    @classmethod
    def raised(cls, fee_id: str, case_no: str, filing_id: str, quote: FeeQuote, now: datetime) -> "Fee":
        return cls(fee_id=fee_id, case_no=case_no, filing_id=filing_id, lines=quote.lines,
                   amount_cents=quote.total_cents, raised_at=now)

    @property
    def is_due(self) -> bool:
        return self.status is FeeStatus.DUE

    def settled(self, settlement: Settlement) -> "Fee":
        """The fee once settled; a fee is settled once, and a payment must match what is due."""
        if not self.is_due:
            raise Conflict(f"Fee {self.fee_id} is already {self.status.label.lower()}.", field="fee_id")
        if settlement.by is SettledBy.PAYMENT and settlement.amount_cents != self.amount_cents:
            raise RuleViolation(f"Fee {self.fee_id} is {dollars(self.amount_cents)}; a payment of "
                                f"{dollars(settlement.amount_cents)} does not settle it.", field="amount_cents")
        return self.model_copy(update={"status": settlement.status, "settlement": settlement})

    def cancelled(self) -> "Fee":
        """A due fee no longer owed, because its application was withdrawn."""
        return self.model_copy(update={"status": FeeStatus.CANCELLED}) if self.is_due else self
