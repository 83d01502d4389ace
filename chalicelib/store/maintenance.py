"""The maintenance notice: one item, read by key (``keys.MAINTENANCE_PK`` / ``MAINTENANCE_SK``).

A change is put in the caller's unit of work, so it commits with its audit entry: the notice is
put only if the stored revision is still the one the officer saw, so that two officers cannot
overwrite each other unseen.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.errors import Conflict
from ..domain.maintenance import MaintenanceNotice
from .keys import MAINTENANCE_PK, MAINTENANCE_SK
from .table import Entity
from .unit_of_work import UnitOfWork

CHANGED_MEANWHILE = Conflict("the maintenance notice was changed by someone else after you opened this page; "
                             "reload the page to see it and try again")


class MaintenanceNoticeItem(Entity, discriminator="maintenance_notice"):
    message = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    set_by = UnicodeAttribute()
    set_at = UTCDateTimeAttribute()
    revision = NumberAttribute()


def get(*, consistent: bool = False) -> MaintenanceNotice | None:
    """One GetItem. Pages read it through the per-container cache in ``services.maintenance``."""
    try:
        item = MaintenanceNoticeItem.get(MAINTENANCE_PK, MAINTENANCE_SK, consistent_read=consistent)
    except MaintenanceNoticeItem.DoesNotExist:
        return None
    return MaintenanceNotice(message=item.message, starts_at=item.starts_at, ends_at=item.ends_at,
                             set_by=item.set_by, set_at=item.set_at, revision=int(item.revision))


def replace(write: UnitOfWork, notice: MaintenanceNotice) -> None:
    """Store ``notice`` (revision n + 1) in place of revision n, as part of ``write``."""
    item = MaintenanceNoticeItem(MAINTENANCE_PK, MAINTENANCE_SK, message=notice.message,
                                 starts_at=notice.starts_at, ends_at=notice.ends_at, set_by=notice.set_by,
                                 set_at=notice.set_at, revision=notice.revision)
    replaced = notice.revision - 1
    guard = (MaintenanceNoticeItem.pk.does_not_exist() if replaced == 0
             else MaintenanceNoticeItem.revision == replaced)
    write.put(item, condition=guard, refused=CHANGED_MEANWHILE)
