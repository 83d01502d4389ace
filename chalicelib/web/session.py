"""The session cookie: which principal is calling. Every route goes through ``principal_for``."""

from __future__ import annotations

from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from chalice.app import Request

from ..domain.clock import utc_now
from ..domain.principals import Principal
from ..settings import get_settings
from ..store import sessions


def cookie_name() -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
    return "__Host-icms_session" if get_settings().session_cookie_secure else "icms_session"


def _timeouts() -> tuple[timedelta, timedelta]:
    settings = get_settings()
    return timedelta(minutes=settings.session_idle_minutes), timedelta(hours=settings.session_absolute_hours)


def session_token(request: Request) -> str | None:
    header = (request.headers or {}).get("cookie")
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(cookie_name())
    return morsel.value if morsel and morsel.value else None


def principal_for(request: Request) -> Principal | None:
    token = session_token(request)
    if token is None:
        return None
    idle, absolute = _timeouts()
    return sessions.resume(token, utc_now(), idle, absolute)


def start(request: Request, principal: Principal) -> str:
    """End any session the browser already had (no fixation), create a new one, and return the
    ``Set-Cookie`` value that carries it."""
    previous = session_token(request)
    if previous is not None:
        sessions.end(previous)
    _, absolute = _timeouts()
    token = sessions.create(principal, utc_now(), absolute)
    return _cookie(token, max_age=int(absolute.total_seconds()))


def finish(request: Request) -> str:
    token = session_token(request)
    if token is not None:
        sessions.end(token)
    return _cookie("", max_age=0)


def _cookie(value: str, max_age: int) -> str:
    attributes = [f"{cookie_name()}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if get_settings().session_cookie_secure:
        attributes.append("Secure")
    return "; ".join(attributes)
