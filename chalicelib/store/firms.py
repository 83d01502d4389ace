"""Law firms: ``FIRM#<uen>`` holds the firm's ``PROFILE`` and one ``MEMBER#<member_id>`` per user."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from ..domain.errors import Conflict
from ..domain.firms import MANAGED_ROLES, Firm, FirmMember
from ..domain.principals import Role
from .keys import PROFILE_SK, firm_pk, member_sk
from .table import Entity
from .unit_of_work import UnitOfWork


class FirmItem(Entity, discriminator="firm"):
    uen = UnicodeAttribute()
    name = UnicodeAttribute()
    active = BooleanAttribute(default=True)


class FirmMemberItem(Entity, discriminator="firm_member"):
    member_id = UnicodeAttribute()
    firm_uen = UnicodeAttribute()
    nric = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)


def _member_item(member: FirmMember) -> FirmMemberItem:
    return FirmMemberItem(
        firm_pk(member.firm_uen),
        member_sk(member.member_id),
        member_id=member.member_id,
        firm_uen=member.firm_uen,
        nric=member.nric,
        name=member.name,
        role=member.role.value,
        email=member.email,
        active=member.active,
    )


def to_member(item: FirmMemberItem) -> FirmMember:
    return FirmMember(
        member_id=item.member_id,
        firm_uen=item.firm_uen,
        nric=item.nric,
        name=item.name,
        role=Role(item.role),
        email=item.email,
        active=item.active,
    )


def register_in(write: UnitOfWork, firm: Firm, administrator: FirmMember) -> None:
    """A firm and its first administrator, together or not at all."""
    write.put(
        FirmItem(firm_pk(firm.uen), PROFILE_SK, uen=firm.uen, name=firm.name, active=firm.active),
        FirmItem.pk.does_not_exist(),
        refused=Conflict(f"a law firm with UEN {firm.uen} is already registered", field="uen"),
    )
    write.put(_member_item(administrator), FirmMemberItem.pk.does_not_exist())


def add_member_in(write: UnitOfWork, member: FirmMember) -> None:
    """A new account in an active firm; one account per person per firm."""
    write.check(FirmItem, firm_pk(member.firm_uen), PROFILE_SK, FirmItem.active == True,  # noqa: E712 - a condition
                refused=Conflict(f"no active law firm with UEN {member.firm_uen} is registered", field="firm_uen"))
    write.put(_member_item(member), FirmMemberItem.pk.does_not_exist(),
              refused=Conflict("this person already has an account in the firm", field="nric"))


def get_firm(uen: str) -> Firm | None:
    try:
        item = FirmItem.get(firm_pk(uen), PROFILE_SK)
    except FirmItem.DoesNotExist:
        return None
    return Firm(uen=item.uen, name=item.name, active=item.active)


def get_member(uen: str, member_id: str, *, consistent: bool = False) -> FirmMember | None:
    try:
        return to_member(FirmMemberItem.get(firm_pk(uen), member_sk(member_id), consistent_read=consistent))
    except FirmMemberItem.DoesNotExist:
        return None


def get_firm_with_members(uen: str) -> tuple[Firm | None, list[FirmMember]]:
    """The firm's profile and all its members: one Query on ``pk = FIRM#<uen>``."""
    firm, members = None, []
    for item in Entity.query(firm_pk(uen)):
        if isinstance(item, FirmItem):
            firm = Firm(uen=item.uen, name=item.name, active=item.active)
        elif isinstance(item, FirmMemberItem):
            members.append(to_member(item))
    return firm, members


def deactivate_member_in(write: UnitOfWork, member: FirmMember) -> FirmMember:
    """Deactivate a counsel or paralegal account. The condition repeats the domain's checks at the
    moment of writing, so an account that changed since it was read is not deactivated blindly."""
    still_deactivatable = (
        FirmMemberItem.pk.exists()
        & (FirmMemberItem.active == True)  # noqa: E712 - a PynamoDB condition, not a comparison
        & FirmMemberItem.role.is_in(*sorted(role.value for role in MANAGED_ROLES))
    )
    write.update(
        FirmMemberItem(firm_pk(member.firm_uen), member_sk(member.member_id)),
        [FirmMemberItem.active.set(False)],
        still_deactivatable,
        refused=Conflict(f"{member.name}'s account changed while you were working; reload and try again"),
    )
    return member.model_copy(update={"active": False})


def reactivate_member_in(write: UnitOfWork, member: FirmMember) -> FirmMember:
    """Let a deactivated counsel or paralegal sign in again; the firm must still be active. The
    conditions repeat the domain's checks at the moment of writing."""
    still_deactivated = (
        FirmMemberItem.pk.exists()
        & (FirmMemberItem.active == False)  # noqa: E712 - a PynamoDB condition, not a comparison
        & FirmMemberItem.role.is_in(*sorted(role.value for role in MANAGED_ROLES))
    )
    write.check(FirmItem, firm_pk(member.firm_uen), PROFILE_SK, FirmItem.active == True,  # noqa: E712
                refused=Conflict("your firm's registration is not active; ask the State Courts registry"))
    write.update(
        FirmMemberItem(firm_pk(member.firm_uen), member_sk(member.member_id)),
        [FirmMemberItem.active.set(True)],
        still_deactivated,
        refused=Conflict(f"{member.name}'s account changed while you were working; reload and try again"),
    )
    return member.model_copy(update={"active": True})


def get_firm_and_member(uen: str, member_id: str) -> tuple[Firm | None, FirmMember | None]:
    """A firm and one of its members, read together (one BatchGetItem): the Corppass sign-in."""
    firm, member = None, None
    for item in Entity.batch_get([(firm_pk(uen), PROFILE_SK), (firm_pk(uen), member_sk(member_id))],
                                 consistent_read=True):
        if isinstance(item, FirmItem):
            firm = Firm(uen=item.uen, name=item.name, active=item.active)
        elif isinstance(item, FirmMemberItem):
            member = to_member(item)
    return firm, member
