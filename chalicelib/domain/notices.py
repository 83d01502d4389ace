"""Notices: what the portal tells people about their cases, one type per kind.

Every kind is a frozen pydantic model in the ``Notice`` union, told apart by ``kind`` and carrying
``schema_version`` so that a message written by one release is read correctly by the next. Each
kind says who it is for, its topic (what people choose email and SMS for), what its subject line is
(a case number, never a name: youth cases must not expose the youth), the portal page it is about,
which templates render it (``templates/notices/<kind>/``: email text and HTML, inbox, SMS), and
whether it still holds when it is delivered, so a notice about a date that has since moved is
dropped. A new kind is one class here, added to ``Notice``, and its four templates.
"""

from datetime import date, datetime
from enum import Enum
from typing import Annotated, ClassVar, Literal, Union

from pydantic import ConfigDict, Field, TypeAdapter

from .base import Base
from .cases import CaseFile, CourtEvent, EventStatus, RequestStatus

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
    """What a notice is about, as people choose how to be told (court dates, filings, payments).
    Each person chooses email and SMS per topic; the portal inbox always gets every notice."""

    COURT_DATES = "court_dates"
    FILINGS = "filings"  # with fees: a fee due, a payment advice ready, a payment received

    @property
    def label(self) -> str:
        return _TOPIC_LABELS[self][0]

    @property
    def description(self) -> str:
        return _TOPIC_LABELS[self][1]


_TOPIC_LABELS = {
    NoticeTopic.COURT_DATES: ("Court dates",
                              "A court date fixed, moved or vacated, and reminders 7, 3 and 1 days before it"),
    NoticeTopic.FILINGS: ("Filings and fees",
                          "An application or document received, accepted, rejected or approved, a fee due, "
                          "a payment advice ready and a payment received"),
}


class NoticeBase(Base):
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
        """Where its templates are: ``email.txt``, ``email.html``, ``inbox.txt`` and ``sms.txt``."""
        return f"notices/{self.kind}"  # type: ignore[attr-defined]

    @property
    def link_path(self) -> str:
        """The portal page the notice is about; a filing or payment notice names its own page."""
        return f"/cases/{self.case_no}"

    @property
    def link_text(self) -> str:
        return f"See case {self.case_no} in ICMS"

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


class FilingRef(Base):
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

    @property
    def link_path(self) -> str:
        return f"/cases/{self.case_no}/filings/{self.filing.filing_id}"

    @property
    def link_text(self) -> str:
        return f"See {self.filing.filing_id} in ICMS"


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


# --- changing a court date at a party's request (domain/reschedule.py) ----------------------------


class CourtDateMoved(CourtDateNotice):
    """A party took a free slot: the new date is confirmed."""

    kind: Literal["court_date_moved"] = "court_date_moved"
    subject_prefix: ClassVar[str] = "Court date moved"
    previous: CourtEvent
    moved_by: str  # who moved it, in words: "the accused", "counsel on record"


class RescheduleNotice(CourtDateNotice):
    """About a request to change ``event``'s date; ``event`` is the date as it stands now."""

    request_id: str

    def _request_status(self, case: CaseFile) -> RequestStatus | None:
        request = case.reschedule_request(self.request_id)
        return request.status if request is not None else None


class RescheduleRequested(RescheduleNotice):
    kind: Literal["reschedule_requested"] = "reschedule_requested"
    subject_prefix: ClassVar[str] = "Request to change a court date"
    asked_by: str

    def still_holds(self, case: CaseFile) -> bool:
        return self._request_status(case) is RequestStatus.PENDING


class RescheduleApproved(RescheduleNotice):
    """``event`` is the new date (a pre-trial conference when a trial was vacated)."""

    kind: Literal["reschedule_approved"] = "reschedule_approved"
    subject_prefix: ClassVar[str] = "Court date change approved"
    previous: CourtEvent
    trial_vacated: bool = False


class RescheduleRefused(RescheduleNotice):
    """``event`` is the original date, which stands."""

    kind: Literal["reschedule_refused"] = "reschedule_refused"
    subject_prefix: ClassVar[str] = "Court date change refused"
    reason: str


