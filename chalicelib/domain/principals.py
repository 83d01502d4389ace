"""Who is calling: the roles the portal knows and the principal every route receives."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict


class Role(str, Enum):
    ACCUSED = "accused"
    FIRM_ADMIN = "firm_admin"
    COUNSEL = "counsel"
    PARALEGAL = "paralegal"
    REGISTRY = "registry"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.ACCUSED: "Accused person",
    Role.FIRM_ADMIN: "Law firm administrator",
    Role.COUNSEL: "Counsel",
    Role.PARALEGAL: "Paralegal",
    Role.REGISTRY: "Registry officer",
}

FIRM_ROLES = frozenset({Role.FIRM_ADMIN, Role.COUNSEL, Role.PARALEGAL})
PARTY_ROLES = FIRM_ROLES | {Role.ACCUSED}


class Principal(BaseModel):
    """The authenticated caller. ``subject_id`` is the person key (accused) or firm-member key."""

    model_config = ConfigDict(frozen=True)

    role: Role
    subject_id: str
    display_name: str
    firm_uen: str | None = None
    firm_name: str | None = None

    @property
    def is_firm_user(self) -> bool:
        return self.role in FIRM_ROLES
