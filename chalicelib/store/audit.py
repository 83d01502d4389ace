"""The audit log: ``AUDIT#<Singapore date>`` / ``<UTC instant>#<random>``, one Query per day.

Entries are only ever put, never updated or deleted: each put is conditional on the key being
new, and the functions' IAM policy denies UpdateItem and DeleteItem on ``AUDIT#`` partitions.
"""

from __future__ import annotations

import secrets
from datetime import date

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.audit import AuditAction, AuditEntry
from ..domain.clock import singapore_date
from .table import Entity

PAGE_SIZE = 500


def day_pk(day: date) -> str:
    return f"AUDIT#{day.isoformat()}"


class AuditItem(Entity, discriminator="audit_entry"):
    at = UTCDateTimeAttribute()
    action = UnicodeAttribute()
    actor_role = UnicodeAttribute(null=True)
    actor_id = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(null=True)
    target = UnicodeAttribute(null=True)
    detail = UnicodeAttribute(null=True)


def append(entry: AuditEntry) -> None:
    AuditItem(
        day_pk(singapore_date(entry.at)),
        f"{entry.at.isoformat()}#{secrets.token_hex(4)}",
        at=entry.at,
        action=entry.action.value,
        actor_role=entry.actor_role,
        actor_id=entry.actor_id,
        actor_name=entry.actor_name,
        ip=entry.ip,
        target=entry.target,
        detail=entry.detail,
    ).save(condition=AuditItem.pk.does_not_exist())


def on_day(day: date) -> list[AuditEntry]:
    """The day's entries, newest first (at most ``PAGE_SIZE``)."""
    return [
        AuditEntry(at=i.at, action=AuditAction(i.action), actor_role=i.actor_role, actor_id=i.actor_id,
                   actor_name=i.actor_name, ip=i.ip, target=i.target, detail=i.detail)
        for i in AuditItem.query(day_pk(day), scan_index_forward=False, limit=PAGE_SIZE)
    ]
