"""Notices: what the portal tells people about their cases, one type per kind.

Every kind is a frozen pydantic model in the ``Notice`` union, told apart by ``kind`` and carrying
``schema_version`` so that a message written by one release is read correctly by the next. Each
kind says who it is for, what its subject line is (a case number, never a name: youth cases must
not expose the youth), which templates render it (``templates/notices/<kind>/``), and whether it
still holds when it is delivered, so a notice about a date that has since moved is dropped.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .cases import CaseFile, CourtEvent, EventStatus

# Days before a court event on which reminders go out (NYC court-reminder trial: 7, 3 and 1).
REMINDER_DAYS = (7, 3, 1)
NOTICE_SCHEMA_VERSION = 1


class Relation(str, Enum):
    """How a recipient stands to the case; it chooses who gets a notice and its wording."""

    ACCUSED = "accused"
    COUNSEL = "counsel"
    BAILOR = "bailor"


EVERYONE_ON_RECORD = frozenset(Relation)


class NoticeTopic(str, Enum):
    """What a notice is about, as people choose how to be told (court dates, filings, payments)."""

    COURT_DATES = "court_dates"
    FILINGS = "filings"
    PAYMENTS = "payments"


class NoticeBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = NOTICE_SCHEMA_VERSION
    notice_id: str
    case_no: str
    created_at: datetime

    audience: ClassVar[frozenset[Relation]] = EVERYONE_ON_RECORD
    topic: ClassVar[NoticeTopic]
    subject_prefix: ClassVar[str]

    @property
    def subject(self) -> str:
        return f"{self.subject_prefix}: {self.case_no}"

    @property
    def template_dir(self) -> str:
        return f"notices/{self.kind}"  # type: ignore[attr-defined]

    def still_holds(self, case: CaseFile) -> bool:
        return True


# --- court dates -------------------------------------------------------------------------------


class CourtDateNotice(NoticeBase):
    """A notice about one court event, as it stood when the notice was made."""

    topic: ClassVar[NoticeTopic] = NoticeTopic.COURT_DATES
    event: CourtEvent

    def still_holds(self, case: CaseFile) -> bool:
        """Sent only while the event still stands at the date and place the notice names."""
        current = case.event(self.event.event_id)
        return (
            current is not None
            and current.status is EventStatus.SCHEDULED
            and current.starts_at == self.event.starts_at
            and current.venue == self.event.venue
        )


class CourtDateFixed(CourtDateNotice):
    kind: Literal["court_date_fixed"] = "court_date_fixed"
    subject_prefix: ClassVar[str] = "Court date fixed"


class CourtDateChanged(CourtDateNotice):
    kind: Literal["court_date_changed"] = "court_date_changed"
    subject_prefix: ClassVar[str] = "Court date changed"
    previous: CourtEvent


class CourtDateVacated(CourtDateNotice):
    kind: Literal["court_date_vacated"] = "court_date_vacated"
    subject_prefix: ClassVar[str] = "Court date vacated"

    def still_holds(self, case: CaseFile) -> bool:
        current = case.event(self.event.event_id)
        return current is not None and current.status is EventStatus.VACATED


class CourtDateReminder(CourtDateNotice):
    kind: Literal["court_date_reminder"] = "court_date_reminder"
    subject_prefix: ClassVar[str] = "Reminder: you must attend court"
    days_before: int = Field(ge=1, le=30)


# --- filings -----------------------------------------------------------------------------------


class FilingRef(BaseModel):
    """The filing a notice is about, as it stood when the notice was made."""

    model_config = ConfigDict(frozen=True)

    filing_id: str
    type_label: str  # "Request for court records", "Mitigation plea", ...
    is_application: bool


class FilingNotice(NoticeBase):
    """A notice about a filing's status, for the accused and counsel on record (never the bailor:
    what a party files is between them and the court)."""

    topic: ClassVar[NoticeTopic] = NoticeTopic.FILINGS
    audience: ClassVar[frozenset[Relation]] = frozenset({Relation.ACCUSED, Relation.COUNSEL})
    filing: FilingRef


class FilingReceived(FilingNotice):
    kind: Literal["filing_received"] = "filing_received"
    subject_prefix: ClassVar[str] = "Filing received"


class FilingAccepted(FilingNotice):
    kind: Literal["filing_accepted"] = "filing_accepted"
    subject_prefix: ClassVar[str] = "Document accepted"


class FilingRejected(FilingNotice):
    kind: Literal["filing_rejected"] = "filing_rejected"
    subject_prefix: ClassVar[str] = "Filing rejected"
    reason: str


class FilingApproved(FilingNotice):
    kind: Literal["filing_approved"] = "filing_approved"
    subject_prefix: ClassVar[str] = "Application approved"
    note: str | None = None  # conditions the court attached, if any


class FeeDue(FilingNotice):
    kind: Literal["fee_due"] = "fee_due"
    subject_prefix: ClassVar[str] = "Fee due"
    fee_id: str  # the reference to pay with
    amount_cents: int = Field(ge=0)


def filing_notice_id(kind: str, filing_id: str) -> str:
    """Each of these happens to a filing at most once, so kind and filing make the id."""
    return f"{kind}:{filing_id}"


# --- payments ----------------------------------------------------------------------------------
# For the accused and counsel on record (who file and pay); a bailor has no part in fees.
PARTIES_ON_RECORD = frozenset({Relation.ACCUSED, Relation.COUNSEL})


class PaymentReceived(NoticeBase):
    kind: Literal["payment_received"] = "payment_received"
    audience: ClassVar[frozenset[Relation]] = PARTIES_ON_RECORD
    topic: ClassVar[NoticeTopic] = NoticeTopic.PAYMENTS
    subject_prefix: ClassVar[str] = "Payment received"
    receipt_no: str
    application_no: str
    description: str
    amount_cents: int
    method_label: str
    paid_at: datetime


class PaymentAdviceReady(NoticeBase):
    kind: Literal["payment_advice_ready"] = "payment_advice_ready"
    audience: ClassVar[frozenset[Relation]] = PARTIES_ON_RECORD
    topic: ClassVar[NoticeTopic] = NoticeTopic.PAYMENTS
    subject_prefix: ClassVar[str] = "Payment advice ready"
    advice_id: str
    reference: str
    application_no: str
    description: str
    amount_cents: int
    valid_until: date


Notice = Annotated[
    Union[CourtDateFixed, CourtDateChanged, CourtDateVacated, CourtDateReminder,
          FilingReceived, FilingAccepted, FilingRejected, FilingApproved, FeeDue,
          PaymentReceived, PaymentAdviceReady],
    Field(discriminator="kind"),
]
NOTICE = TypeAdapter(Notice)
NOTICE_LIST = TypeAdapter(list[Notice])


def read_notice(text: str | bytes) -> NoticeBase:
    """A notice from its JSON form; raises ``pydantic.ValidationError`` on anything else."""
    return NOTICE.validate_json(text)


def _court_date_id(kind: str, event: CourtEvent, *extra: str) -> str:
    """Same event, same time, same kind: same id, so a repeated run sends nothing twice."""
    return ":".join([kind, event.event_id, event.starts_at.isoformat(), event.status.value, *extra])


def court_date_fixed(case_no: str, event: CourtEvent, now: datetime) -> CourtDateFixed:
    return CourtDateFixed(notice_id=_court_date_id("court_date_fixed", event), case_no=case_no,
                          event=event, created_at=now)


def court_date_changed(case_no: str, event: CourtEvent, previous: CourtEvent, now: datetime) -> CourtDateChanged:
    return CourtDateChanged(notice_id=_court_date_id("court_date_changed", event), case_no=case_no,
                            event=event, previous=previous, created_at=now)


def court_date_vacated(case_no: str, event: CourtEvent, now: datetime) -> CourtDateVacated:
    return CourtDateVacated(notice_id=_court_date_id("court_date_vacated", event), case_no=case_no,
                            event=event, created_at=now)


def court_date_reminder(case_no: str, event: CourtEvent, days_before: int, now: datetime) -> CourtDateReminder:
    return CourtDateReminder(notice_id=_court_date_id("court_date_reminder", event, f"d{days_before}"),
                             case_no=case_no, event=event, days_before=days_before, created_at=now)


def court_date_notices(case_no: str, before: CourtEvent | None, after: CourtEvent, now: datetime) -> list[NoticeBase]:
    """What fixing (``before`` is None) or changing a court event tells the people on record."""
    if after.status is EventStatus.VACATED and (before is None or before.status is not EventStatus.VACATED):
        return [court_date_vacated(case_no, after, now)] if before is not None else []
    if after.status is not EventStatus.SCHEDULED:
        return []
    if before is None or before.status is not EventStatus.SCHEDULED:
        return [court_date_fixed(case_no, after, now)]
    if after.starts_at != before.starts_at or after.venue != before.venue:
        return [court_date_changed(case_no, after, before, now)]
    return []
