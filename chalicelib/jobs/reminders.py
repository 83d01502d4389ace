"""The daily reminder job: the schedule plans one message per day ahead; the reminder pages queue's
consumer writes each page's reminders (``services/reminders.py`` says why it is fanned out)."""

from __future__ import annotations

from datetime import datetime

from ..domain.clock import as_utc
from ..logs import logger
from ..services import reminders


def plan(event: dict) -> dict:
    """An EventBridge "Scheduled Event": queue the first page of each day ahead."""
    fired_at = as_utc(datetime.fromisoformat(event["time"].replace("Z", "+00:00")))
    return {"pages_queued": reminders.plan(fired_at)}


def handle_batch(event: dict) -> dict:
    """SQS records, one page each (the event source hands them one at a time). A page that fails
    raises: the queue hands it back, and after its redrive policy's receives it is dead-lettered."""
    done = {"events": 0, "reminders": 0, "pages": 0}
    for record in event["Records"]:
        page = reminders.ReminderPage.model_validate_json(record["body"])
        result = reminders.remind(page)
        done["events"] += result["events"]
        done["reminders"] += result["reminders"]
        done["pages"] += 1
    logger.debug("reminder pages written", extra=done)
    return done
