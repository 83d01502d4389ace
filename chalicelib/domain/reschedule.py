"""Changing a court date: who may ask, the rules per type of event (as data), and what the case
page tells a party about each event before they click anything.

Published practice refers every request to a judge. The portal adds an instant path for low-risk
events asked early enough: the party takes a free seat in a sitting and the new date is confirmed
at once. Everything else is a request the registry puts before a judge. No public cut-off exists,
so the rules below are the portal's own; ``docs/rescheduling.md`` gives the defaults and why.
Settings can override any number (``ICMS_RESCHEDULE_RULES``) without a code change.
"""

import secrets
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated, Literal, Mapping

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from .base import Base
from .access import accused_filing_refusal
from .cases import CaseFile, CaseStatus, CourtEvent, EventStatus, EventType
from .clock import singapore_date
from .commands import Command, plain_paragraphs
from .firms import submission_refusal
from .principals import Principal, Role
from .sittings import SittingId
from .working_days import add_working_days, working_days_between


class OnApproval(str, Enum):
    MOVE = "move"  # the event moves to the date the court picks
    VACATE_FOR_PTC = "vacate_for_ptc"  # the event is vacated; a pre-trial conference fixes new dates


class ChangeRule(Base):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # How many of a party's changes of one event are confirmed at once (0: always a judge's decision).
    instant_changes: int = Field(ge=0, le=5)
    # How many changes a party may have of one event in all, instant or approved.
    max_changes: int = Field(ge=0, le=10)
    # A change must be asked this many Singapore working days before the event at least; a new date
    # taken online must be as far from today too, so the court can prepare.
    notice_working_days: int = Field(ge=0, le=60)
    # A date taken online is at most this many days after the current one.
    window_days: int = Field(ge=1, le=180)
    on_approval: OnApproval = OnApproval.MOVE


DEFAULT_RULES: dict[EventType, ChangeRule] = {
    EventType.MENTION: ChangeRule(instant_changes=1, max_changes=3, notice_working_days=3, window_days=28),
    EventType.PRE_TRIAL_CONFERENCE: ChangeRule(instant_changes=1, max_changes=3, notice_working_days=3,
                                               window_days=28),
    EventType.NIGHT_COURT_HEARING: ChangeRule(instant_changes=1, max_changes=3, notice_working_days=2,
                                              window_days=28),
    EventType.CCDC: ChangeRule(instant_changes=0, max_changes=2, notice_working_days=5, window_days=28),
    EventType.PLEAD_GUILTY_MENTION: ChangeRule(instant_changes=0, max_changes=2, notice_working_days=3,
                                               window_days=28),
    EventType.SENTENCING: ChangeRule(instant_changes=0, max_changes=1, notice_working_days=5, window_days=28),
    EventType.TRIAL: ChangeRule(instant_changes=0, max_changes=1, notice_working_days=10, window_days=90,
                                on_approval=OnApproval.VACATE_FOR_PTC),
}


def rules_with(overrides: Mapping[str, Mapping[str, object]] | None) -> dict[EventType, ChangeRule]:
    """The default rules with some numbers replaced, e.g. ``{"mention": {"notice_working_days": 5}}``.
    A trial always goes to a judge, whatever an override says."""
    rules = dict(DEFAULT_RULES)
    for type_name, changes in (overrides or {}).items():
        event_type = EventType(type_name)
        rules[event_type] = ChangeRule.model_validate({**rules[event_type].model_dump(), **dict(changes)})
    trial = rules[EventType.TRIAL]
    rules[EventType.TRIAL] = trial.model_copy(update={"instant_changes": 0, "on_approval": OnApproval.VACATE_FOR_PTC})
    return rules


# --- who may ask ---------------------------------------------------------------------------------


class Asker(str, Enum):
    SUBMITS = "submits"  # an unrepresented accused for their own case, or counsel on record
    PREPARES = "prepares"  # a paralegal: prepares a request for counsel to submit


def asker(principal: Principal, case: CaseFile) -> Asker | str:
    """Whether this caller may ask to change a date of this case, or why not."""
    if principal.role is Role.ACCUSED:
        return accused_filing_refusal(principal, case) or Asker.SUBMITS
    if principal.role is Role.PARALEGAL:
        return Asker.PREPARES
    if principal.role is Role.COUNSEL:
        representation = case.representation
        if representation is None or all(c.member_id != principal.subject_id for c in representation.counsel):
            names = ", ".join(c.name for c in representation.counsel) if representation else "no one"
            return (f"Only counsel on record ask to change a court date for {case.case_no}; on record: {names}. "
                    "Ask the registry to put you on record first.")
        return Asker.SUBMITS
    if principal.role is Role.REGISTRY:
        return "Registry officers change court dates through the registry's own pages; parties ask here."
    return submission_refusal(principal) or "You may not ask to change a court date for this case."


# --- what can be done with one event, told before anyone clicks ------------------------------------


class Way(str, Enum):
    INSTANT = "instant"  # pick a free slot; confirmed at once
    REQUEST = "request"  # give reasons; a judge decides
    NONE = "none"  # cannot be changed online; ``reason`` says why and what to do


