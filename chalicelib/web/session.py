"""The session cookie: which principal is calling. Every route goes through ``current_session``.

The cookie carries the session token and, for people whose accounts can be deactivated, a
reference to that account (its ids, never the store's key layout), so that the session and the
account are read in one round trip. The reference is not a secret: the session record says which
account it belongs to, and a cookie naming any other account is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from chalice.app import Request

from ..domain.clock import utc_now
from ..domain.principals import AccountRef, Principal
from ..services.accounts import current_principal
from ..settings import get_settings
from ..store import sessions


@dataclass(frozen=True)
class CallerSession:
    principal: Principal
    csrf_token: str
    # Notices in the caller's inbox not yet opened, read with the session; None without an inbox.
    unread: int | None = None


def cookie_name() -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
    return "__Host-icms_session" if get_settings().session_cookie_secure else "icms_session"


def _timeouts() -> tuple[timedelta, timedelta]:
    settings = get_settings()
    return timedelta(minutes=settings.session_idle_minutes), timedelta(hours=settings.session_absolute_hours)


def read_cookie(request: Request, name: str) -> str | None:
    header = (request.headers or {}).get("cookie")
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel and morsel.value else None


def encode_cookie_value(token: str, account: AccountRef | None) -> str:
    """``<whom>.<token>``: ``a.<person id>`` (an accused person), ``m.<uen>.<member id>`` or
    ``s.<staff id>``, then the session token."""
    if account is None:
        raise ValueError("a session cookie names whom the session belongs to")
    return f"{account.encode()}.{token}"


def decode_cookie_value(value: str) -> tuple[str, AccountRef] | None:
    *account_parts, token = value.split(".")
    if not token or not account_parts:
        return None
    account = AccountRef.decode(account_parts)
    return (token, account) if account else None


def current_session(request: Request) -> CallerSession | None:
    value = read_cookie(request, cookie_name())
    decoded = decode_cookie_value(value) if value else None
    if decoded is None:
        return None
    token, account = decoded
    idle, absolute = _timeouts()
    live = sessions.resume(token, account, utc_now(), idle, absolute)
    if live is None:
        return None
    principal = current_principal(live)
    if principal is None:
        sessions.end(token)  # the account was deactivated or removed: this session is over
        return None
    return CallerSession(principal, live.csrf_token, live.unread)


def start(request: Request, principal: Principal) -> str:
    """End any session the browser already had (no fixation), create a new one, and return the
    ``Set-Cookie`` value that carries it."""
    finish(request)
    account = AccountRef.of(principal)
    _, absolute = _timeouts()
    token = sessions.create(principal, account, utc_now(), absolute)
    return session_cookie(encode_cookie_value(token, account), max_age=int(absolute.total_seconds()))


def finish(request: Request) -> str:
    value = read_cookie(request, cookie_name())
    decoded = decode_cookie_value(value) if value else None
    if decoded is not None:
        sessions.end(decoded[0])
    return session_cookie("", max_age=0)


def session_cookie(value: str, max_age: int, name: str | None = None) -> str:
    attributes = [f"{name or cookie_name()}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if get_settings().session_cookie_secure:
        attributes.append("Secure")
    return "; ".join(attributes)
