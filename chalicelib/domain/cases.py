"""Criminal cases as the portal models them: a case, its charges, its court events, who acts for
the accused, and the bail on record. Pure types and rules; no storage, no web."""

import re
from datetime import datetime, time
from enum import Enum

from pydantic import ConfigDict, Field

from .base import Base
from .clock import in_singapore


class Court(str, Enum):
    STATE_COURTS = "state_courts"
    NIGHT_COURTS = "night_courts"
    YOUTH_COURTS = "youth_courts"

    @property
    def label(self) -> str:
        return _COURT_LABELS[self]


_COURT_LABELS = {
    Court.STATE_COURTS: "State Courts",
    Court.NIGHT_COURTS: "Night Courts (State Courts)",
    Court.YOUTH_COURTS: "Youth Courts",
}

# District and Magistrate's arrest cases (DAC/MAC) and youth arrest cases (YAC) use the published
# styles. Night Courts hear summons cases; "SC" is the portal's prefix for them.
CASE_NUMBER_PREFIXES: dict[Court, tuple[str, ...]] = {
    Court.STATE_COURTS: ("DAC", "MAC"),
    Court.NIGHT_COURTS: ("SC",),
    Court.YOUTH_COURTS: ("YAC",),
}
# ASCII only ([0-9], never \d, which also matches fullwidth and Arabic-Indic digits); the last part
# is the year the case was filed. Matched whole (``fullmatch``): ``$`` alone lets a newline through.
CASE_NUMBER_PATTERN = re.compile(r"^(DAC|MAC|SC|YAC)-[0-9]{6}-([0-9]{4})$")
CHARGE_NUMBER_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9/-]{3,39}$")


def court_for_case_number(case_no: str) -> Court:
    prefix = case_no.split("-", 1)[0]
    for court, prefixes in CASE_NUMBER_PREFIXES.items():
        if prefix in prefixes:
            return court
    raise ValueError(f"unknown case number prefix {prefix!r}")


class CaseStatus(str, Enum):
    OPEN = "open"
    CLOSED = "closed"


class ChargeStatus(str, Enum):
    PENDING = "pending"
    WITHDRAWN = "withdrawn"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCHARGED = "discharged_not_amounting_to_acquittal"
    TAKEN_INTO_CONSIDERATION = "taken_into_consideration"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EventType(str, Enum):
    MENTION = "mention"
    PRE_TRIAL_CONFERENCE = "pre_trial_conference"
    CCDC = "criminal_case_disclosure_conference"
    PLEAD_GUILTY_MENTION = "plead_guilty_mention"
    TRIAL = "trial"
    SENTENCING = "sentencing"
    NIGHT_COURT_HEARING = "night_court_hearing"

    @property
    def label(self) -> str:
        return _EVENT_LABELS[self]

    @property
    def explanation(self) -> str:
        """What happens at this kind of hearing, in one plain sentence, for people new to court."""
        return _EVENT_EXPLANATIONS[self]


_EVENT_EXPLANATIONS = {
    EventType.MENTION: "A short hearing where the judge checks how the case is going: whether the accused has a "
                       "lawyer, how they intend to plead, and what happens next.",
    EventType.PRE_TRIAL_CONFERENCE: "A meeting with a judge where the prosecution and the defence get the case "
                                    "ready for trial; an accused without a lawyer attends in person.",
    EventType.CCDC: "A conference where the prosecution and the defence set out their cases to each other before "
                    "a trial, on a timetable the court fixes.",
    EventType.PLEAD_GUILTY_MENTION: "A hearing where the accused pleads guilty; the judge may pass sentence on "
                                    "the same day.",
    EventType.TRIAL: "The hearing where witnesses give evidence and the judge decides whether the charge is proved.",
    EventType.SENTENCING: "The hearing where the judge decides the sentence after the accused is found or pleads "
                          "guilty.",
    EventType.NIGHT_COURT_HEARING: "An evening hearing for traffic and regulatory offences: the accused may plead "
                                   "guilty and be fined, or ask for a trial.",
}

_EVENT_LABELS = {
    EventType.MENTION: "Mention",
    EventType.PRE_TRIAL_CONFERENCE: "Pre-trial conference (PTC)",
    EventType.CCDC: "Criminal Case Disclosure Conference (CCDC)",
    EventType.PLEAD_GUILTY_MENTION: "Plead guilty mention",
    EventType.TRIAL: "Trial",
    EventType.SENTENCING: "Sentencing",
    EventType.NIGHT_COURT_HEARING: "Night Court hearing",
}

