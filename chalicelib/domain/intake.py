"""Registry intake: the commands the State Courts Crime Registry sends, and the rules they obey.

Inputs are pydantic models that refuse unknown fields; the functions below turn a valid command
into case records or refuse it with a ``RuleViolation`` naming the field at fault.
"""

import re
import secrets
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .cases import (
    CASE_NUMBER_PATTERN,
    CASE_NUMBER_PREFIXES,
    CHARGE_NUMBER_PATTERN,
    NIGHT_COURT_SITTING,
    Bail,
    Charge,
    ChargeStatus,
    Court,
    CourtEvent,
    EventStatus,
    EventType,
    Venue,
)
from .clock import CalendarDay, Instant, as_utc, in_singapore, singapore_date, utc_now
from .commands import Command, Name, ShortText, Text
from .email_address import EmailAddress
from .errors import RuleViolation
from .identity import Nric, Uen

MAX_CHARGES_PER_INTAKE = 40
MAX_EVENTS_PER_INTAKE = 10
MAX_BAIL_CENTS = 100_000_000_00  # S$100 million: above any bail a State Court has set
# Court dates are fixed months ahead, rarely more than a year or two; five years is past any of them.
MAX_SCHEDULE_AHEAD = timedelta(days=5 * 366)


def _singapore_phone(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if digits.startswith("+65"):
        digits = digits[3:]
    if not re.fullmatch(r"[3689][0-9]{7}", digits):
        raise ValueError("must be a Singapore number of 8 digits, e.g. +65 9123 4567")
    return f"+65{digits}"


Phone = Annotated[str, AfterValidator(_singapore_phone)]
def _tidy_reference(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


# Normalised before the pattern is checked, so " dac-912345-2026 " is accepted as DAC-912345-2026.
# The pattern comes first so that it constrains the string itself and is in the API's contract (a
# constraint after a BeforeValidator is checked, but left out of the JSON schema).
CaseNumber = Annotated[str, StringConstraints(pattern=CASE_NUMBER_PATTERN.pattern), BeforeValidator(_tidy_reference)]
ChargeNumber = Annotated[str, StringConstraints(pattern=CHARGE_NUMBER_PATTERN.pattern),
                         BeforeValidator(_tidy_reference)]


class AccusedInput(Command):
    nric: Nric
    name: Name
    email: EmailAddress | None = None
    mobile: Phone | None = None
    date_of_birth: CalendarDay | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _born_already(cls, value: date | None) -> date | None:
        if value is not None and value > singapore_date(utc_now()):
            raise ValueError("a date of birth cannot be in the future")
        return value


class ChargeInput(Command):
    charge_no: ChargeNumber
    statute: Text
    section: ShortText
    offence: Text
    status: ChargeStatus = ChargeStatus.PENDING

    def to_charge(self) -> Charge:
        return Charge(**self.model_dump())


class VenueInput(Command):
    building: Text
    room: ShortText


class CourtEventInput(Command):
    type: EventType
    starts_at: Instant
    venue: VenueInput
    status: EventStatus = EventStatus.SCHEDULED


class BailInput(Command):
    amount_cents: int = Field(ge=0, le=MAX_BAIL_CENTS)
    bailor_name: Name
    bailor_phone: Phone | None = None
    bailor_email: EmailAddress | None = None

    def to_bail(self) -> Bail:
        return Bail(**self.model_dump())


class NewCase(Command):
    case_no: CaseNumber
    court: Court
    accused: AccusedInput
    charges: list[ChargeInput] = Field(min_length=1, max_length=MAX_CHARGES_PER_INTAKE)
    events: list[CourtEventInput] = Field(default_factory=list, max_length=MAX_EVENTS_PER_INTAKE)
    bail: BailInput | None = None

    @model_validator(mode="after")
    def _number_matches_court(self) -> "NewCase":
        prefix = self.case_no.split("-", 1)[0]
        allowed = CASE_NUMBER_PREFIXES[self.court]
        if prefix not in allowed:
            raise ValueError(
                f"the case number starts {prefix}, which does not belong to {self.court.label}: "
                f"its case numbers start {' or '.join(allowed)}"
            )
        return self

    @field_validator("charges")
    @classmethod
    def _distinct_charge_numbers(cls, charges: list[ChargeInput]) -> list[ChargeInput]:
        seen: set[str] = set()
        for charge in charges:
            if charge.charge_no in seen:
                raise ValueError(f"charge number {charge.charge_no} appears twice")
            seen.add(charge.charge_no)
        return charges


class ChargeChange(Command):
    statute: Text | None = None
    section: ShortText | None = None
    offence: Text | None = None
    status: ChargeStatus | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "ChargeChange":
        if not self.model_dump(exclude_none=True):
            raise ValueError("name at least one of statute, section, offence, status to change")
        return self


class CourtEventChange(Command):
    type: EventType | None = None
    starts_at: Instant | None = None
    venue: VenueInput | None = None
    status: EventStatus | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "CourtEventChange":
        if not self.model_dump(exclude_none=True):
            raise ValueError("name at least one of type, starts_at, venue, status to change")
        return self


class RepresentationInput(Command):
    firm_uen: Uen
    counsel_member_ids: list[
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9-]{1,64}$")]
    ] = Field(min_length=1, max_length=10)


EVENT_ID_PATTERN = r"^ev-[0-9a-f]{12}$"
EventId = Annotated[str, StringConstraints(pattern=EVENT_ID_PATTERN)]


def new_event_id() -> str:
    return "ev-" + secrets.token_hex(6)


def filed_year(case_no: str) -> int:
    """The year in a case number (``DAC-912345-2026``): the year the case was filed."""
    match = CASE_NUMBER_PATTERN.fullmatch(case_no)
    if match is None:
        raise ValueError(f"{case_no!r} is not a case number")
    return int(match.group(2))


def check_event_rules(court: Court, event: CourtEvent, now: datetime, *, case_no: str) -> None:
    """The rules every fixed or changed court event must meet, whoever fixes it."""
    if event.type is EventType.NIGHT_COURT_HEARING:
        if court is not Court.NIGHT_COURTS:
            raise RuleViolation("a Night Court hearing can only be fixed in a Night Courts case", field="type")
        opens, closes = NIGHT_COURT_SITTING
        local_time = in_singapore(event.starts_at).time()
        if not opens <= local_time <= closes:
            raise RuleViolation(
                f"Night Courts sit between {opens:%H:%M} and {closes:%H:%M} Singapore time",
                field="starts_at",
            )
    year = filed_year(case_no)
    if in_singapore(event.starts_at).year < year:
        raise RuleViolation(f"case {case_no} was filed in {year}; its court events cannot be earlier",
                            field="starts_at")
    if event.starts_at > now + MAX_SCHEDULE_AHEAD:
        raise RuleViolation("a court event cannot be fixed more than five years ahead", field="starts_at")
    if event.status is EventStatus.SCHEDULED and event.starts_at <= now:
        raise RuleViolation("a scheduled court event must start in the future", field="starts_at")
    if event.status is EventStatus.HELD and event.starts_at > now:
        raise RuleViolation("an event cannot be recorded as held before it starts", field="status")


def event_from_input(court: Court, data: CourtEventInput, now: datetime, *, case_no: str) -> CourtEvent:
    event = CourtEvent(
        event_id=new_event_id(),
        type=data.type,
        starts_at=as_utc(data.starts_at),
        venue=Venue(**data.venue.model_dump()),
        status=data.status,
    )
    check_event_rules(court, event, now, case_no=case_no)
    return event


def apply_event_change(court: Court, event: CourtEvent, change: CourtEventChange, now: datetime, *,
                       case_no: str) -> CourtEvent:
    if event.status is not EventStatus.SCHEDULED:
        raise RuleViolation(f"this court event is already {event.status.value} and cannot change", field="status")
    updates: dict = {}
    if change.type is not None:
        updates["type"] = change.type
    if change.starts_at is not None:
        updates["starts_at"] = as_utc(change.starts_at)
    if change.venue is not None:
        updates["venue"] = Venue(**change.venue.model_dump())
    if change.status is not None:
        updates["status"] = change.status
    changed = event.model_copy(update=updates)
    if changed.status is EventStatus.VACATED:
        return changed  # vacating needs no time or venue rule
    check_event_rules(court, changed, now, case_no=case_no)
    return changed


FINAL_CHARGE_STATUSES = frozenset(ChargeStatus) - {ChargeStatus.PENDING}


def apply_charge_change(charge: Charge, change: ChargeChange) -> Charge:
    if change.status is not None and charge.status in FINAL_CHARGE_STATUSES and change.status != charge.status:
        raise RuleViolation(
            f"charge {charge.charge_no} is already {charge.status.label.lower()}; its outcome cannot change",
            field="status",
        )
    return charge.model_copy(update=change.model_dump(exclude_none=True))


def all_charges_disposed(charges: list[Charge]) -> bool:
    return all(c.status in FINAL_CHARGE_STATUSES for c in charges)
