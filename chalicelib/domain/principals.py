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
    KIOSK = "kiosk"  # a payment kiosk at the State Courts: a machine, signing each request

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.ACCUSED: "Accused person",
    Role.FIRM_ADMIN: "Law firm administrator",
    Role.COUNSEL: "Counsel",
    Role.PARALEGAL: "Paralegal",
    Role.REGISTRY: "Registry officer",
    Role.KIOSK: "Payment kiosk",
}

FIRM_ROLES = frozenset({Role.FIRM_ADMIN, Role.COUNSEL, Role.PARALEGAL})
PARTY_ROLES = FIRM_ROLES | {Role.ACCUSED}
# People, who sign in and hold sessions; a kiosk instead signs every request it sends.
PEOPLE_ROLES = PARTY_ROLES | {Role.REGISTRY}


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
