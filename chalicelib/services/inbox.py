"""A signed-in person's inbox: pages of it, and opening one notice (which marks it read)."""

from __future__ import annotations

from datetime import datetime

from ..domain.errors import Forbidden, NotFound
from ..domain.inbox import ENTRY_ID_PATTERN, InboxEntry, InboxPage
from ..domain.principals import InboxOwner, Principal
from ..store import inbox


def owner_of(principal: Principal) -> InboxOwner:
    owner = InboxOwner.of(principal)
    if owner is None:
        raise Forbidden("only accused persons and law-firm users have an inbox")
    return owner


def page(principal: Principal, after: str | None, before: str | None = None) -> InboxPage:
    return inbox.page(owner_of(principal), after, before=before)


def open_entry(principal: Principal, entry_id: str, now: datetime) -> tuple[InboxEntry, bool]:
    """The notice, marked read; and whether opening it now is what marked it."""
    owner = owner_of(principal)
    opened = inbox.open_entry(owner, entry_id, now) if ENTRY_ID_PATTERN.fullmatch(entry_id) else None
    if opened is None:
        raise NotFound("there is no such notice in your inbox")
    return opened