# Night Courts sit in the evening; a hearing outside this window is a data-entry mistake.
NIGHT_COURT_SITTING = (time(17, 30), time(22, 0))


class EventStatus(str, Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    VACATED = "vacated"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class _Frozen(Base):
    model_config = ConfigDict(frozen=True)


class Charge(_Frozen):
    charge_no: str
    statute: str
    section: str
    offence: str
    status: ChargeStatus = ChargeStatus.PENDING

    @property
    def provision(self) -> str:
        return f"{self.statute} s {self.section}"


# Street addresses of the court buildings, for people finding their way there.
_COURT_ADDRESSES = (
    ("Youth Court", "Family Justice Courts, 3 Havelock Square, Singapore 059725"),
    ("Family Justice Courts", "3 Havelock Square, Singapore 059725"),
    ("State Courts", "1 Havelock Square, Singapore 059724"),
)


class Venue(_Frozen):
    building: str
    room: str

    @property
    def label(self) -> str:
        return f"{self.building}, {self.room}"

    @property
    def address(self) -> str | None:
        """The building's street address where it is a court building we know; None otherwise."""
        return next((address for name, address in _COURT_ADDRESSES if name.lower() in self.building.lower()), None)


class ChangeMade(str, Enum):
    """How a court date came to change, as the event's history tells it."""

    MOVED_ONLINE = "moved_online"  # a party took a free slot at once
    REQUEST_APPROVED = "request_approved"  # a party asked and the court agreed
    BY_THE_COURT = "by_the_court"  # the registry changed it

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]

    @property
    def asked_by_a_party(self) -> bool:
        return self is not ChangeMade.BY_THE_COURT


_CHANGE_LABELS = {
    ChangeMade.MOVED_ONLINE: "moved online into a free slot",
    ChangeMade.REQUEST_APPROVED: "moved on request, approved by the court",
    ChangeMade.BY_THE_COURT: "changed by the court",
}


class DateChange(_Frozen):
    """One change of an event's date or place: what it was, when it changed, and how."""

    previous_starts_at: datetime
    previous_venue: Venue
    changed_at: datetime
    made: ChangeMade


class CourtEvent(_Frozen):
    event_id: str
    type: EventType
    starts_at: datetime  # aware, UTC
    venue: Venue
    status: EventStatus = EventStatus.SCHEDULED
    # The sitting whose seat this event holds, if it was placed in one (domain/sittings.py).
    sitting_id: str | None = None
    history: tuple[DateChange, ...] = ()
    # A request to change this date that is prepared or waiting for the court: at most one.
    open_request_id: str | None = None

    @property
    def changes_asked_by_parties(self) -> int:
        return sum(1 for change in self.history if change.made.asked_by_a_party)

    @property
    def starts_at_local(self) -> datetime:
        return in_singapore(self.starts_at)

    def is_upcoming(self, now: datetime) -> bool:
        return self.status is EventStatus.SCHEDULED and self.starts_at >= now

    @property
    def on_hearing_list(self) -> bool:
        """Whether the court lists it on its day: a vacated date is no longer heard (a moved one
        is listed on its new day only)."""
        return self.status is not EventStatus.VACATED


class CounselOnRecord(_Frozen):
    member_id: str
    name: str


class Representation(_Frozen):
    firm_uen: str
    firm_name: str
    counsel: tuple[CounselOnRecord, ...] = Field(min_length=1)
    since: datetime
    ended_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Bail(_Frozen):
    amount_cents: int = Field(ge=0)
    bailor_name: str
    bailor_phone: str | None = None
    bailor_email: str | None = None


class AccusedOnCase(_Frozen):
    person_id: str
    name: str
    nric_masked: str


