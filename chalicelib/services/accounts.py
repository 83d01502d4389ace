"""Which stored account a principal depends on, and who that principal is now.

Law-firm users and registry officers hold accounts that can be deactivated (or, for firm users,
change role); accused persons are known by their NRIC alone and always remain who they are.
"""

from __future__ import annotations

from ..domain.principals import FIRM_ROLES, Principal, Role
from ..store import firms, staff
from ..store.case_items import firm_pk
from ..store.sessions import AccountKey, LiveSession


def account_key(principal: Principal) -> AccountKey | None:
    if principal.role in FIRM_ROLES:
        return AccountKey(firm_pk(principal.firm_uen), firms.member_sk(principal.subject_id))
    if principal.role is Role.REGISTRY:
        return AccountKey(staff.STAFF_PK, staff.staff_sk(principal.subject_id))
    return None


def current_principal(session: LiveSession) -> Principal | None:
    """The session's principal as the account stands now, or None if the account is gone."""
    principal = session.principal
    if principal.role is Role.ACCUSED:
        return principal
    account = session.account
    if principal.role in FIRM_ROLES and isinstance(account, firms.FirmMemberItem):
        member = firms.to_member(account)
        if member.active and member.role in FIRM_ROLES:
            return principal.model_copy(update={"role": member.role, "display_name": member.name})
    if principal.role is Role.REGISTRY and isinstance(account, staff.StaffItem):
        if account.active:
            return principal.model_copy(update={"display_name": account.name})
    return None