class RescheduleWithdrawn(RescheduleNotice):
    kind: Literal["reschedule_withdrawn"] = "reschedule_withdrawn"
    subject_prefix: ClassVar[str] = "Request to change a court date withdrawn"

    def still_holds(self, case: CaseFile) -> bool:
        return self._request_status(case) is RequestStatus.WITHDRAWN


def court_date_moved(case_no: str, event: CourtEvent, previous: CourtEvent, moved_by: str,
                     now: datetime) -> CourtDateMoved:
    return CourtDateMoved(notice_id=_court_date_id("court_date_moved", event), case_no=case_no, event=event,
                          previous=previous, moved_by=moved_by, created_at=now)


def reschedule_requested(case_no: str, event: CourtEvent, request_id: str, asked_by: str,
                         now: datetime) -> RescheduleRequested:
    return RescheduleRequested(notice_id=f"reschedule_requested:{request_id}", case_no=case_no, event=event,
                               request_id=request_id, asked_by=asked_by, created_at=now)


def reschedule_approved(case_no: str, event: CourtEvent, previous: CourtEvent, request_id: str,
                        trial_vacated: bool, now: datetime) -> RescheduleApproved:
    return RescheduleApproved(notice_id=f"reschedule_approved:{request_id}", case_no=case_no, event=event,
                              previous=previous, request_id=request_id, trial_vacated=trial_vacated, created_at=now)


def reschedule_refused(case_no: str, event: CourtEvent, request_id: str, reason: str,
                       now: datetime) -> RescheduleRefused:
    return RescheduleRefused(notice_id=f"reschedule_refused:{request_id}", case_no=case_no, event=event,
                             request_id=request_id, reason=reason, created_at=now)


def reschedule_withdrawn(case_no: str, event: CourtEvent, request_id: str, now: datetime) -> RescheduleWithdrawn:
    return RescheduleWithdrawn(notice_id=f"reschedule_withdrawn:{request_id}", case_no=case_no, event=event,
                               request_id=request_id, created_at=now)


# --- payments (under the filings-and-fees topic: a fee is an application's) ------------------


def application_ref(application_no: str, type_label: str) -> FilingRef:
    """The application a fee is paid for, as payment notices name it (its number is the filing's id)."""
    return FilingRef(filing_id=application_no, type_label=type_label, is_application=True)


class PaymentNotice(FilingNotice):
    """About paying the fee of the application ``filing`` (its id is the application number)."""

    amount_cents: int = Field(ge=0)


class PaymentReceived(PaymentNotice):
    kind: Literal["payment_received"] = "payment_received"
    subject_prefix: ClassVar[str] = "Payment received"
    receipt_no: str
    method_label: str  # "Credit card (Visa ending 4242) at kiosk", "Cash at kiosk", ...
    paid_at: datetime

    @property
    def link_path(self) -> str:
        return f"/cases/{self.case_no}/receipts/{self.receipt_no}"

    @property
    def link_text(self) -> str:
        return f"See receipt {self.receipt_no} in ICMS"


class PaymentAdviceReady(PaymentNotice):
    kind: Literal["payment_advice_ready"] = "payment_advice_ready"
    subject_prefix: ClassVar[str] = "Payment advice ready"
    advice_id: str
    reference: str  # what the payer keys in at a kiosk (the QR code carries the same)
    valid_until: date

    @property
    def link_path(self) -> str:
        return f"/cases/{self.case_no}/advices/{self.advice_id}"

    @property
    def link_text(self) -> str:
        return f"Download payment advice {self.reference} from ICMS"


Notice = Annotated[
    Union[CourtDateFixed, CourtDateChanged, CourtDateVacated, CourtDateReminder,
          FilingReceived, FilingAccepted, FilingRejected, FilingApproved, FeeDue,
          CourtDateMoved, RescheduleRequested, RescheduleApproved, RescheduleRefused, RescheduleWithdrawn,
          PaymentReceived, PaymentAdviceReady],
    Field(discriminator="kind"),
]
# Built the first time it parses or dumps, like every model (domain/base.py).
_BUILT_ON_FIRST_USE = ConfigDict(defer_build=True)
NOTICE = TypeAdapter(Notice, config=_BUILT_ON_FIRST_USE)
NOTICE_LIST = TypeAdapter(list[Notice], config=_BUILT_ON_FIRST_USE)


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
