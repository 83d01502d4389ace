"""The maintenance notice: what pages show, and the registry's changes to it.

Every page shows the notice, so reading it must cost next to nothing: each Lambda container keeps
what it read for ``maintenance_notice_cache_seconds`` (30 by default), so a busy container makes
one GetItem in that time whatever its traffic, and an idle one none. A change shows at once in the
container that made it and within that time everywhere else. If the read fails, pages go on
without the notice rather than fail.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

from ..domain.audit import Actor, AuditAction
from ..domain.errors import Conflict
from ..domain.maintenance import MaintenanceNotice, MaintenanceWindow, plan_maintenance
from ..logs import logger
from ..settings import get_settings
from ..store import maintenance as store
from ..store.unit_of_work import UnitOfWork

_lock = threading.Lock()
_cached: tuple[float, MaintenanceNotice | None] | None = None  # (monotonic time read, notice)


def _remember(notice: MaintenanceNotice | None) -> None:
    global _cached
    with _lock:
        _cached = (time.monotonic(), notice)


def forget() -> None:
    """Drop this container's copy (tests, and after a change elsewhere is known)."""
    global _cached
    with _lock:
        _cached = None


def _latest() -> MaintenanceNotice | None:
    ttl = get_settings().maintenance_notice_cache_seconds
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < ttl:
        return cached[1]
    try:
        notice = store.get()
    except Exception:  # noqa: BLE001 - a page must not fail because its banner could not be read
        logger.warning("maintenance notice unreadable; pages go on without it", exc_info=True)
        notice = cached[1] if cached else None
    _remember(notice)
    return notice


def notice_for_pages(now: datetime) -> MaintenanceNotice | None:
    notice = _latest()
    return notice if notice is not None and notice.shows(now) else None


def current() -> MaintenanceNotice | None:
    """The stored notice as the registry edits it (read consistently, not from the cache)."""
    return store.get(consistent=True)


def _commit(actor: Actor, action: AuditAction, notice: MaintenanceNotice, now: datetime) -> None:
    write = UnitOfWork(actor, now)
    store.replace(write, notice)
    window = f"{notice.starts_at.isoformat()} to {notice.ends_at.isoformat()}"
    write.audit(action, target="maintenance notice", detail=f"{window}: {notice.message}")
    write.commit()
    _remember(notice)


def set_notice(actor: Actor, window: MaintenanceWindow, replaces_revision: int, now: datetime) -> MaintenanceNotice:
    notice = plan_maintenance(window, now, actor.display_name or "", replaces_revision)
    _commit(actor, AuditAction.MAINTENANCE_NOTICE_SET, notice, now)
    return notice


def remove_notice(actor: Actor, replaces_revision: int, now: datetime) -> MaintenanceNotice:
    """Take the notice down now: its window ends now, so no page shows it any longer."""
    stored = store.get(consistent=True)
    if stored is None or not stored.shows(now):
        raise Conflict("there is no maintenance notice showing to remove")
    ended = stored.model_copy(update={"ends_at": now, "set_by": actor.display_name or "", "set_at": now,
                                      "revision": replaces_revision + 1, "starts_at": min(stored.starts_at, now)})
    _commit(actor, AuditAction.MAINTENANCE_NOTICE_REMOVED, ended, now)
    return ended
