"""Notices about court dates: what is sent, to whom, and when a notice has gone stale."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict

from .cases import CaseFile, CourtEvent, EventStatus

# Days before a court event on which reminders go out (NYC court-reminder trial: 7, 3 and 1).
REMINDER_DAYS = (7, 3, 1)


class NoticeKind(str, Enum):
    COURT_DATE_FIXED = "court_date_fixed"
    COURT_DATE_CHANGED = "court_date_changed"
    COURT_DATE_VACATED = "court_date_vacated"
    COURT_DATE_REMINDER = "court_date_reminder"

    @property
    def subject(self) -> str:
        return _SUBJECTS[self]


_SUBJECTS = {
    NoticeKind.COURT_DATE_FIXED: "Court date fixed",
    NoticeKind.COURT_DATE_CHANGED: "Court date changed",
    NoticeKind.COURT_DATE_VACATED: "Court date vacated",
    NoticeKind.COURT_DATE_REMINDER: "Reminder: you must attend court",
}


class CourtDateNotice(BaseModel):
    """The message on the notifications queue. ``notice_id`` makes delivery idempotent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    notice_id: str
    kind: NoticeKind
    case_no: str
    event: CourtEvent
    previous: CourtEvent | None = None
    days_before: int | None = None
    created_at: datetime


def notice_id_for(kind: NoticeKind, event: CourtEvent, days_before: int | None = None) -> str:
    """Same event, same time, same kind: same id, so a repeated run sends nothing twice."""
    parts = [kind.value, event.event_id, event.starts_at.isoformat(), event.status.value]
    if days_before is not None:
        parts.append(f"d{days_before}")
    return ":".join(parts)


def still_holds(notice: CourtDateNotice, case: CaseFile) -> bool:
    """A reminder or fixing notice is only sent while the date it names still stands."""
    current = case.event(notice.event.event_id)
    if current is None:
        return False
    if notice.kind is NoticeKind.COURT_DATE_VACATED:
        return current.status is EventStatus.VACATED
    return current.status is EventStatus.SCHEDULED and current.starts_at == notice.event.starts_at \
        and current.venue == notice.event.venue
