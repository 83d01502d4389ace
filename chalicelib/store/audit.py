"""The audit log: ``AUDIT#<Singapore date>`` / ``<UTC instant>#<random>``, read a page at a time,
newest first, one Query per page (``store/paging.py``).

Entries are only ever put, never updated or deleted: each put is conditional on the key being
new, and the functions' IAM policy denies UpdateItem and DeleteItem on ``AUDIT#`` partitions.
"""

from __future__ import annotations

import secrets
from datetime import date

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.audit import AuditAction, AuditEntry
from ..domain.clock import singapore_date
from ..logs import redact
from .keys import audit_day_pk, audit_sk
from .paging import KeyPage, query_page
from .table import Entity

PAGE_SIZE = 100
CURSOR_KEY = frozenset({"sk"})


class AuditItem(Entity, discriminator="audit_entry"):
    at = UTCDateTimeAttribute()
    action = UnicodeAttribute()
    actor_role = UnicodeAttribute(null=True)
    actor_id = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(null=True)
    target = UnicodeAttribute(null=True)
    detail = UnicodeAttribute(null=True)


def audit_item(entry: AuditEntry, sequence: int = 0) -> AuditItem:
    """The item for one entry; put it only with ``NEW_ENTRY`` as its condition. ``sequence``
    keeps the entries of one change, which share their instant, in the order they were made."""
    return AuditItem(
        audit_day_pk(singapore_date(entry.at)),
        audit_sk(entry.at, f"{sequence:02d}{secrets.token_hex(4)}"),
        at=entry.at,
        action=entry.action.value,
        actor_role=entry.actor_role,
        actor_id=entry.actor_id,
        actor_name=entry.actor_name,
        ip=entry.ip,
        target=entry.target,
        detail=redact(entry.detail) if entry.detail else None,
    )


NEW_ENTRY = AuditItem.pk.does_not_exist()


def append(entry: AuditEntry) -> None:
    """An entry on its own, for what is not a change of stored data (sign-ins, refusals); changes
    carry theirs in their own transaction (``UnitOfWork.audit``)."""
    audit_item(entry).save(condition=NEW_ENTRY)


def _entry(item: AuditItem) -> AuditEntry:
    return AuditEntry(at=item.at, action=AuditAction(item.action), actor_role=item.actor_role, actor_id=item.actor_id,
                      actor_name=item.actor_name, ip=item.ip, target=item.target, detail=item.detail)


def page_of_day(day: date, cursor: str | None = None, size: int = PAGE_SIZE) -> KeyPage[AuditEntry]:
    """A page of the day's entries, newest first; ``next_cursor`` leads to older ones."""
    page = query_page(AuditItem, audit_day_pk(day), hash_attribute="pk", key_of=lambda item: {"sk": item.sk},
                      key_names=CURSOR_KEY, cursor=cursor, size=size, newest_first=True)
    return page.map(_entry)


def on_day(day: date) -> list[AuditEntry]:
    """Every entry of the day, newest first, page after page: for scripts and tests, not for requests."""
    entries: list[AuditEntry] = []
    cursor = None
    while True:
        page = page_of_day(day, cursor)
        entries += page.items
        if page.next_cursor is None:
            return entries
        cursor = page.next_cursor
