"""The audit trail: who did what, when, from where. Append-only; NRICs never appear in it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict


class AuditAction(str, Enum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCESS_DENIED = "access_denied"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    FIRM_REGISTERED = "firm_registered"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    action: AuditAction
    actor_role: str | None  # None: not signed in
    actor_id: str | None
    actor_name: str | None
    ip: str | None
    target: str | None = None  # a case number, a firm's UEN, an account id
    detail: str | None = None
