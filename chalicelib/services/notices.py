"""Publishing notices to the notifications queue (delivered by ``jobs.notifications``)."""

from __future__ import annotations

from datetime import datetime

from ..aws import client, queue_url
from ..domain.cases import CourtEvent
from ..domain.notices import CourtDateNotice, NoticeKind, notice_id_for
from ..logs import logger
from ..settings import get_settings


def publish(notice: CourtDateNotice) -> None:
    client("sqs").send_message(
        QueueUrl=queue_url(get_settings().notifications_queue),
        MessageBody=notice.model_dump_json(),
    )
    logger.info("notice queued", extra={"notice_id": notice.notice_id, "case_no": notice.case_no})


def court_date(
    kind: NoticeKind,
    case_no: str,
    event: CourtEvent,
    now: datetime,
    *,
    previous: CourtEvent | None = None,
    days_before: int | None = None,
) -> CourtDateNotice:
    notice = CourtDateNotice(
        notice_id=notice_id_for(kind, event, days_before),
        kind=kind,
        case_no=case_no,
        event=event,
        previous=previous,
        days_before=days_before,
        created_at=now,
    )
    publish(notice)
    return notice
