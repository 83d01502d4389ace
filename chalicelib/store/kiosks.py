"""Payment kiosks: ``KIOSKS`` / ``KIOSK#<kiosk_id>`` holds a kiosk and its signing secret (a handful
of machines: one partition, listed in one Query);
``KIOSKNONCE#<kiosk_id>#<nonce>`` / ``NONCE`` remembers a used nonce until it could no longer pass.

The secret is stored as DynamoDB stores everything, encrypted at rest; only the API function's
role can read the table.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError

from ..domain.errors import Conflict, NotFound
from ..domain.kiosks import NONCE_LIFETIME, Kiosk
from .keys import KIOSKS_PK, NONCE_SK, kiosk_nonce_pk, kiosk_sk
from .table import Entity


class KioskItem(Entity, discriminator="kiosk"):
    kiosk_id = UnicodeAttribute()
    location = UnicodeAttribute()
    secret = UnicodeAttribute()
    active = BooleanAttribute(default=True)


class KioskNonceItem(Entity, discriminator="kiosk_nonce"):
    pass


def register(kiosk: Kiosk, secret: str) -> None:
    try:
        KioskItem(KIOSKS_PK, kiosk_sk(kiosk.kiosk_id), kiosk_id=kiosk.kiosk_id, location=kiosk.location, secret=secret,
                  active=kiosk.active).save(condition=KioskItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise Conflict(f"kiosk {kiosk.kiosk_id} is already registered", field="kiosk_id") from error
        raise


def get_with_secret(kiosk_id: str) -> tuple[Kiosk, str] | None:
    try:
        item = KioskItem.get(KIOSKS_PK, kiosk_sk(kiosk_id), consistent_read=True)
    except KioskItem.DoesNotExist:
        return None
    return Kiosk(kiosk_id=item.kiosk_id, location=item.location, active=item.active), item.secret


def list_all() -> list[Kiosk]:
    return [Kiosk(kiosk_id=i.kiosk_id, location=i.location, active=i.active)
            for i in KioskItem.query(KIOSKS_PK, KioskItem.sk.startswith("KIOSK#"))]


def deactivate(kiosk_id: str) -> None:
    try:
        KioskItem(KIOSKS_PK, kiosk_sk(kiosk_id)).update(actions=[KioskItem.active.set(False)],
                                                    condition=KioskItem.pk.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise NotFound(f"no kiosk {kiosk_id} is registered") from error
        raise


def use_nonce(kiosk_id: str, nonce: str, now: datetime) -> bool:
    """Remember the nonce; False if this kiosk already used it (a replayed request)."""
    try:
        KioskNonceItem(kiosk_nonce_pk(kiosk_id, nonce), NONCE_SK, expires_at=now + NONCE_LIFETIME).save(
            condition=KioskNonceItem.pk.does_not_exist()
        )
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
