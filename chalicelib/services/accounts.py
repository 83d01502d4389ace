"""Who a session's principal is now, as their stored account stands.

Law-firm users and registry officers hold accounts that can be deactivated (or, for firm users,
change role); accused persons are known by their NRIC alone and always remain who they are.
"""

from __future__ import annotations

from ..domain.firms import FirmMember
from ..domain.principals import FIRM_ROLES, Principal, Role
from ..domain.staff import StaffMember
from ..store.sessions import LiveSession


def current_principal(session: LiveSession) -> Principal | None:
    """The session's principal as the account stands now, or None if the account is gone."""
    principal = session.principal
    if principal.role is Role.ACCUSED:
        return principal
    account = session.account
    if principal.role in FIRM_ROLES and isinstance(account, FirmMember):
        if account.active and account.role in FIRM_ROLES:
            return principal.model_copy(update={"role": account.role, "display_name": account.name})
    if principal.role is Role.REGISTRY and isinstance(account, StaffMember):
        if account.active:
            return principal.model_copy(update={"display_name": account.name})
    return None
