"""Bounces and complaints: the addresses SES says not to mail again, marked so that delivery skips
them and the registry sees them; an officer clears a mark once the address is put right."""

from __future__ import annotations

from datetime import datetime

from ..domain.audit import Actor, AuditAction
from ..domain.errors import NotFound
from ..domain.feedback import Undeliverable, UndeliverableAddress
from ..store import email_status
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal
from ..store.unit_of_work import UnitOfWork

FEEDBACK_ACTOR = Actor.system("email_feedback")
# Each address is an update and an audit entry: 40 stay well inside one transaction's 100 items.
ADDRESSES_PER_CHANGE = 40


def record(feedback: Undeliverable, now: datetime) -> int:
    addresses = list(feedback.addresses)
    for start in range(0, len(addresses), ADDRESSES_PER_CHANGE):
        write = UnitOfWork(FEEDBACK_ACTOR, now)
        for address, reason in addresses[start:start + ADDRESSES_PER_CHANGE]:
            email_status.mark_in(write, address, feedback.feedback, reason, feedback.at)
            write.audit(AuditAction.EMAIL_MARKED_UNDELIVERABLE, target=address, detail=reason)
        write.commit()
    return len(addresses)


def undeliverable(cursor: str | None = None) -> KeyPage[UndeliverableAddress]:
    """A page of the addresses not mailed any more, most recently reported first."""
    try:
        return email_status.undeliverable(cursor)
    except InvalidCursor as error:
        raise cursor_refusal(error, "addresses_cursor") from error


def clear(actor: Actor, address_id: str, now: datetime) -> UndeliverableAddress:
    status = email_status.get(address_id)
    if status is None:
        raise NotFound("that address is not marked undeliverable (any more)")
    write = UnitOfWork(actor, now)
    email_status.clear_in(write, address_id)
    write.audit(AuditAction.EMAIL_MARK_CLEARED, target=status.address, detail=f"was: {status.reason}")
    write.commit()
    return status