class Assessment(Base):
    model_config = ConfigDict(frozen=True)

    way: Way
    headline: str
    reason: str | None = None
    prepares_only: bool = False  # a paralegal: the request waits for counsel
    earliest: date | None = None  # slots for the instant path: from this Singapore day ...
    latest: date | None = None  # ... to this one
    rule: ChangeRule


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def assess(principal: Principal, case: CaseFile, event: CourtEvent, now: datetime,
           rules: Mapping[EventType, ChangeRule] = DEFAULT_RULES) -> Assessment:
    rule = rules[event.type]
    label = event.type.label
    who = asker(principal, case)

    def no(headline: str, reason: str) -> Assessment:
        return Assessment(way=Way.NONE, headline=headline, reason=reason, rule=rule)

    if not isinstance(who, Asker):
        return no("You cannot ask to change this date here", who)
    if case.status is CaseStatus.CLOSED:
        return no("This date cannot be changed", f"Case {case.case_no} is closed.")
    if event.status is not EventStatus.SCHEDULED:
        return no("This date cannot be changed", f"This {label.lower()} was {event.status.value}.")
    if event.starts_at <= now:
        return no("This date cannot be changed", f"This {label.lower()} has already taken place.")
    if event.open_request_id is not None:
        return no("A request to change this date is open",
                  "You can withdraw it below; until the court decides, the date stands and must be attended.")
    done = event.changes_asked_by_parties
    if done >= rule.max_changes:
        return no("This date cannot be changed online",
                  f"A {label.lower()} may be changed at a party's request {_plural(rule.max_changes, 'time')}; "
                  f"this one has been changed {_plural(done, 'time')}. If you cannot attend, call the State Courts "
                  "on 6 JUSTICE (6587 8423) before the date.")
    today, day = singapore_date(now), singapore_date(event.starts_at)
    if working_days_between(today, day) < rule.notice_working_days:
        return no("It is too late to change this date online",
                  f"A change of a {label.lower()} must be asked at least {_plural(rule.notice_working_days, 'working day')} "
                  "before it (weekends and public holidays do not count). Attend on this date, or call the State "
                  "Courts on 6 JUSTICE (6587 8423) if you cannot.")
    prepares = who is Asker.PREPARES
    if done < rule.instant_changes and not prepares:
        return Assessment(way=Way.INSTANT, headline="You can change this date now",
                          reason=f"Choose a free slot and the new date is confirmed at once. This is the "
                                 f"{'first' if done == 0 else 'next'} change of this {label.lower()}; any further "
                                 "change goes to a judge.",
                          earliest=add_working_days(today, rule.notice_working_days),
                          latest=day + timedelta(days=rule.window_days), rule=rule)
    if rule.on_approval is OnApproval.VACATE_FOR_PTC:
        why = ("A judge decides every change of a trial date. If the judge vacates the trial, the case goes to a "
               "pre-trial conference to fix new dates.")
    elif rule.instant_changes == 0:
        why = f"A judge decides every change of a {label.lower()}."
    elif prepares:
        why = "Counsel on record confirm changes; a paralegal prepares the request for them to submit."
    else:
        why = f"This {label.lower()} was already changed once online; a further change goes to a judge."
    return Assessment(way=Way.REQUEST, headline="You can ask the court to change this date", reason=why,
                      prepares_only=prepares, rule=rule)


def new_date_refusal(assessment: Assessment, starts_at: datetime) -> str | None:
    """Why a slot at ``starts_at`` is outside what the instant path allows, or None."""
    day = singapore_date(starts_at)
    if assessment.earliest is not None and day < assessment.earliest:
        return (f"That slot is too soon: a new date must be at least "
                f"{_plural(assessment.rule.notice_working_days, 'working day')} away, from "
                f"{assessment.earliest:%a} {assessment.earliest.day} {assessment.earliest:%b %Y}.")
    if assessment.latest is not None and day > assessment.latest:
        return (f"That slot is too far off: a date taken online is at most {assessment.rule.window_days} days "
                "after the current one. Ask the court instead.")
    return None


def decided_type(event: CourtEvent, rules: Mapping[EventType, ChangeRule] = DEFAULT_RULES) -> EventType:
    """The type of event an approved request fixes: a vacated trial goes to a pre-trial conference."""
    if rules[event.type].on_approval is OnApproval.VACATE_FOR_PTC:
        return EventType.PRE_TRIAL_CONFERENCE
    return event.type


# --- commands ------------------------------------------------------------------------------------

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z_-]{1,64}$")]
# Several lines of plain text (NFC, no control or bidirectional characters): shown on pages and in notices.
Reasons = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000),
                    AfterValidator(plain_paragraphs)]
DecisionReason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=1000),
                           AfterValidator(plain_paragraphs)]


class MoveInput(Command):
    sitting_id: SittingId


class RequestInput(Command):
    reasons: Reasons
    because_of_illness: bool = False
    medical_certificate_id: Identifier | None = None

    @model_validator(mode="after")
    def _illness_needs_a_certificate(self) -> "RequestInput":
        if self.because_of_illness and self.medical_certificate_id is None:
            raise ValueError("an illness excuse needs a medical certificate: upload it as a PDF first")
        return self


class DecisionInput(Command):
    outcome: Literal["approve", "refuse"]
    sitting_id: SittingId | None = None
    reason: DecisionReason | None = None

    @model_validator(mode="after")
    def _what_each_outcome_needs(self) -> "DecisionInput":
        if self.outcome == "approve" and not self.sitting_id:
            raise ValueError("to approve, choose the slot of the new date (sitting_id)")
        if self.outcome == "refuse" and not self.reason:
            raise ValueError("to refuse, give the reason the party will be told (reason)")
        return self


REQUEST_ID_PATTERN = r"^rq-[0-9a-f]{12}$"
RequestId = Annotated[str, StringConstraints(pattern=REQUEST_ID_PATTERN)]


def new_request_id() -> str:
    return "rq-" + secrets.token_hex(6)
