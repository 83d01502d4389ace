"""Accused persons and law-firm users: their case lists and case pages, as JSON and as HTML."""

from __future__ import annotations

from chalice import Blueprint

from ..domain.principals import PARTY_ROLES, Role
from ..services import case_views, filings
from .reschedule import date_changes_context
from .routing import Call, Page, api, page, redirect
from .schemas import CaseListOut, CaseOut, CaseSummaryOut, RepresentedCaseOut

party = Blueprint(__name__)


def _case_list(call: Call) -> list:
    if call.caller.role is Role.ACCUSED:
        return case_views.cases_of_accused(call.caller, call.now)
    return case_views.cases_of_firm(call.caller)


@api(party, "/api/cases", roles=PARTY_ROLES)
def list_cases_json(call: Call):
    rows = _case_list(call)
    if call.caller.role is Role.ACCUSED:
        return CaseListOut(cases=[CaseSummaryOut.of(r) for r in rows])
    return CaseListOut(cases=[RepresentedCaseOut.of(r) for r in rows])


# Registry officers open the same page and JSON as the parties see them.
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}


@api(party, "/api/cases/{case_no}", roles=CASE_READERS)
def case_json(call: Call, case_no: str):
    case = case_views.case_for(call.caller, case_no)
    return CaseOut.of(case, call.now, filing_refusal=case_views.filing_refusal(call.caller, case))


@page(party, "/", roles=None)
def home(call: Call):
    if call.principal is not None:
        return redirect("/registry" if call.principal.role is Role.REGISTRY else "/cases")
    return Page("pages/home.html")


@page(party, "/cases", roles=PARTY_ROLES)
def list_cases_page(call: Call):
    return Page("pages/cases.html", {"rows": _case_list(call), "now": call.now})


@page(party, "/cases/{case_no}", roles=CASE_READERS)
def case_page(call: Call, case_no: str):
    # The case and its filings come from the same one Query of the case's partition.
    case_filings = filings.read(call.caller, case_no)
    case = case_filings.case
    refusal = case_views.filing_refusal(call.caller, case)
    return Page("pages/case.html", {"case": case, "now": call.now, "filing_refusal": refusal,
                                    **filings.case_page_section(call.caller, case_filings),
                                    **date_changes_context(call, case)})
