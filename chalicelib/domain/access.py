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


def accused_filing_refusal(principal: Principal, case: CaseFile) -> str | None:
    """Why an accused may not file for this case themself, or None if they may.

    An accused with a lawyer on record sees everything but files nothing: applications, court
    documents and requests to change a court date go through the lawyer.
    """
    representation = case.representation
    if principal.role is not Role.ACCUSED or representation is None:
        return None
    counsel = ", ".join(c.name for c in representation.counsel)
    return (
        f"{representation.firm_name} ({counsel}) is on record as your lawyer for {case.case_no}. "
        "Your lawyer files applications and documents and asks for changes of court date for you. "
        "Please contact them. If you have discharged them, tell the State Courts so that the "
        "record can be updated."
    )


def preparation_refusal(principal: Principal, case: CaseFile) -> str | None:
    """Why this caller may not prepare something to file for this case (a draft, an uploaded
    document), or None if they may. Paralegals prepare what counsel submit; an accused with a
    lawyer on record prepares nothing; the registry records filings but does not make them."""
    if principal.role in (Role.COUNSEL, Role.PARALEGAL):
        return None
    if principal.role is Role.ACCUSED:
        return accused_filing_refusal(principal, case)
    if principal.role is Role.FIRM_ADMIN:
        return ("A firm administrator manages the firm's accounts; counsel and paralegals prepare "
                "filings.")
    return "Registry officers record filings; parties and their counsel make them."
