"""Who is calling: the roles the portal knows and the principal every route receives."""

import re
from enum import Enum
from typing import Literal

from pydantic import ConfigDict

from .base import Base


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


class Principal(Base):
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


_ID_PART = re.compile(r"[0-9A-Za-z_-]{1,64}")


class AccountRef(Base):
    """Whom a session belongs to, by ids alone: a firm member's or a registry officer's account
    (which can be deactivated, so every request reads it with the session), or an accused person
    (known by their NRIC alone; the reference lets the request read their unread count with the
    session). Encoded into the session cookie, so it names them by their ids, never by where the
    store keeps them; the session record must agree."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["person", "member", "staff"]
    account_id: str
    firm_uen: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> "AccountRef | None":
        if principal.role is Role.ACCUSED:
            return cls(kind="person", account_id=principal.subject_id)
        if principal.role in FIRM_ROLES:
            return cls(kind="member", account_id=principal.subject_id, firm_uen=principal.firm_uen)
        if principal.role is Role.REGISTRY:
            return cls(kind="staff", account_id=principal.subject_id)
        return None

    def encode(self) -> str:
        if self.kind == "member":
            return f"m.{self.firm_uen}.{self.account_id}"
        return f"{'a' if self.kind == 'person' else 's'}.{self.account_id}"

    @classmethod
    def decode(cls, parts: list[str]) -> "AccountRef | None":
        if not all(_ID_PART.fullmatch(part) for part in parts[1:]):
            return None
        if parts[0] == "m" and len(parts) == 3:
            return cls(kind="member", firm_uen=parts[1], account_id=parts[2])
        if parts[0] == "s" and len(parts) == 2:
            return cls(kind="staff", account_id=parts[1])
        if parts[0] == "a" and len(parts) == 2:
            return cls(kind="person", account_id=parts[1])
        return None


class InboxOwner(Base):
    """Whose portal inbox a notice goes to: an accused person's, or a law-firm member's."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["person", "member"]
    owner_id: str
    firm_uen: str | None = None

    @classmethod
    def person(cls, person_id: str) -> "InboxOwner":
        return cls(kind="person", owner_id=person_id)

    @classmethod
    def member(cls, firm_uen: str, member_id: str) -> "InboxOwner":
        return cls(kind="member", owner_id=member_id, firm_uen=firm_uen)

    @classmethod
    def of(cls, principal: Principal) -> "InboxOwner | None":
        if principal.role is Role.ACCUSED:
            return cls.person(principal.subject_id)
        if principal.role in FIRM_ROLES and principal.firm_uen:
            return cls.member(principal.firm_uen, principal.subject_id)
        return None

    @classmethod
    def of_account(cls, account: AccountRef) -> "InboxOwner | None":
        """The inbox of the person a session cookie names (registry officers have none)."""
        if account.kind == "person":
            return cls.person(account.account_id)
        if account.kind == "member" and account.firm_uen:
            return cls.member(account.firm_uen, account.account_id)
        return None
