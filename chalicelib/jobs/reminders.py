"""Daily court-date reminders: every scheduled event 7, 3 and 1 days ahead gets a notice.

Reminders leave through the outbox like every other notice. Notice ids are derived from the
event, its time and the day offset, so a second run on the same day (a retry, or the local runner
firing again) writes notices that delivery then skips.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.clock import singapore_date
from ..domain.notices import REMINDER_DAYS, court_date_reminder
from ..logs import logger
from ..store import cases, outbox


def queue_reminders(now: datetime) -> int:
    today = singapore_date(now)
    reminders = [
        court_date_reminder(case_no, event, days, now)
        for days in REMINDER_DAYS
        for case_no, event in cases.events_on(today + timedelta(days=days))
        if event.is_upcoming(now)
    ]
    outbox.write(reminders, now)
    logger.info("reminders queued", extra={"count": len(reminders), "day": today.isoformat()})
    return len(reminders)
