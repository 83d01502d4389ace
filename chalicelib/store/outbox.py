"""The transactional outbox: ``OUTBOX#<id>`` / ``OUTBOX``, one item per committed change.

A change that has something to tell people writes its notices here, in the same transaction as
the change itself (``store/unit_of_work.py``). Nothing else publishes notices: the table's stream
carries each new outbox item to the relay (``jobs/outbox_relay.py``), which queues the notices for
delivery. So a change is never committed without its notices, nor a notice sent for a change that
did not happen. DynamoDB's TTL removes relayed items after a week.

A change may also ask for work to be done once it is committed (a payment advice to render): the
work's messages ride in the same item and the relay sends each to its queue, so work is never
asked for a change that did not commit, nor lost if the function that committed it dies.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Literal

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.notices import NOTICE_LIST, NoticeBase
from .keys import OUTBOX_SK, outbox_pk
from .table import Entity

OUTBOX_TYPE = "outbox"
# Longer than the stream's 24-hour retention, so an item outlives every record that announces it.
KEEP_FOR = timedelta(days=7)


class OutboxItem(Entity, discriminator=OUTBOX_TYPE):
    created_at = UTCDateTimeAttribute()
    # The notices as one JSON list: a change with ten events is still one outbox item, which keeps
    # the largest intake transaction inside DynamoDB's 100-item limit.
    notices = UnicodeAttribute()
    # Work the change asks for, as a JSON list of ``Work`` (absent when there is none).
    work = UnicodeAttribute(null=True)


# The queues work may be sent to, by the name of their setting (``settings.py``).
WorkQueue = Literal["payment_advice_queue"]


@dataclass(frozen=True)
class Work:
    """One message for a queue, sent by the relay once the change that asked for it is committed."""

    queue: WorkQueue
    message: dict[str, str]


def outbox_item(notices: list[NoticeBase], now: datetime, work: list[Work] | tuple[Work, ...] = ()) -> OutboxItem:
    return OutboxItem(
        outbox_pk(uuid.uuid4().hex),
        OUTBOX_SK,
        created_at=now,
        notices=NOTICE_LIST.dump_json(notices).decode(),
        work=json.dumps([asdict(w) for w in work]) if work else None,
        expires_at=now + KEEP_FOR,
    )


def is_outbox_image(image: dict) -> bool:
    """Does a stream record's image (DynamoDB JSON) hold an outbox item?"""
    return image.get("type", {}).get("S") == OUTBOX_TYPE


def notices_in(image: dict) -> list[NoticeBase]:
    """The notices an outbox item's stream image carries; raises if they do not parse."""
    return NOTICE_LIST.validate_json(image["notices"]["S"])


def work_in(image: dict) -> list[Work]:
    """The work an outbox item's stream image asks for; raises if it does not parse."""
    raw = image.get("work", {}).get("S")
    if raw is None:
        return []
    work = [Work(**entry) for entry in json.loads(raw)]
    unknown = [w.queue for w in work if w.queue not in WorkQueue.__args__]
    if unknown:
        raise ValueError(f"outbox work for unknown queues: {unknown}")
    return work


# An item holds at most this many notices, well inside DynamoDB's 400 KB item size.
NOTICES_PER_ITEM = 100


def write(notices: list[NoticeBase], now: datetime) -> None:
    """Notices that no change carries (a day's reminders), as outbox items of their own."""
    with OutboxItem.batch_write() as batch:
        for start in range(0, len(notices), NOTICES_PER_ITEM):
            batch.save(outbox_item(notices[start:start + NOTICES_PER_ITEM], now))
