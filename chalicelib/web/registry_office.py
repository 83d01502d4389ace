"""The registry's back-office pages: its start page, finding a case, and the audit log."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ConfigDict, Field

from ..domain.base import Base
from ..domain.audit import AuditAction, AuditEntry
from ..domain.clock import day_after, day_before, singapore_date
from ..domain.intake import CaseNumber
from ..domain.principals import Role
from ..store import audit
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal
from .query_fields import DAY_OR_BLANK, Blank, BlankDay
from .routing import Call, Page, RouteGroup, api, page, redirect

registry_office = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}


class AuditQuery(Base):
    model_config = ConfigDict(extra="forbid")

    # Blank is today too: the page's date field sends ``day=`` when it is cleared.
    day: BlankDay = Field(None, description="Singapore calendar day; today when absent or blank",
                          json_schema_extra=DAY_OR_BLANK)
    cursor: Blank[str] = Field(None, max_length=2048,
                               description="from `older` or `newer` of a previous answer for the same day")


class AuditLogOut(Base):
    day: date
    entries: list[AuditEntry] = Field(description="newest first, at most one page")
    older: str | None = Field(description="cursor of the next page (older entries); null on the last page")
    newer: str | None = Field(description="cursor of the previous page (newer entries); null on the first page")


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


def _audit_page(call: Call) -> tuple[date, KeyPage[AuditEntry]]:
    query = call.query(AuditQuery)
    day = query.day or singapore_date(call.now)
    try:
        return day, audit.page_of_day(day, query.cursor)
    except InvalidCursor as error:
        raise cursor_refusal(error) from error


@page(registry_office, "/registry", roles=REGISTRY)
def registry_home(call: Call):
    return Page("pages/registry_home.html")


@page(registry_office, "/registry/find-case", roles=REGISTRY, query=FindCaseQuery)
def find_case(call: Call):
    query = call.query(FindCaseQuery)
    return redirect(f"/cases/{query.case_no}")


@page(registry_office, "/registry/audit", roles=REGISTRY, query=AuditQuery)
def audit_log_page(call: Call):
    day, entries = _audit_page(call)
    return Page("pages/registry_audit.html", {
        "day": day, "entries": [AuditLine.of(e) for e in entries.items], "previous_day": day_before(day),
        "next_day": day_after(day), "today": singapore_date(call.now), "older": entries.next_cursor,
        "newer": entries.previous_cursor,
    })


@api(registry_office, "/api/registry/audit", roles=REGISTRY, query=AuditQuery, returns=AuditLogOut)
def audit_log_json(call: Call):
    """A page of one day's audit log, newest first."""
    day, entries = _audit_page(call)
    return AuditLogOut(day=day, entries=entries.items, older=entries.next_cursor, newer=entries.previous_cursor)
