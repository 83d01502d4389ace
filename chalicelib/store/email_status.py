"""Email addresses that must not be mailed: ``EMAIL#<digest of the address>`` / ``STATUS``.

SES reports a permanent bounce or a complaint through SNS and SQS (``infra/resources.yaml``); the
address is then marked here, delivery stops emailing it (reading the marks of a notice's addresses
in one BatchGetItem), and the registry sees it in a sparse index, newest first, until an officer
clears it (after the address was corrected, say).
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.errors import NotFound
from ..domain.feedback import UndeliverableAddress
from .keys import EMAIL_STATUS_SK, UNDELIVERABLE_PK, email_address_id, email_status_pk, undeliverable_sk
from .paging import KeyPage, query_page
from .table import Entity
from .unit_of_work import UnitOfWork

LIST_SIZE = 50
ADDRESS_CURSOR = frozenset({"pk", "sk", "gsi1sk"})


class EmailStatusItem(Entity, discriminator="email_status"):
    address = UnicodeAttribute()
    feedback = UnicodeAttribute()  # "bounce" or "complaint"
    reason = UnicodeAttribute()
    first_at = UTCDateTimeAttribute()
    last_at = UTCDateTimeAttribute()
    times = NumberAttribute(default=0)


def _to_address(item: EmailStatusItem) -> UndeliverableAddress:
    return UndeliverableAddress(address_id=email_address_id(item.address), address=item.address,
                                feedback=item.feedback, reason=item.reason, first_at=item.first_at,
                                last_at=item.last_at, times=int(item.times or 0))


def mark_in(write: UnitOfWork, address: str, feedback: str, reason: str, at: datetime) -> None:
    address_id = email_address_id(address)
    write.update(EmailStatusItem(email_status_pk(address_id), EMAIL_STATUS_SK), [
        EmailStatusItem.type.set(EmailStatusItem),
        EmailStatusItem.address.set(address.strip().lower()),
        EmailStatusItem.feedback.set(feedback),
        EmailStatusItem.reason.set(reason),
        EmailStatusItem.first_at.set(EmailStatusItem.first_at | at),
        EmailStatusItem.last_at.set(at),
        EmailStatusItem.times.add(1),
        EmailStatusItem.gsi1pk.set(UNDELIVERABLE_PK),
        EmailStatusItem.gsi1sk.set(undeliverable_sk(at, address_id)),
    ])


def blocked(addresses: list[str]) -> dict[str, UndeliverableAddress]:
    """Which of these addresses are marked, by address id: one BatchGetItem."""
    keys = {(email_status_pk(email_address_id(a)), EMAIL_STATUS_SK) for a in addresses if a}
    if not keys:
        return {}
    found = [_to_address(item) for item in EmailStatusItem.batch_get(list(keys), consistent_read=True)]
    return {status.address_id: status for status in found}


def undeliverable(cursor: str | None = None, size: int = LIST_SIZE) -> KeyPage[UndeliverableAddress]:
    """A page of the marked addresses, most recently reported first: one Query on gsi1 from the
    cursor on (``store/paging.py``; a cursor of another list raises ``InvalidCursor``)."""
    page = query_page(EmailStatusItem, UNDELIVERABLE_PK, hash_attribute="gsi1pk", index=EmailStatusItem.by_owner,
                      key_of=lambda item: {"pk": item.pk, "sk": item.sk, "gsi1sk": item.gsi1sk},
                      key_names=ADDRESS_CURSOR, cursor=cursor, size=size, newest_first=True)
    return page.map(_to_address)


def get(address_id: str) -> UndeliverableAddress | None:
    try:
        return _to_address(EmailStatusItem.get(email_status_pk(address_id), EMAIL_STATUS_SK, consistent_read=True))
    except EmailStatusItem.DoesNotExist:
        return None


def clear_in(write: UnitOfWork, address_id: str) -> None:
    write.delete(EmailStatusItem(email_status_pk(address_id), EMAIL_STATUS_SK), EmailStatusItem.pk.exists(),
                 refused=NotFound("that address is not marked undeliverable (any more)"))
