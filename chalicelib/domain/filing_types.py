"""Every type of application and court document the portal takes, registered in one place.

A type is data: a pydantic schema for what the filer states, an eligibility rule (may this case
have one now?), a fee rule, the documents it carries, and optionally the facts the court's own
records add to it, the warnings a filer should see before submitting, and the values its form
starts with. Its form lives in ``templates/filings/forms/<code>.html``. Adding a type means adding
it here and writing that template; the services, pages, API, review queue and notices take it
from ``FILING_TYPES``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated, Any, Callable

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator

from .cases import CaseStatus, ChargeStatus
from .clock import CalendarDay, in_singapore, singapore_date
from .commands import Command, Name, Text, plain_paragraphs
from .errors import NotFound, RuleViolation
from .fees import CPC_FEES_2013, FeeLine, FeeQuote, appeal_record_fee, dollars, record_copy_fee
from .filing_lifecycle import FilingKind
from .filings import FilingContext

Purpose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
                    AfterValidator(plain_paragraphs)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), AfterValidator(plain_paragraphs)]


@dataclass(frozen=True)
class DocumentSlot:
    """A PDF a filing carries: which one, whether it must be there."""

    name: str
    label: str
    hint: str
    required: bool


Rule = Callable[[FilingContext], str | None]


def _nothing(*_: Any) -> Any:
    return None


@dataclass(frozen=True)
class FilingType:
    code: str
    kind: FilingKind
    label: str
    summary: str  # one sentence shown where people choose what to file
    details: type[BaseModel]
    eligibility: Rule  # why this case may not have one now, or None
    fee_rule: str = "No fee."  # the fee rule in words, shown on the form
    fee: Callable[[Any, FilingContext], FeeQuote | None] = _nothing
    documents: tuple[DocumentSlot, ...] = ()
    # Rules on the filer's statements that need the case or the time: raise RuleViolation.
    check: Callable[[Any, FilingContext], None] = _nothing
    facts: Callable[[Any, FilingContext], dict[str, str]] = field(default=lambda details, context: {})
    warnings: Callable[[Any, FilingContext], list[str]] = field(default=lambda details, context: [])
    prefill: Callable[[FilingContext], dict[str, Any]] = field(default=lambda context: {})
    # The choices a form offers for a field: (value, label) pairs.
    options: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"filings/forms/{self.code}.html"

    @property
    def is_application(self) -> bool:
        return self.kind is FilingKind.APPLICATION

    def slot(self, name: str) -> DocumentSlot | None:
        return next((s for s in self.documents if s.name == name), None)

    def quote(self, details: Any, context: FilingContext) -> FeeQuote:
        return self.fee(details, context) or FeeQuote(lines=())


# --- eligibility rules shared by several types ---------------------------------------------------


def _before_the_court(context: FilingContext) -> str | None:
    """Open, or closed on a conviction that is still to be sentenced (the portal closes a case
    once every charge has an outcome, and a conviction is one)."""
    case = context.case
    if case.status is CaseStatus.OPEN or any(c.status is ChargeStatus.CONVICTED for c in case.charges):
        return None
    return f"Case {case.case_no} is closed; the court no longer takes this in it."


def _any_case(context: FilingContext) -> str | None:
    return None


# --- request for court records -------------------------------------------------------------------


class RecordKind(str, Enum):
    JUDGMENT = "judgment"
    SENTENCE = "sentence"
    ORDER = "order"
    DEPOSITION = "deposition"
    RECORD_OF_PROCEEDINGS = "record_of_proceedings"
    APPEAL_RECORD = "appeal_record"

    @property
    def label(self) -> str:
        return _RECORD_LABELS[self]


_RECORD_LABELS = {
    RecordKind.JUDGMENT: "Judgment",
    RecordKind.SENTENCE: "Sentence",
    RecordKind.ORDER: "Order",
    RecordKind.DEPOSITION: "Deposition",
    RecordKind.RECORD_OF_PROCEEDINGS: "Record of proceedings (or part of it)",
    RecordKind.APPEAL_RECORD: "Record of proceedings and grounds of decision, for an appeal",
}


class CourtRecordsRequest(Command):
    records: list[RecordKind] = Field(min_length=1, max_length=len(RecordKind), title="Records",
                                      description="Tick each kind of record; the fee is charged for each kind.")
    copies: int = Field(default=1, ge=1, le=10, title="Number of copies",
                        description="How many copies of each record, from 1 to 10.")
    purpose: Purpose = Field(title="Purpose", description="Why you need the records, for example: to prepare an "
                                                          "appeal against the sentence.")

    @field_validator("records")
    @classmethod
    def _each_once(cls, records: list[RecordKind]) -> list[RecordKind]:
        if len(set(records)) != len(records):
            raise ValueError("name each kind of record once")
        return sorted(records, key=list(RecordKind).index)


def court_records_fee(request: CourtRecordsRequest, context: FilingContext | None = None,
                      pages: dict[RecordKind, int] | None = None) -> FeeQuote:
    """The fee under the CPC (Prescribed Fees) Regulations 2013 (see ``domain/fees.py``): the
    minimum the regulations make certain while pages are unknown, the exact figure once known."""
    lines = []
    for kind in request.records:
        counted = (pages or {}).get(kind)
        if kind is RecordKind.APPEAL_RECORD:
            amount = appeal_record_fee(counted, request.copies)
            more = request.copies - 1
            rule = "S$50" + (f"; {more} more {'copy' if more == 1 else 'copies'} at S$0.50 a page, at least "
                             "S$10 each" if more else "")
        else:
            amount = record_copy_fee(counted, request.copies)
            rule = "S$5 application fee and S$0.50 a page, at least S$15"
        copies = f"{request.copies} copies" if request.copies > 1 else "1 copy"
        lines.append(FeeLine(description=f"{kind.label}, {copies} ({rule})", amount_cents=amount))
    note = None
    if pages is None:
        note = (f"This is the least the regulations charge, and what is due now. It covers the first "
                f"{(CPC_FEES_2013.minimum_per_type - CPC_FEES_2013.per_type_on_application) // CPC_FEES_2013.per_page} "
                "pages of each kind of record, all copies together; if a record is longer, the Registrar may ask for the balance at "
                "S$0.50 a page before releasing the copies.")
    return FeeQuote(lines=tuple(lines), note=note)


COURT_RECORDS = FilingType(
    code="court_records",
    kind=FilingKind.APPLICATION,
    label="Request for court records",
    summary="Copies of a judgment, sentence, order, deposition or the record of proceedings.",
    details=CourtRecordsRequest,
    eligibility=_any_case,
    fee_rule=("Under the Criminal Procedure Code (Prescribed Fees) Regulations 2013: for each kind of record, "
              f"{dollars(CPC_FEES_2013.per_type_on_application)} on application and "
              f"{dollars(CPC_FEES_2013.per_page)} a page, at least {dollars(CPC_FEES_2013.minimum_per_type)}; the "
              f"record of proceedings with the grounds of decision for an appeal, "
              f"{dollars(CPC_FEES_2013.appeal_record)} (each further copy at least "
              f"{dollars(CPC_FEES_2013.minimum_per_additional_appeal_copy)}). The Registrar may waive a fee."),
    fee=court_records_fee,
    prefill=lambda context: {"copies": 1},
    options={"records": tuple((kind.value, kind.label) for kind in RecordKind)},
)


# --- application to leave jurisdiction -----------------------------------------------------------

MAX_DAYS_AHEAD = 365


class LeaveJurisdiction(Command):
    destination: Text = Field(title="Destination", description="Country and city, for example Kuala Lumpur, "
                                                                "Malaysia.")
    departure_date: CalendarDay = Field(title="Departure date", description="The day you leave Singapore.")
    return_date: CalendarDay = Field(title="Return date", description="The day you come back; on or after the "
                                                                      "departure date.")
    purpose: Purpose = Field(title="Purpose of the trip", description="For example: to attend my brother's wedding.")
    bailor_name: Name = Field(title="Bailor's name", description="Filled in from the court's record of your bail; "
                                                                 "correct it if it is wrong.")
    bailor_consents: bool = Field(title="My bailor agrees to this trip",
                                  description="The bailor must consent. The court may ask them to attend the "
                                              "hearing of the application.")

    @field_validator("return_date")
    @classmethod
    def _after_departure(cls, value: date, info) -> date:
        departure = info.data.get("departure_date")
        if departure is not None and value < departure:
            raise ValueError("must be on or after the departure date")
        return value

    @field_validator("bailor_consents")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if not value:
            raise ValueError("the bailor must agree to the trip before you apply; ask them first")
        return value


def _on_bail(context: FilingContext) -> str | None:
    refusal = _before_the_court(context)
    if refusal is None and context.case.bail is None:
        refusal = (f"No bail is recorded for case {context.case.case_no}. Permission to leave Singapore is "
                   "asked for by an accused person on bail; if you are on bail, call 6 JUSTICE (6587 8423).")
    return refusal


def _trip_dates(trip: LeaveJurisdiction, context: FilingContext) -> None:
    today = singapore_date(context.now)
    if trip.departure_date < today:
        raise RuleViolation("The departure date has passed; give the day you will leave.",
                            field="details.departure_date")
    if trip.departure_date > today + timedelta(days=MAX_DAYS_AHEAD):
        raise RuleViolation(f"Apply at most {MAX_DAYS_AHEAD} days before you travel.", field="details.departure_date")


def _next_court_date(trip: LeaveJurisdiction, context: FilingContext) -> dict[str, str]:
    event = context.case.next_event(context.now)
    if event is None:
        return {"Next court date": "None fixed"}
    return {"Next court date": f"{sg_datetime(event.starts_at)}, {event.venue.label} ({event.type.label})"}


def _overlapping_court_dates(trip: LeaveJurisdiction, context: FilingContext) -> list[str]:
    return [
        f"Your trip overlaps a court date: {event.type.label} on {sg_datetime(event.starts_at)} at "
        f"{event.venue.label}. You must attend court on that day unless the court excuses you, so the "
        "application may be refused or the court may ask you to change your plans."
        for event in context.case.upcoming_events(context.now)
        if trip.departure_date <= singapore_date(event.starts_at) <= trip.return_date
    ]


def _bailor_from_record(context: FilingContext) -> dict[str, Any]:
    return {"bailor_name": context.case.bail.bailor_name} if context.case.bail else {}


LEAVE_JURISDICTION = FilingType(
    code="leave_jurisdiction",
    kind=FilingKind.APPLICATION,
    label="Application to leave jurisdiction",
    summary="Permission to leave Singapore while on bail, with your bailor's consent.",
    details=LeaveJurisdiction,
    eligibility=_on_bail,
    documents=(
        DocumentSlot("bailor_consent", "Bailor's signed consent", "A letter or form signed by your bailor.", False),
        DocumentSlot("itinerary", "Travel itinerary", "Your flight or travel booking, if you have one.", False),
    ),
    check=_trip_dates,
    facts=_next_court_date,
    warnings=_overlapping_court_dates,
    prefill=_bailor_from_record,
)


# --- court documents -----------------------------------------------------------------------------

THE_DOCUMENT = DocumentSlot("document", "The document (PDF)", "The PDF you are filing.", True)


_TITLE_HINT = "What the document is, as it should appear on the court's record."


class CourtDocument(Command):
    title: Text = Field(title="Title", description=_TITLE_HINT)
    note: Note = Field(default="", title="Note to the registry",
                       description="Anything the registry should know about the document, for example why it is "
                                   "filed late.")


class MitigationPlea(CourtDocument):
    title: Text = Field(default="Mitigation plea", title="Title", description=_TITLE_HINT)


class CaseForTheDefence(CourtDocument):
    title: Text = Field(default="Case for the Defence", title="Title", description=_TITLE_HINT)


def _after_conviction(context: FilingContext) -> str | None:
    refusal = _before_the_court(context)
    if refusal is None and not any(c.status is ChargeStatus.CONVICTED for c in context.case.charges):
        refusal = ("A mitigation plea is filed only after the accused has pleaded guilty to, or been found guilty "
                   f"on, a charge in case {context.case.case_no}; no charge in it is recorded as convicted.")
    return refusal


def _in_ccdc(context: FilingContext) -> str | None:
    refusal = _before_the_court(context)
    if refusal is None and context.defence_case_due is None:
        refusal = (f"Case {context.case.case_no} is not in the Criminal Case Disclosure Conference (CCDC) process: "
                   "the court has set no date for a Case for the Defence in it.")
    return refusal


def _due_date(details: Any, context: FilingContext) -> dict[str, str]:
    due = context.defence_case_due
    return {"Due date set by the court": _day(due.due_on)} if due else {}


def _late(details: Any, context: FilingContext) -> list[str]:
    due = context.defence_case_due
    if due is None or singapore_date(context.now) <= due.due_on:
        return []
    return [f"The Case for the Defence was due on {_day(due.due_on)}. You may still file it; explain the delay in "
            "the note, and the court will decide whether to accept it late."]


def _day(day: date) -> str:
    return f"{day:%a}, {day.day} {day:%b %Y}"


def sg_datetime(instant: datetime) -> str:
    """``Tue, 1 Dec 2026, 9.30am`` in Singapore time, as court notices print it."""
    local = in_singapore(instant)
    return f"{_day(local.date())}, {local.hour % 12 or 12}.{local:%M}{'am' if local.hour < 12 else 'pm'}"


MITIGATION_PLEA = FilingType(
    code="mitigation_plea",
    kind=FilingKind.DOCUMENT,
    label="Mitigation plea",
    summary="What the court should consider before sentencing, once a charge is admitted or proven.",
    details=MitigationPlea,
    eligibility=_after_conviction,
    documents=(THE_DOCUMENT,),
    prefill=lambda context: {"title": "Mitigation plea"},
)

CASE_FOR_THE_DEFENCE = FilingType(
    code="case_for_the_defence",
    kind=FilingKind.DOCUMENT,
    label="Case for the Defence",
    summary="The defence's case in the CCDC process, by the date the court set.",
    details=CaseForTheDefence,
    eligibility=_in_ccdc,
    documents=(THE_DOCUMENT,),
    prefill=lambda context: {"title": "Case for the Defence"},
    facts=_due_date,
    warnings=_late,
)

WRITTEN_SUBMISSIONS = FilingType(
    code="written_submissions",
    kind=FilingKind.DOCUMENT,
    label="Written submissions",
    summary="Arguments in writing for a hearing, for example on sentence or on bail.",
    details=CourtDocument,
    eligibility=_before_the_court,
    documents=(THE_DOCUMENT,),
)

OTHER_DOCUMENT = FilingType(
    code="other_document",
    kind=FilingKind.DOCUMENT,
    label="Other document",
    summary="Any other document for the court in this case, such as a letter or a report.",
    details=CourtDocument,
    eligibility=_before_the_court,
    documents=(THE_DOCUMENT,),
)


# --- the register --------------------------------------------------------------------------------

FILING_TYPES: dict[str, FilingType] = {
    t.code: t for t in (COURT_RECORDS, LEAVE_JURISDICTION, MITIGATION_PLEA, CASE_FOR_THE_DEFENCE,
                        WRITTEN_SUBMISSIONS, OTHER_DOCUMENT)
}


def filing_type(code: str) -> FilingType:
    found = FILING_TYPES.get(code)
    if found is None:
        raise NotFound(f"There is no type of filing called {code!r}. The types are: {', '.join(FILING_TYPES)}.",
                       field="type")
    return found


def label_of(code: str) -> str:
    found = FILING_TYPES.get(code)
    return found.label if found else code.replace("_", " ").capitalize()
