"""Daily court-date reminders, fanned out so that no function's time grows with the day's volume.

The schedule (09:00 SGT) only plans: one message per day ahead (7, 3 and 1 days) on the reminder
pages queue, in one SQS request. Each message asks for one page of that day's court events
(``PAGE_SIZE``): its consumer reads the page (one Query on the day's partition, the read behind the
registry's hearing list), writes the page's reminders as outbox items, and queues the next page if
the day has more. A day with 30 hearings and a day with 3,000 cost each function the same bounded
work; only the number of pages grows, and they run as the queue hands them out.

Reminders leave through the outbox like every other notice. A reminder's id is derived from the
event, its time and the day offset, so a page written twice (a retried message, a second run of
the schedule) writes notices that delivery then skips.
"""

from datetime import date, datetime, timedelta

from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from ..domain.base import Base
from ..aws import client, queue_url
from ..domain.clock import singapore_date
from ..domain.notices import REMINDER_DAYS, court_date_reminder
from ..logs import logger
from ..settings import get_settings
from ..store import cases, outbox

# One outbox item holds a page's reminders (outbox.NOTICES_PER_ITEM), and a page is read, written
# and handed on well inside the consumer's timeout.
PAGE_SIZE = outbox.NOTICES_PER_ITEM


class ReminderPage(Base):
    """One page of one day's court events to remind people of (the queue message's body)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date
    days_before: int
    # When the schedule fired: every page of a run writes its reminders as of that instant.
    fired_at: AwareDatetime
    # Where the page starts (the previous page's ``next_cursor``); None for a day's first page.
    cursor: str | None = Field(default=None, max_length=2048)
    page: int = Field(default=1, ge=1)

    @field_validator("days_before")
    @classmethod
    def _a_reminder_day(cls, value: int) -> int:
        if value not in REMINDER_DAYS:
            raise ValueError(f"reminders go {', '.join(map(str, REMINDER_DAYS))} days before a court date, not {value}")
        return value


def first_pages(fired_at: datetime) -> list[ReminderPage]:
    today = singapore_date(fired_at)
    return [ReminderPage(day=today + timedelta(days=days), days_before=days, fired_at=fired_at)
            for days in REMINDER_DAYS]


def plan(fired_at: datetime) -> int:
    """The schedule's whole job: one message per day ahead, in one request. Returns the count."""
    pages = first_pages(fired_at)
    _send(pages)
    logger.info("reminder pages queued", extra={"day": singapore_date(fired_at).isoformat(), "pages": len(pages)})
    return len(pages)


def remind(page: ReminderPage) -> dict:
    """Write the reminders of one page of a day's events and queue the page after it, if any."""
    found = cases.page_of_day(page.day, cursor=page.cursor, size=PAGE_SIZE)
    events = found.items
    reminders = [court_date_reminder(listed.case_no, listed.event, page.days_before, page.fired_at)
                 for listed in events if listed.event.is_upcoming(page.fired_at)]
    outbox.write(reminders, page.fired_at)
    # The next page is queued only once this page's reminders are written: a failure before that
    # retries this message, and a retried page writes the same notice ids.
    more = found.next_cursor is not None
    if more:
        _send([page.model_copy(update={"cursor": found.next_cursor, "page": page.page + 1})])
    logger.info("reminders queued", extra={"day": page.day.isoformat(), "page": page.page,
                                           "events": len(events), "reminders": len(reminders), "more": more})
    return {"events": len(events), "reminders": len(reminders), "more": more}


def _send(pages: list[ReminderPage]) -> None:
    response = client("sqs").send_message_batch(
        QueueUrl=queue_url(get_settings().reminder_pages_queue),
        Entries=[{"Id": str(index), "MessageBody": page.model_dump_json()} for index, page in enumerate(pages)],
    )
    if response.get("Failed"):
        raise RuntimeError(f"SQS refused reminder pages: {response['Failed']}")
