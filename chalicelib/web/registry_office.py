"""The registry's back-office pages: its start page, finding a case, and the audit log."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalice import Blueprint
from pydantic import ConfigDict, field_validator

from ..domain.base import Base
from ..domain.audit import AuditAction, AuditEntry
from ..domain.clock import singapore_date
from ..domain.intake import CaseNumber
from ..domain.principals import Role
from ..store import audit
from .routing import Call, Page, api, page, redirect

registry_office = Blueprint(__name__)
REGISTRY = {Role.REGISTRY}


class AuditDayQuery(Base):
    model_config = ConfigDict(extra="forbid")

    day: date | None = None

    @field_validator("day", mode="before")
    @classmethod
    def _blank_is_today(cls, value):
        return value or None


class AuditLogOut(Base):
    day: date
    entries: list[AuditEntry]


class FindCaseQuery(Base):
    model_config = ConfigDict(extra="forbid")

    case_no: CaseNumber


_PROVIDERS = {"singpass": "Singpass", "corppass": "Corppass"}
_ACCOUNT_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class AuditLine:
    """An audit entry worded for an officer reading it: no stored codes or 32-character keys."""

    at: datetime
    action: str
    who: str | None
    who_role: str | None
    on: str
    address: str
    detail: str

    @classmethod
    def of(cls, entry: AuditEntry) -> "AuditLine":
        role = next((r.label for r in Role if r.value == entry.actor_role), entry.actor_role)
        target = entry.target or ""
        if target in _PROVIDERS:
            target = _PROVIDERS[target]
        elif _ACCOUNT_ID.match(target):
            target = f"Account ref. {target[:8]}"  # the detail names the person; the key stays findable
        detail = entry.detail or ""
        if entry.action is AuditAction.LOGIN_FAILED and re.fullmatch(r"[a-z_]+", detail):
            detail = detail.replace("_", " ").capitalize()
        return cls(entry.at, entry.action.label, entry.actor_name, role, target, entry.ip or "", detail)


def _audit_day(call: Call) -> date:
    query = AuditDayQuery.model_validate(dict(call.request.query_params or {}))
    return query.day or singapore_date(call.now)


@page(registry_office, "/registry", roles=REGISTRY)
def registry_home(call: Call):
    return Page("pages/registry_home.html")


@page(registry_office, "/registry/find-case", roles=REGISTRY)
def find_case(call: Call):
    query = FindCaseQuery.model_validate(dict(call.request.query_params or {}))
    return redirect(f"/cases/{query.case_no}")


@page(registry_office, "/registry/audit", roles=REGISTRY)
def audit_log_page(call: Call):
    day = _audit_day(call)
    return Page("pages/registry_audit.html", {
        "day": day, "entries": [AuditLine.of(e) for e in audit.on_day(day)], "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1), "today": singapore_date(call.now),
    })


@api(registry_office, "/api/registry/audit", roles=REGISTRY)
def audit_log_json(call: Call):
    day = _audit_day(call)
    return AuditLogOut(day=day, entries=audit.on_day(day))
