"""Idempotency keys of the requests that create filings: ``IDEMKEY#<sha256(caller:key)>/REQUEST``.

Claimed by a conditional put inside the very transaction that creates the filing, so a request
and its key are stored together or not at all, and two requests racing with one key cannot both
create a filing. The record remembers which filing the key made and a digest of the request, so
a repeat with the same body gets the same filing back and a different body is refused. Records
expire after a day (the table's TTL); the filing itself keeps the key's digest for good.
"""

from datetime import datetime, timedelta

from pydantic import ConfigDict
from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..domain.base import Base
from ..domain.errors import Conflict
from .keys import IDEMPOTENCY_SK, idempotency_pk
from .table import Entity
from .unit_of_work import UnitOfWork

KEPT_FOR = timedelta(hours=24)


class KeyAlreadyUsed(Conflict):
    """The key was claimed by an earlier (or a concurrent) request; read the record to answer."""


class IdempotencyItem(Entity, discriminator="idempotency_key"):
    case_no = UnicodeAttribute()
    filing_id = UnicodeAttribute()
    fingerprint = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class KeyRecord(Base):
    model_config = ConfigDict(frozen=True)

    case_no: str
    filing_id: str
    fingerprint: str


def claim_in(write: UnitOfWork, caller_id: str, key: str, record: KeyRecord) -> None:
    write.put(
        IdempotencyItem(idempotency_pk(caller_id, key), IDEMPOTENCY_SK, case_no=record.case_no,
                        filing_id=record.filing_id, fingerprint=record.fingerprint, created_at=write.now,
                        expires_at=write.now + KEPT_FOR),
        # A record past its time that the TTL has not yet swept away no longer holds the key.
        IdempotencyItem.pk.does_not_exist() | (IdempotencyItem.expires_at < write.now),
        refused=KeyAlreadyUsed("This Idempotency-Key was already used.", field="Idempotency-Key"),
    )


def recorded(caller_id: str, key: str, now: datetime) -> KeyRecord | None:
    try:
        item = IdempotencyItem.get(idempotency_pk(caller_id, key), IDEMPOTENCY_SK, consistent_read=True)
    except IdempotencyItem.DoesNotExist:
        return None
    if item.expires_at is not None and item.expires_at <= now:
        return None  # expired, not yet swept by the TTL
    return KeyRecord(case_no=item.case_no, filing_id=item.filing_id, fingerprint=item.fingerprint)
