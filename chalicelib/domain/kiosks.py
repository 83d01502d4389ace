"""Payment kiosks: machines at the State Courts (Levels 2, 4 and 7) that sign every request.

A kiosk holds a secret shared with ICMS and signs each request with HMAC-SHA256 over its method,
path, query, a timestamp, a single-use nonce and the hash of its body. No cookie, no session: a
stolen request cannot be replayed (nonce), delayed (timestamp) or altered (signature).
"""

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from pydantic import ConfigDict

from .base import Base
from .payments import KIOSK_METHODS, REFUSED_SCHEMES

SIGNATURE_VERSION = "ICMS-HMAC-SHA256"
CLOCK_SKEW = timedelta(minutes=5)
NONCE_LIFETIME = 2 * CLOCK_SKEW  # a nonce is remembered for as long as its timestamp could pass


# Kiosks take cash, NETS, NETS FlashPay and credit cards, except American Express.
KIOSK_PAYMENT_METHODS = KIOSK_METHODS
KIOSK_REFUSED_CARD_SCHEMES = tuple(sorted(s.value for s in REFUSED_SCHEMES))


class Kiosk(Base):
    model_config = ConfigDict(frozen=True)

    kiosk_id: str
    location: str
    active: bool = True


def canonical_request(method: str, path: str, query: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """What is signed, one item per line; the query string exactly as sent."""
    body_hash = hashlib.sha256(body).hexdigest()
    return "\n".join([SIGNATURE_VERSION, method.upper(), path, query, timestamp, nonce, body_hash]).encode()


def sign(secret: bytes, canonical: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(secret, canonical, hashlib.sha256).digest()).decode().rstrip("=")


def signature_matches(secret: bytes, canonical: bytes, presented: str) -> bool:
    return hmac.compare_digest(sign(secret, canonical).encode(), presented.encode())


def timestamp_fresh(timestamp: str, now: datetime) -> bool:
    try:
        sent = datetime.fromtimestamp(int(timestamp), tz=now.tzinfo)
    except (ValueError, OverflowError, OSError):
        return False
    return abs(now - sent) <= CLOCK_SKEW
