"""Who may see a case. A case the caller may not see is reported as not found, never forbidden,
so that its existence does not leak."""

from __future__ import annotations

from .cases import CaseFile
from .principals import FIRM_ROLES, Principal, Role


def can_view_case(principal: Principal, case: CaseFile) -> bool:
    if principal.role is Role.REGISTRY:
        return True
    if principal.role is Role.ACCUSED:
        return case.accused.person_id == principal.subject_id
    if principal.role in FIRM_ROLES:
        representation = case.representation
        return representation is not None and representation.firm_uen == principal.firm_uen
    return False
