"""Publishing notices to the notifications queue (delivered by ``jobs.notifications``)."""

from __future__ import annotations

from datetime import datetime

from ..aws import client, queue_url
from ..domain.cases import CourtEvent
from ..domain.notices import CourtDateNotice, NoticeKind, notice_id_for
from ..logs import logger
from ..settings import get_settings

SQS_BATCH_LIMIT = 10


def court_date(
    kind: NoticeKind,
    case_no: str,
    event: CourtEvent,
    now: datetime,
    *,
    previous: CourtEvent | None = None,
    days_before: int | None = None,
) -> CourtDateNotice:
    return CourtDateNotice(
        notice_id=notice_id_for(kind, event, days_before),
        kind=kind,
        case_no=case_no,
        event=event,
        previous=previous,
        days_before=days_before,
        created_at=now,
    )


def publish(notices: list[CourtDateNotice]) -> None:
    """Queue the notices, ten to a request; raise if SQS refused any of them."""
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
        logger.info("notice queued", extra={"notice_id": notice.notice_id, "case_no": notice.case_no})
