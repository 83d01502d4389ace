"""Singpass and Corppass sign-in: the doors, the callbacks, and the portal's public keys."""

from urllib.parse import urlsplit

from chalice import Response

from ..domain.base import Base
from ..auth.oidc import LoginFailed
from ..domain.audit import AuditAction
from ..services import sign_in
from ..services.sign_in import CORPPASS, SINGPASS, Purpose, SignInRefused
from ..settings import get_settings
from . import audit
from .errors import HTML_HEADERS
from .routing import Call, RouteGroup, api, page, redirect
from .session import read_cookie, session_cookie, start
from .urls import public_origin, safe_next
from ..render import render

login = RouteGroup(__name__)


def binding_cookie_name() -> str:
    return "__Host-icms_login" if get_settings().session_cookie_secure else "icms_login"


class Jwks(Base):
    keys: list[dict]


@api(login, "/.well-known/jwks.json", roles=None, returns=Jwks)
def public_keys(call: Call):
    """The portal's public signing and encryption keys, fetched by Singpass and Corppass."""
    return Jwks(**sign_in.relying_party_keys().public_jwks())


def _begin(call: Call, purpose: Purpose) -> Response:
    next_path = safe_next((call.request.query_params or {}).get("next"))
    if purpose is Purpose.REGISTRY and next_path == "/cases":
        next_path = "/registry"
    location, binding = sign_in.begin(purpose, next_path, call.now)
    max_age = get_settings().login_attempt_minutes * 60
    return redirect(location, cookie=session_cookie(binding, max_age, name=binding_cookie_name()))


@page(login, "/sign-in/singpass", roles=None)
def sign_in_with_singpass(call: Call):
    return _begin(call, Purpose.ACCUSED)


@page(login, "/sign-in/corppass", roles=None)
def sign_in_with_corppass(call: Call):
    return _begin(call, Purpose.FIRM)


@page(login, "/registry/sign-in", roles=None)
def registry_sign_in(call: Call):
    return _begin(call, Purpose.REGISTRY)


def _explained(request, refusal: LoginFailed | SignInRefused) -> str:
    """A sign-in begun at another address than the portal's own cannot carry its cookie back: say so."""
    host = (request.headers or {}).get("host", "")
    own = urlsplit(public_origin()).netloc
    if refusal.reason_code == "wrong_browser" and host and host.lower() != own.lower():
        return (f"ICMS was opened at {host[:100]}, but it signs people in only at {public_origin()}. "
                f"Go to {public_origin()}/sign-in and sign in again.")
    return refusal.message


def _callback(call: Call, provider_name: str) -> Response:
    request = call.request
    params = dict(request.query_params or {})
    try:
        principal, next_path = sign_in.complete(
            provider_name, params, read_cookie(request, binding_cookie_name()), call.now
        )
    except (LoginFailed, SignInRefused) as refusal:
        audit.record(request, None, AuditAction.LOGIN_FAILED, target=provider_name, detail=refusal.reason_code)
        status = 403 if isinstance(refusal, SignInRefused) else 400
        html = render("pages/sign_in_failed.html", message=_explained(request, refusal), principal=None,
                      csrf_token=None)
        return Response(body=html, status_code=status, headers={
            **HTML_HEADERS, "Set-Cookie": session_cookie("", 0, name=binding_cookie_name()),
        })
    audit.record(request, principal, AuditAction.LOGIN, target=provider_name)
    return Response(body="", status_code=303, headers={
        "Location": next_path,
        "Set-Cookie": [start(request, principal), session_cookie("", 0, name=binding_cookie_name())],
    })


@page(login, "/auth/singpass/callback", roles=None)
def singpass_callback(call: Call):
    return _callback(call, SINGPASS)


@page(login, "/auth/corppass/callback", roles=None)
def corppass_callback(call: Call):
    return _callback(call, CORPPASS)
