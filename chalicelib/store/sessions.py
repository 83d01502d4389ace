"""Server-side sessions: ``SESSION#<sha256(token)>`` / ``SESSION``.

Only the hash of the cookie's token is stored, so a copy of the table cannot be replayed as a
cookie. DynamoDB's TTL deletes expired records eventually; reads check expiry themselves because
TTL deletion lags (and moto never performs it).

A session of a law-firm user or registry officer is bound to that person's account item. Each
request reads the session and the account together (one BatchGetItem), so deactivating an
account ends its sessions on their next request, and a role changed by the firm's administrator
applies at once. The same BatchGetItem brings the unread count of an accused person's or firm
user's inbox, which the header of every page shows.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError, UpdateError

from ..domain.firms import FirmMember
from ..domain.principals import AccountRef, InboxOwner, Principal, Role
from ..domain.staff import StaffMember
from .firms import FirmMemberItem, to_member
from .inbox import unread_in, unread_key
from .keys import SESSION_SK, account_keys, session_pk
from .staff import StaffItem, to_staff
from .table import Entity

# Refresh the idle clock at most this often: one write per minute of activity, not per request.
TOUCH_INTERVAL = timedelta(seconds=60)


class SessionItem(Entity, discriminator="session"):
    role = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    firm_uen = UnicodeAttribute(null=True)
    firm_name = UnicodeAttribute(null=True)
    account = UnicodeAttribute(null=True)  # AccountRef.encode() of the account it depends on
    csrf_token = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()

    def principal(self) -> Principal:
        return Principal(
            role=Role(self.role),
            subject_id=self.subject_id,
            display_name=self.display_name,
            firm_uen=self.firm_uen,
            firm_name=self.firm_name,
        )


@dataclass(frozen=True)
class LiveSession:
    principal: Principal
    csrf_token: str
    account: FirmMember | StaffMember | None  # the account as stored now; None for accused persons
    unread: int | None = None  # notices in the person's inbox not yet opened; None without an inbox


def create(principal: Principal, account: AccountRef | None, now: datetime, absolute: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    SessionItem(
        session_pk(token),
        SESSION_SK,
        role=principal.role.value,
        subject_id=principal.subject_id,
        display_name=principal.display_name,
        firm_uen=principal.firm_uen,
        firm_name=principal.firm_name,
        account=account.encode() if account else None,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + absolute,
    ).save(condition=SessionItem.pk.does_not_exist())
    return token


def resume(token: str, account: AccountRef, now: datetime, idle: timedelta, absolute: timedelta) -> LiveSession | None:
    """The live session for this token, read in one round trip with the account it claims to
    belong to and that person's unread count. Expired sessions, and sessions whose account does
    not match, end here."""
    inbox = InboxOwner.of_account(account)
    keys = [(session_pk(token), SESSION_SK)]
    keys += [k for k in (account_keys(account), unread_key(inbox) if inbox else None) if k is not None]
    items = list(Entity.batch_get(keys, consistent_read=True))
    session = next((i for i in items if isinstance(i, SessionItem)), None)
    if session is None:
        return None
    if session.account != account.encode():
        return None  # a cookie naming another account than the session's: not this session
    if now >= session.created_at + absolute or now >= session.last_seen_at + idle:
        end(token)
        return None
    if now - session.last_seen_at >= TOUCH_INTERVAL:
        try:
            session.update(actions=[SessionItem.last_seen_at.set(now)], condition=SessionItem.pk.exists())
        except UpdateError:
            return None  # ended by a concurrent sign-out
    unread = (unread_in(items) or 0) if inbox else None
    return LiveSession(session.principal(), session.csrf_token, _account_in(items), unread)


def _account_in(items: list[Entity]) -> FirmMember | StaffMember | None:
    for item in items:
        if isinstance(item, FirmMemberItem):
            return to_member(item)
        if isinstance(item, StaffItem):
            return to_staff(item)
    return None


def csrf_matches(expected: str, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(expected.encode(), submitted.encode())


def end(token: str) -> None:
    try:
        SessionItem(session_pk(token), SESSION_SK).delete()
    except DeleteError:
        pass
