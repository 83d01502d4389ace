"""What kept notices from people, for the registry: ``DELIVERY#<Singapore date>`` / ``<instant>#<digest>``.

Problems known before sending (an address that bounced, a bailor with no address) are written in
the same transaction as the notice's inbox entries; a channel refusing a message (SES rejecting an
address, SNS a number) adds its own. The key is derived from the notice, the recipient and the
channel, so a notice delivered twice records each problem once.
"""

from __future__ import annotations

from datetime import date, datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.channels import Channel
from ..domain.clock import singapore_date
from ..domain.delivery import Problem, RecordedProblem
from ..domain.notices import NoticeBase, Relation
from .keys import delivery_problem_pk, delivery_problem_sk
from .paging import KeyPage, query_page
from .table import Entity

PAGE_SIZE = 50


class DeliveryProblemItem(Entity, discriminator="delivery_problem"):
    at = UTCDateTimeAttribute()
    notice_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    case_no = UnicodeAttribute()
    relation = UnicodeAttribute()
    recipient = UnicodeAttribute()
    channel = UnicodeAttribute(null=True)
    reason = UnicodeAttribute()


def items_for(notice: NoticeBase, problems: list[Problem], at: datetime) -> list[DeliveryProblemItem]:
    return [
        DeliveryProblemItem(
            delivery_problem_pk(singapore_date(at)),
            delivery_problem_sk(notice.created_at, notice.notice_id, p.relation.value, p.recipient,
                                p.channel.value if p.channel else "-"),
            at=at, notice_id=notice.notice_id, kind=notice.kind,  # type: ignore[attr-defined]
            case_no=notice.case_no, relation=p.relation.value, recipient=p.recipient,
            channel=p.channel.value if p.channel else None, reason=p.reason[:500],
        )
        for p in problems
    ]


def record(notice: NoticeBase, problems: list[Problem], at: datetime) -> None:
    with DeliveryProblemItem.batch_write() as batch:
        for item in items_for(notice, problems, at):
            batch.save(item)


PROBLEM_CURSOR = frozenset({"sk"})


def _problem(i: DeliveryProblemItem) -> RecordedProblem:
    return RecordedProblem(at=i.at, notice_id=i.notice_id, kind=i.kind, case_no=i.case_no,
                           relation=Relation(i.relation), recipient=i.recipient,
                           channel=Channel(i.channel) if i.channel else None, reason=i.reason)


def page_on(day: date, cursor: str | None = None, size: int = PAGE_SIZE) -> KeyPage[RecordedProblem]:
    """A page of the day's problems, newest first: one Query from the cursor on (``store/paging.py``;
    a cursor of another list raises ``InvalidCursor``)."""
    page = query_page(DeliveryProblemItem, delivery_problem_pk(day), hash_attribute="pk",
                      key_of=lambda item: {"sk": item.sk}, key_names=PROBLEM_CURSOR, cursor=cursor, size=size,
                      newest_first=True)
    return page.map(_problem)
