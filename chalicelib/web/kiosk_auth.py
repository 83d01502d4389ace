"""Payment kiosks authenticate each request with an HMAC signature, never with a cookie.

Headers: ``X-ICMS-Kiosk`` (its id), ``X-ICMS-Timestamp`` (Unix seconds), ``X-ICMS-Nonce`` (fresh
random text), ``X-ICMS-Signature`` (see ``domain.kiosks.canonical_request``). Every refusal is in
the audit log: a wrong signature may be someone trying.
"""

from __future__ import annotations

from urllib.parse import urlencode

from chalice.app import Request

from ..domain.audit import AuditAction
from ..domain.clock import utc_now
from ..domain.errors import NotAuthenticated
from ..domain.kiosks import canonical_request, signature_matches, timestamp_fresh
from ..domain.principals import Principal, Role
from ..store import kiosks
from . import audit
from .session import CallerSession
from .urls import requested_path

KIOSK_HEADERS = ("x-icms-kiosk", "x-icms-timestamp", "x-icms-nonce", "x-icms-signature")


def query_string(request: Request) -> str:
    """The query as signed: parameters sorted by name, URL-encoded."""
    return urlencode(sorted((request.query_params or {}).items()))


def _refuse(request: Request, kiosk_id: str | None, reason: str) -> NotAuthenticated:
    audit.record(request, None, AuditAction.ACCESS_DENIED, target=f"kiosk {kiosk_id or '(none)'}", detail=reason)
    return NotAuthenticated(f"kiosk request refused: {reason}")


def kiosk_session(request: Request) -> CallerSession | None:
    headers = request.headers or {}
    kiosk_id, timestamp, nonce, signature = (headers.get(name) for name in KIOSK_HEADERS)
    if not (kiosk_id or timestamp or nonce or signature):
        return None  # not a kiosk at all: the route answers "sign in"
    if not (kiosk_id and timestamp and nonce and signature):
        raise _refuse(request, kiosk_id, "X-ICMS-Kiosk, X-ICMS-Timestamp, X-ICMS-Nonce and X-ICMS-Signature are all required")
    now = utc_now()
    if not timestamp_fresh(timestamp, now):
        raise _refuse(request, kiosk_id, "the timestamp is more than 5 minutes from the court's clock; set the kiosk's clock")
    found = kiosks.get_with_secret(kiosk_id)
    if found is None or not found[0].active:
        raise _refuse(request, kiosk_id, "this kiosk is not registered or has been deactivated")
    kiosk, secret = found
    canonical = canonical_request(request.method, requested_path(request), query_string(request), timestamp, nonce,
                                  request.raw_body or b"")
    if not signature_matches(secret.encode(), canonical, signature):
        raise _refuse(request, kiosk_id, "the signature does not match the request")
    if not kiosks.use_nonce(kiosk_id, nonce, now):
        raise _refuse(request, kiosk_id, "this nonce was already used (a replayed request)")
    # A kiosk is named by where it stands, e.g. "State Courts, Level 2".
    principal = Principal(role=Role.KIOSK, subject_id=kiosk.kiosk_id, display_name=kiosk.location)
    return CallerSession(principal, csrf_token="")
