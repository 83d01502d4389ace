"""What the JSON API returns: explicit output models, so nothing leaks that a page would not show."""

from datetime import datetime

from pydantic import Field

from ..domain.base import Base
from ..domain.cases import (
    Bail,
    CaseFile,
    CaseSummary,
    Charge,
    CourtEvent,
    DiaryEntry,
    RepresentedCase,
    Representation,
)
from ..domain.clock import in_singapore


class EventOut(Base):
    event_id: str
    type: str
    type_label: str
    starts_at: datetime
    starts_at_singapore: datetime
    venue: str
    status: str

    @classmethod
    def of(cls, event: CourtEvent) -> "EventOut":
        return cls(
            event_id=event.event_id,
            type=event.type.value,
            type_label=event.type.label,
            starts_at=event.starts_at,
            starts_at_singapore=in_singapore(event.starts_at),
            venue=event.venue.label,
            status=event.status.value,
        )


class ChargeOut(Base):
    charge_no: str
    statute: str
    section: str
    offence: str
    status: str

    @classmethod
    def of(cls, charge: Charge) -> "ChargeOut":
        return cls(**charge.model_dump(mode="json"))


class RepresentationOut(Base):
    firm_uen: str
    firm_name: str
    counsel: list[str]
    since: datetime
    ended_at: datetime | None

    @classmethod
    def of(cls, representation: Representation) -> "RepresentationOut":
        return cls(
            firm_uen=representation.firm_uen,
            firm_name=representation.firm_name,
            counsel=[c.name for c in representation.counsel],
            since=representation.since,
            ended_at=representation.ended_at,
        )


class BailOut(Base):
    amount_cents: int
    bailor_name: str

    @classmethod
    def of(cls, bail: Bail) -> "BailOut":
        return cls(amount_cents=bail.amount_cents, bailor_name=bail.bailor_name)


class CaseOut(Base):
    case_no: str
    court: str
    court_label: str
    status: str
    accused_name: str
    accused_nric: str  # masked
    charges: list[ChargeOut]
    next_event: EventOut | None
    upcoming_events: list[EventOut]
    past_events: list[EventOut]
    lawyer_on_record: RepresentationOut | None
    bail: BailOut | None
    # Whether the caller may file for this case, and if not, why (e.g. a lawyer is on record).
    may_file: bool
    filing_refusal: str | None

    @classmethod
    def of(cls, case: CaseFile, now: datetime, *, filing_refusal: str | None = None) -> "CaseOut":
        upcoming = case.upcoming_events(now)
        return cls(
            case_no=case.case_no,
            court=case.court.value,
            court_label=case.court.label,
            status=case.status.value,
            accused_name=case.accused.name,
            accused_nric=case.accused.nric_masked,
            charges=[ChargeOut.of(c) for c in case.charges],
            next_event=EventOut.of(upcoming[0]) if upcoming else None,
            upcoming_events=[EventOut.of(e) for e in upcoming],
            past_events=[EventOut.of(e) for e in case.past_events(now)],
            lawyer_on_record=RepresentationOut.of(case.representation) if case.representation else None,
            bail=BailOut.of(case.bail) if case.bail else None,
            may_file=filing_refusal is None,
            filing_refusal=filing_refusal,
        )


class CaseSummaryOut(Base):
    case_no: str
    court: str
    court_label: str
    status: str
    next_event: EventOut | None
    lawyer_on_record: str | None

    @classmethod
    def of(cls, summary: CaseSummary) -> "CaseSummaryOut":
        return cls(
            case_no=summary.case_no,
            court=summary.court.value,
            court_label=summary.court.label,
            status=summary.status.value,
            next_event=EventOut.of(summary.next_event) if summary.next_event else None,
            lawyer_on_record=summary.firm_name,
        )


class RepresentedCaseOut(Base):
    case_no: str
    court: str
    court_label: str
    accused_name: str
    counsel: list[str]
    on_record_since: datetime

    @classmethod
    def of(cls, row: RepresentedCase) -> "RepresentedCaseOut":
        return cls(
            case_no=row.case_no,
            court=row.court.value,
            court_label=row.court.label,
            accused_name=row.accused_name,
            counsel=[c.name for c in row.counsel],
            on_record_since=row.since,
        )


class CounselOut(Base):
    member_id: str
    name: str


class DiaryEntryOut(Base):
    case_no: str
    court: str
    court_label: str
    accused_name: str
    counsel: list[CounselOut]
    next_event: EventOut | None = Field(description="the first court date still to come; null if none is fixed")

    @classmethod
    def of(cls, entry: DiaryEntry, now: datetime) -> "DiaryEntryOut":
        upcoming = entry.next_event(now)
        return cls(case_no=entry.case_no, court=entry.court.value, court_label=entry.court.label,
                   accused_name=entry.accused_name,
                   counsel=[CounselOut(member_id=c.member_id, name=c.name) for c in entry.counsel],
                   next_event=EventOut.of(upcoming) if upcoming else None)


class DiaryOut(Base):
    entries: list[DiaryEntryOut]
    next: str | None = Field(None, description="cursor of the next page; null on the last")
    previous: str | None = Field(None, description="cursor of the previous page; null on the first")


class CaseListOut(Base):
    cases: list[CaseSummaryOut] | list[RepresentedCaseOut]
    next: str | None = Field(None, description="cursor of the next page; null on the last")
    previous: str | None = Field(None, description="cursor of the previous page; null on the first")
