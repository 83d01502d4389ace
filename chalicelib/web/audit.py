"""Recording audit entries from requests: the caller, the action and the client's address."""

from __future__ import annotations

from chalice.app import Request

from ..domain.audit import AuditAction, AuditEntry
from ..domain.clock import utc_now
from ..domain.principals import Principal
from ..logs import logger
from ..logs import redact
from ..store import audit as audit_log
from .urls import requested_path


def client_ip(request: Request) -> str | None:
    """The viewer's address. Behind CloudFront the API sees CloudFront's address, so the
    ``CloudFront-Viewer-Address`` header (``ip:port``) that CloudFront adds is preferred."""
    viewer = (request.headers or {}).get("cloudfront-viewer-address")
    if viewer:
        return viewer.rsplit(":", 1)[0]
    return ((request.context or {}).get("identity") or {}).get("sourceIp")


def record(request: Request, principal: Principal | None, action: AuditAction, *,
           target: str | None = None, detail: str | None = None) -> None:
    entry = AuditEntry(
        at=utc_now(),
        action=action,
        actor_role=principal.role.value if principal else None,
        actor_id=principal.subject_id if principal else None,
        actor_name=principal.display_name if principal else None,
        ip=client_ip(request),
        target=target,
        detail=redact(detail) if detail else None,
    )
    audit_log.append(entry)
    logger.info("audit", extra={"action": action.value, "actor_role": entry.actor_role, "target": target})


def record_denial(request: Request, principal: Principal | None, reason: str) -> None:
    target = f"{request.method} {requested_path(request)}"
    record(request, principal, AuditAction.ACCESS_DENIED, target=target, detail=reason)