class CaseFile(_Frozen):
    """Everything the case page shows, read in one query."""

    case_no: str
    court: Court
    status: CaseStatus = CaseStatus.OPEN
    accused: AccusedOnCase
    filed_at: datetime
    charges: tuple[Charge, ...] = ()
    events: tuple[CourtEvent, ...] = ()
    representations: tuple[Representation, ...] = ()
    bail: Bail | None = None
    reschedule_requests: tuple["RescheduleRequest", ...] = ()
    # The stored revision this view was read at; writes based on it fail if the case moved on.
    version: int = 0

    @property
    def is_youth_case(self) -> bool:
        return self.court is Court.YOUTH_COURTS

    @property
    def representation(self) -> Representation | None:
        return next((r for r in self.representations if r.is_active), None)

    def upcoming_events(self, now: datetime) -> list[CourtEvent]:
        return sorted((e for e in self.events if e.is_upcoming(now)), key=lambda e: e.starts_at)

    def next_event(self, now: datetime) -> CourtEvent | None:
        upcoming = self.upcoming_events(now)
        return upcoming[0] if upcoming else None

    def past_events(self, now: datetime) -> list[CourtEvent]:
        return sorted(
            (e for e in self.events if not e.is_upcoming(now)),
            key=lambda e: e.starts_at,
            reverse=True,
        )

    def charge(self, charge_no: str) -> Charge | None:
        return next((c for c in self.charges if c.charge_no == charge_no), None)

    def event(self, event_id: str) -> CourtEvent | None:
        return next((e for e in self.events if e.event_id == event_id), None)

    def reschedule_request(self, request_id: str) -> "RescheduleRequest | None":
        return next((r for r in self.reschedule_requests if r.request_id == request_id), None)

    def requests_for(self, event_id: str) -> list["RescheduleRequest"]:
        return sorted((r for r in self.reschedule_requests if r.event_id == event_id),
                      key=lambda r: r.created_at, reverse=True)


class CaseSummary(_Frozen):
    """One row of a person's case list: the case and its next court event."""

    case_no: str
    court: Court
    status: CaseStatus
    next_event: CourtEvent | None
    firm_name: str | None = None


class RepresentedCase(_Frozen):
    """One row of a law firm's list of cases it is on record for."""

    case_no: str
    court: Court
    accused_name: str
    counsel: tuple[CounselOnRecord, ...]
    since: datetime


class DiaryEntry(_Frozen):
    """One row of a law firm's diary: a case it is on record for and the case's coming court dates
    (as they were when the case last changed; ``next_event`` picks the first still to come)."""

    case_no: str
    court: Court
    accused_name: str
    counsel: tuple[CounselOnRecord, ...]
    coming: tuple[CourtEvent, ...] = ()

    def next_event(self, now: datetime) -> CourtEvent | None:
        return next((e for e in self.coming if e.is_upcoming(now)), None)


def diary_dates(events: "list[CourtEvent] | tuple[CourtEvent, ...]", now: datetime) -> tuple[CourtEvent, ...]:
    """The court dates a diary keeps for a case: the scheduled ones still to come, soonest first."""
    return tuple(sorted((e for e in events if e.is_upcoming(now)), key=lambda e: e.starts_at))


# --- asking to change a court date ---------------------------------------------------------------


class RequestStatus(str, Enum):
    PREPARED = "prepared"  # by a paralegal, for counsel to submit
    PENDING = "pending"  # with the court
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (RequestStatus.PREPARED, RequestStatus.PENDING)

    @property
    def label(self) -> str:
        return _REQUEST_STATUS_LABELS[self]


_REQUEST_STATUS_LABELS = {
    RequestStatus.PREPARED: "Prepared, waiting for counsel to submit it",
    RequestStatus.PENDING: "Waiting for the court's decision",
    RequestStatus.APPROVED: "Approved",
    RequestStatus.REFUSED: "Refused: the original date stands",
    RequestStatus.WITHDRAWN: "Withdrawn",
}


class RescheduleRequest(_Frozen):
    """A party's request to change one court event's date, and what became of it."""

    request_id: str
    case_no: str
    court: Court
    event_id: str
    event_type: EventType
    original_starts_at: datetime
    original_venue: Venue
    reasons: str
    medical_certificate_id: str | None = None
    status: RequestStatus
    made_by_id: str
    made_by_name: str
    made_by_role: str
    created_at: datetime
    submitted_at: datetime | None = None
    submitted_by_name: str | None = None
    decided_at: datetime | None = None
    decided_by_name: str | None = None
    decision_reason: str | None = None
    # Approved: the date fixed instead (for a vacated trial, the pre-trial conference's).
    new_starts_at: datetime | None = None
    new_venue: Venue | None = None
    new_event_id: str | None = None


CaseFile.model_rebuild()

