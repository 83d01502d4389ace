"""The registry's back-office pages: its start page, finding a case, and the audit log."""

from __future__ import annotations

from datetime import date, timedelta

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, field_validator

from ..domain.audit import AuditEntry
from ..domain.clock import singapore_date
from ..domain.intake import CaseNumber
from ..domain.principals import Role
from ..store import audit
from .routing import Call, Page, api, page, redirect

registry_office = Blueprint(__name__)
REGISTRY = {Role.REGISTRY}


class AuditDayQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date | None = None

    @field_validator("day", mode="before")
    @classmethod
    def _blank_is_today(cls, value):
        return value or None


class AuditLogOut(BaseModel):
    day: date
    entries: list[AuditEntry]


class FindCaseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_no: CaseNumber


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
        "day": day, "entries": audit.on_day(day), "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1), "today": singapore_date(call.now),
    })


@api(registry_office, "/api/registry/audit", roles=REGISTRY)
def audit_log_json(call: Call):
    day = _audit_day(call)
    return AuditLogOut(day=day, entries=audit.on_day(day))
