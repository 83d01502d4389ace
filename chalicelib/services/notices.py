"""Queueing notices for delivery: the only code that sends them to the notifications queue.

Only the outbox relay calls it, with the notices a committed change wrote to its outbox item.
"""

from __future__ import annotations

from ..aws import client, queue_url
from ..domain.notices import NoticeBase
from ..logs import logger
from ..settings import get_settings

SQS_BATCH_LIMIT = 10


def queue(notices: list[NoticeBase]) -> None:
    """Queue the notices, ten to a request; raise if SQS refused any of them (the relay then
    reports the record as failed and the stream delivers it again: delivery is idempotent)."""
    url = queue_url(get_settings().notifications_queue)
    for start in range(0, len(notices), SQS_BATCH_LIMIT):
        batch = notices[start:start + SQS_BATCH_LIMIT]
        response = client("sqs").send_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(index), "MessageBody": n.model_dump_json()} for index, n in enumerate(batch)],
        )
        if response.get("Failed"):
            raise RuntimeError(f"SQS refused notices: {response['Failed']}")
    for notice in notices:
        logger.debug("notice queued", extra={"notice_id": notice.notice_id, "case_no": notice.case_no})
