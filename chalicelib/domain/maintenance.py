"""Planned maintenance: a notice the registry puts on every page, with a message and the window
when ICMS will not be available. Pure rules; storage and the banner's cache live elsewhere."""

from datetime import datetime, timedelta
from typing import Annotated

from pydantic import ConfigDict, StringConstraints, field_validator

from .base import Base
from .clock import SINGAPORE, as_utc
from .commands import Command
from .errors import RuleViolation

# Maintenance happens after court hours; a window longer than this is a typing mistake, not a plan.
LONGEST_WINDOW = timedelta(hours=72)
# A notice is put up in advance, but not so far ahead that people stop reading it.
FURTHEST_AHEAD = timedelta(days=31)

NoticeText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def _singapore_time(value: object) -> object:
    """A form's ``datetime-local`` value has no offset: it is Singapore time, as the form says."""
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("is not a date and time ICMS can read") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=SINGAPORE)
    return value


class MaintenanceWindow(Command):
    """What an officer types: the message and the window, in Singapore time."""

    message: NoticeText
    starts_at: datetime
    ends_at: datetime

    @field_validator("starts_at", "ends_at", mode="before")
    @classmethod
    def _local_time(cls, value: object) -> object:
        return _singapore_time(value)


class MaintenanceNotice(Base):
    model_config = ConfigDict(frozen=True)

    message: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    set_by: str
    set_at: datetime
    revision: int  # the stored revision; a change must name the one it replaces

    def shows(self, now: datetime) -> bool:
        return now < self.ends_at

    def under_way(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


def plan_maintenance(window: MaintenanceWindow, now: datetime, set_by: str, revision: int) -> MaintenanceNotice:
    starts_at, ends_at = as_utc(window.starts_at), as_utc(window.ends_at)
    if ends_at <= starts_at:
        raise RuleViolation("the end of the window must be after its start", field="ends_at")
    if ends_at <= now:
        raise RuleViolation("the window has already ended; choose an end time still to come", field="ends_at")
    if ends_at - starts_at > LONGEST_WINDOW:
        raise RuleViolation(f"a window can last at most {LONGEST_WINDOW.days * 24} hours", field="ends_at")
    if starts_at - now > FURTHEST_AHEAD:
        raise RuleViolation(f"a window can start at most {FURTHEST_AHEAD.days} days ahead", field="starts_at")
    return MaintenanceNotice(message=window.message, starts_at=starts_at, ends_at=ends_at, set_by=set_by,
                             set_at=now, revision=revision + 1)
