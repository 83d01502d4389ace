"""Server-side sessions: ``SESSION#<sha256(token)>`` / ``SESSION``.

Only the hash of the cookie's token is stored, so a copy of the table cannot be replayed as a
cookie. DynamoDB's TTL deletes expired records eventually; reads check expiry themselves because
TTL deletion lags (and moto never performs it).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError, UpdateError

from ..domain.principals import Principal, Role
from .table import Entity

SESSION_SK = "SESSION"
# Refresh the idle clock at most this often: one write per minute of activity, not per request.
TOUCH_INTERVAL = timedelta(seconds=60)


def _pk(token: str) -> str:
    return "SESSION#" + hashlib.sha256(token.encode()).hexdigest()


class SessionItem(Entity, discriminator="session"):
    role = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    firm_uen = UnicodeAttribute(null=True)
    firm_name = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()


def create(principal: Principal, now: datetime, absolute: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    SessionItem(
        _pk(token),
        SESSION_SK,
        role=principal.role.value,
        subject_id=principal.subject_id,
        display_name=principal.display_name,
        firm_uen=principal.firm_uen,
        firm_name=principal.firm_name,
        created_at=now,
        last_seen_at=now,
        expires_at=now + absolute,
    ).save(condition=SessionItem.pk.does_not_exist())
    return token


def resume(token: str, now: datetime, idle: timedelta, absolute: timedelta) -> Principal | None:
    """The session's principal if it is still live; expired sessions are deleted on sight."""
    try:
        item = SessionItem.get(_pk(token), SESSION_SK, consistent_read=True)
    except SessionItem.DoesNotExist:
        return None
    if now >= item.created_at + absolute or now >= item.last_seen_at + idle:
        end(token)
        return None
    if now - item.last_seen_at >= TOUCH_INTERVAL:
        try:
            item.update(
                actions=[SessionItem.last_seen_at.set(now)],
                condition=SessionItem.pk.exists(),
            )
        except UpdateError:
            return None  # ended by a concurrent sign-out
    return Principal(
        role=Role(item.role),
        subject_id=item.subject_id,
        display_name=item.display_name,
        firm_uen=item.firm_uen,
        firm_name=item.firm_name,
    )


def end(token: str) -> None:
    try:
        SessionItem(_pk(token), SESSION_SK).delete()
    except DeleteError:
        pass
