"""Registry intake: the commands the State Courts Crime Registry sends, and the rules they obey.

Inputs are pydantic models that refuse unknown fields; the functions below turn a valid command
into case records or refuse it with a ``RuleViolation`` naming the field at fault.
"""

import re
import secrets
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
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
from .clock import as_utc, in_singapore
from .commands import Command, Name, Text
from .email_address import EmailAddress
from .errors import RuleViolation
from .identity import Nric, Uen

MAX_CHARGES_PER_INTAKE = 40
MAX_EVENTS_PER_INTAKE = 10
MAX_BAIL_CENTS = 100_000_000_00  # S$100 million: above any bail a State Court has set


def _singapore_phone(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if digits.startswith("+65"):
        digits = digits[3:]
    if not re.fullmatch(r"[3689]\d{7}", digits):
        raise ValueError("must be a Singapore number of 8 digits, e.g. +65 9123 4567")
    return f"+65{digits}"


Phone = Annotated[str, AfterValidator(_singapore_phone)]
def _tidy_reference(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


# Normalised before the pattern is checked, so " dac-912345-2026 " is accepted as DAC-912345-2026.
CaseNumber = Annotated[str, BeforeValidator(_tidy_reference), StringConstraints(pattern=CASE_NUMBER_PATTERN.pattern)]
ChargeNumber = Annotated[str, BeforeValidator(_tidy_reference), StringConstraints(pattern=CHARGE_NUMBER_PATTERN.pattern)]


class AccusedInput(Command):
    nric: Nric
    name: Name
    email: EmailAddress | None = None
    mobile: Phone | None = None
    date_of_birth: date | None = None


class ChargeInput(Command):
    charge_no: ChargeNumber
    statute: Text
    section: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    offence: Text
    status: ChargeStatus = ChargeStatus.PENDING

    def to_charge(self) -> Charge:
        return Charge(**self.model_dump())


class VenueInput(Command):
    building: Text
    room: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class CourtEventInput(Command):
    type: EventType
    starts_at: AwareDatetime
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
                f"case_no prefix {prefix} does not belong to {self.court.label}; "
                f"use {' or '.join(allowed)}"
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
    section: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    offence: Text | None = None
    status: ChargeStatus | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "ChargeChange":
        if not self.model_dump(exclude_none=True):
            raise ValueError("name at least one of statute, section, offence, status to change")
        return self


class CourtEventChange(Command):
    type: EventType | None = None
    starts_at: AwareDatetime | None = None
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
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    ] = Field(min_length=1, max_length=10)


def new_event_id() -> str:
    return "ev-" + secrets.token_hex(6)


def check_event_rules(court: Court, event: CourtEvent, now: datetime) -> None:
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
    if event.status is EventStatus.SCHEDULED and event.starts_at <= now:
        raise RuleViolation("a scheduled court event must start in the future", field="starts_at")
    if event.status is EventStatus.HELD and event.starts_at > now:
        raise RuleViolation("an event cannot be recorded as held before it starts", field="status")


def event_from_input(court: Court, data: CourtEventInput, now: datetime) -> CourtEvent:
    event = CourtEvent(
        event_id=new_event_id(),
        type=data.type,
        starts_at=as_utc(data.starts_at),
        venue=Venue(**data.venue.model_dump()),
        status=data.status,
    )
    check_event_rules(court, event, now)
    return event


def apply_event_change(court: Court, event: CourtEvent, change: CourtEventChange, now: datetime) -> CourtEvent:
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
    check_event_rules(court, changed, now)
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
