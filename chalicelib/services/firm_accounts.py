"""Law-firm accounts: the registry registers a firm with its first administrator; the
administrator creates and deactivates the firm's counsel and paralegal accounts.

Everything an administrator does is scoped to the firm of their own session: no firm is ever
taken from the request, so an administrator cannot reach into another firm's accounts.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..domain.audit import Actor, AuditAction
from ..domain.errors import Forbidden, NotFound
from ..domain.firms import (Firm, FirmMember, NewFirm, NewMember, check_deactivation, check_reactivation,
                             member_not_found)
from ..domain.principals import Principal, Role
from ..store import firms
from ..store.unit_of_work import UnitOfWork
from .intake import person_id_for


def register_firm(actor: Actor, command: NewFirm, now: datetime) -> tuple[Firm, FirmMember]:
    """The firm and its administrator, written together with their audit entries; a UEN already
    registered is a 409 and writes nothing."""
    firm = command.to_firm()
    administrator = command.administrator.to_member(person_id_for(command.administrator.nric), firm.uen)
    write = UnitOfWork(actor, now)
    firms.register_in(write, firm, administrator)
    write.audit(AuditAction.FIRM_REGISTERED, target=firm.uen, detail=firm.name)
    _audit_created(write, administrator)
    write.commit()
    return firm, administrator


def _audit_created(write: UnitOfWork, member: FirmMember) -> None:
    write.audit(AuditAction.ACCOUNT_CREATED, target=member.member_id,
                detail=f"{member.role.label} account for {member.name}, firm {member.firm_uen}")


def firm_with_members(uen: str) -> tuple[Firm, list[FirmMember]]:
    firm, members = firms.get_firm_with_members(uen)
    if firm is None:
        raise NotFound(f"no law firm with UEN {uen} is registered", field="uen")
    return firm, _in_display_order(members)


def _in_display_order(members: list[FirmMember]) -> list[FirmMember]:
    # The administrator first, then active accounts before deactivated ones, each by name.
    return sorted(members, key=lambda m: (m.role is not Role.FIRM_ADMIN, not m.active, m.name.casefold()))


def _firm_of(administrator: Principal) -> str:
    # The routes admit administrators only; this keeps the service safe to call from anywhere else.
    if administrator.role is not Role.FIRM_ADMIN or not administrator.firm_uen:
        raise Forbidden("only a law firm's administrator manages its accounts")
    return administrator.firm_uen


def members_of_own_firm(administrator: Principal) -> tuple[Firm, list[FirmMember]]:
    return firm_with_members(_firm_of(administrator))


def create_member(actor: Actor, administrator: Principal, command: NewMember, now: datetime) -> FirmMember:
    """A counsel or paralegal account in the administrator's firm. The firm must still be active
    and the person must not already have an account in it (both checked in one transaction)."""
    uen = _firm_of(administrator)
    member = command.to_member(person_id_for(command.nric), uen)
    write = UnitOfWork(actor, now)
    firms.add_member_in(write, member)
    _audit_created(write, member)
    write.commit()
    return member


# Member ids are hex keyed hashes; anything else cannot name an account and is not looked up.
_MEMBER_ID_SHAPE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def deactivate_member(actor: Actor, administrator: Principal, member_id: str, now: datetime) -> FirmMember:
    uen = _firm_of(administrator)
    if not _MEMBER_ID_SHAPE.match(member_id):
        raise member_not_found(member_id)
    member = check_deactivation(administrator, member_id, firms.get_member(uen, member_id, consistent=True))
    write = UnitOfWork(actor, now)
    deactivated = firms.deactivate_member_in(write, member)
    write.audit(AuditAction.ACCOUNT_DEACTIVATED, target=member.member_id,
                detail=f"{member.role.label} account of {member.name}, firm {member.firm_uen}")
    write.commit()
    return deactivated


def reactivate_member(actor: Actor, administrator: Principal, member_id: str, now: datetime) -> FirmMember:
    """A deactivated counsel or paralegal account made active again, audited in the same transaction."""
    uen = _firm_of(administrator)
    if not _MEMBER_ID_SHAPE.match(member_id):
        raise member_not_found(member_id)
    member = check_reactivation(administrator, member_id, firms.get_member(uen, member_id, consistent=True))
    write = UnitOfWork(actor, now)
    reactivated = firms.reactivate_member_in(write, member)
    write.audit(AuditAction.ACCOUNT_REACTIVATED, target=member.member_id,
                detail=f"{member.role.label} account of {member.name}, firm {member.firm_uen}")
    write.commit()
    return reactivated
