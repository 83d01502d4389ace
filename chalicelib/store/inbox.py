"""In-portal notifications: ``INBOX#<owner>`` / ``NOTE#<created_at>#<notice_id>``, newest first."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError
from pydantic import BaseModel, ConfigDict

from ..domain.principals import InboxOwner
from .keys import INBOX_PREFIX, inbox_pk, inbox_sk
from .table import Entity

PAGE_SIZE = 50


class InboxEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    notice_id: str
    case_no: str
    title: str
    body: str
    created_at: datetime


class InboxItem(Entity, discriminator="inbox_entry"):
    notice_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


def add(owner: InboxOwner, entry: InboxEntry) -> bool:
    """Store the entry once; a redelivered notice finds it already there and adds nothing."""
    try:
        InboxItem(
            inbox_pk(owner),
            inbox_sk(entry.created_at, entry.notice_id),
            **entry.model_dump(),
        ).save(condition=InboxItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def latest(owner: InboxOwner) -> list[InboxEntry]:
    items = InboxItem.query(inbox_pk(owner), InboxItem.sk.startswith(INBOX_PREFIX), scan_index_forward=False, limit=PAGE_SIZE)
    return [
        InboxEntry(notice_id=i.notice_id, case_no=i.case_no, title=i.title, body=i.body, created_at=i.created_at)
        for i in items
    ]
