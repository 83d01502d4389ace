"""Who acts, as services receive it, and the audit entries that are not part of a change.

Changes carry their audit entries in their own transaction (the service adds them to its unit of
work, from the ``Actor`` the web layer hands it). What is not a change of stored data (a sign-in,
a sign-out, a refused request) is recorded here, on its own."""

from __future__ import annotations

from chalice.app import Request

from ..domain.audit import Actor, AuditAction, AuditEntry
from ..domain.clock import utc_now
from ..domain.principals import Principal
from ..logs import logger
from ..store import audit as audit_log
from .urls import requested_path


def client_ip(request: Request) -> str | None:
    """The viewer's address. Behind CloudFront the API sees CloudFront's address, so the
    ``CloudFront-Viewer-Address`` header (``ip:port``) that CloudFront adds is preferred."""
    viewer = (request.headers or {}).get("cloudfront-viewer-address")
    if viewer:
        return viewer.rsplit(":", 1)[0]
    return ((request.context or {}).get("identity") or {}).get("sourceIp")


def actor(request: Request, principal: Principal | None) -> Actor:
    return Actor.of(principal, client_ip(request))


def record(request: Request, principal: Principal | None, action: AuditAction, *,
           target: str | None = None, detail: str | None = None) -> None:
    entry = AuditEntry.by(actor(request, principal), action, utc_now(), target=target, detail=detail)
    audit_log.append(entry)
    logger.info("audit", extra={"action": action.value, "actor_role": entry.actor_role, "target": target})


def record_denial(request: Request, principal: Principal | None, reason: str) -> None:
    target = f"{request.method} {requested_path(request)}"
    record(request, principal, AuditAction.ACCESS_DENIED, target=target, detail=reason)
