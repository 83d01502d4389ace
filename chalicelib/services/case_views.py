"""What a signed-in party may see of cases."""

from __future__ import annotations

from datetime import datetime

from ..domain.access import accused_filing_refusal, can_view_case
from ..domain.cases import CaseFile, CaseSummary, DiaryEntry, RepresentedCase
from ..domain.errors import Forbidden, HiddenFromCaller, NotFound, RuleViolation
from ..domain.firms import submission_refusal
from ..domain.principals import FIRM_ROLES, Principal, Role
from ..store import cases, diary
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal


def case_for(principal: Principal, case_no: str) -> CaseFile:
    """The case if the caller may see it. Someone else's case is "not found", exactly like a
    case that does not exist, so that case numbers cannot be probed."""
    return visible_case(principal, case_no, cases.get_case(case_no.strip().upper()))


def visible_case(principal: Principal, case_no: str, case: CaseFile | None) -> CaseFile:
    """``case`` as read for ``case_no``, if the caller may see it; "not found" otherwise."""
    message = f"there is no case {case_no} that you can view"
    if case is None:
        raise NotFound(message)
    if not can_view_case(principal, case):
        raise HiddenFromCaller(message)
    return case


def cases_of_accused(principal: Principal, now: datetime) -> list[CaseSummary]:
    assert principal.role is Role.ACCUSED
    return cases.list_cases_for_person(principal.subject_id, now)


def cases_of_firm(principal: Principal, cursor: str | None = None) -> KeyPage[RepresentedCase]:
    """A page of the cases the caller's firm is on record for."""
    assert principal.role in FIRM_ROLES and principal.firm_uen
    try:
        return cases.page_of_firm_cases(principal.firm_uen, cursor)
    except InvalidCursor as error:
        raise cursor_refusal(error) from error


def diary_of_firm(principal: Principal, counsel_member_id: str | None, cursor: str | None) -> KeyPage[DiaryEntry]:
    """A page of the caller's firm's diary (all of it, or one counsel's cases): the firm is always
    the caller's own, so no one reads another firm's diary."""
    if principal.role not in FIRM_ROLES or not principal.firm_uen:
        raise Forbidden("the diary is for law firms' counsel, paralegals and administrators")
    try:
        return diary.diary_page(principal.firm_uen, counsel_member_id, cursor)
    except InvalidCursor as error:  # worded for the page, where people follow links, not cursors
        raise RuleViolation("this page link is not one ICMS made for this diary; start again from its first page",
                            field="cursor") from error


def filing_refusal(principal: Principal, case: CaseFile) -> str | None:
    """Why this caller may not file for this case, shown before they try; None if they may."""
    if principal.role in FIRM_ROLES:
        return submission_refusal(principal)
    if principal.role is Role.REGISTRY:
        return "Registry officers record filings; parties and their counsel make them."
    return accused_filing_refusal(principal, case)
