"""Accused persons and law-firm users: their case lists and case pages, as JSON and as HTML."""

from pydantic import ConfigDict, Field

from ..domain.base import Base
from ..domain.principals import FIRM_ROLES, PARTY_ROLES, Role
from ..services import case_views, filings
from ..store.paging import KeyPage
from .query_fields import Blank
from .reschedule import date_changes_context
from .routing import Call, Page, RouteGroup, api, page, redirect
from .schemas import CaseListOut, CaseOut, CaseSummaryOut, DiaryEntryOut, DiaryOut, RepresentedCaseOut

party = RouteGroup(__name__)


class CaseListQuery(Base):
    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(None, max_length=2048,
                               description="from `next` or `previous` of a previous answer (a firm's list)")


def _case_list(call: Call) -> KeyPage:
    """An accused person's few cases in one answer, soonest court date first; a firm's cases a page
    at a time, by case number."""
    cursor = call.query(CaseListQuery).cursor
    if call.caller.role is Role.ACCUSED:
        return KeyPage(case_views.cases_of_accused(call.caller, call.now), None, None)
    return case_views.cases_of_firm(call.caller, cursor or None)


@api(party, "/api/cases", roles=PARTY_ROLES, query=CaseListQuery, returns=CaseListOut)
def list_cases_json(call: Call):
    """The caller's cases: an accused person's own, or those their firm is on record for."""
    rows = _case_list(call)
    convert = CaseSummaryOut.of if call.caller.role is Role.ACCUSED else RepresentedCaseOut.of
    return CaseListOut(cases=[convert(r) for r in rows.items], next=rows.next_cursor, previous=rows.previous_cursor)


# Registry officers open the same page and JSON as the parties see them.
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}


@api(party, "/api/cases/{case_no}", roles=CASE_READERS, returns=CaseOut)
def case_json(call: Call, case_no: str):
    case = case_views.case_for(call.caller, case_no)
    return CaseOut.of(case, call.now, filing_refusal=case_views.filing_refusal(call.caller, case))


@page(party, "/", roles=None)
def home(call: Call):
    if call.principal is not None:
        return redirect("/registry" if call.principal.role is Role.REGISTRY else "/cases")
    return Page("pages/home.html")


@page(party, "/cases", roles=PARTY_ROLES, query=CaseListQuery)
def list_cases_page(call: Call):
    rows = _case_list(call)
    return Page("pages/cases.html", {"rows": rows.items, "now": call.now, "next": rows.next_cursor,
                                     "previous": rows.previous_cursor})


@page(party, "/cases/{case_no}", roles=CASE_READERS)
def case_page(call: Call, case_no: str):
    # The case and its filings come from the same one Query of the case's partition.
    case_filings = filings.read(call.caller, case_no)
    case = case_filings.case
    refusal = case_views.filing_refusal(call.caller, case)
    return Page("pages/case.html", {"case": case, "now": call.now, "filing_refusal": refusal,
                                    **filings.case_page_section(call.caller, case_filings),
                                    **date_changes_context(call, case)})


class DiaryQuery(Base):
    """The diary's filter and page: a counsel of the caller's firm (by account id), and where to go on from."""

    model_config = ConfigDict(extra="forbid")

    counsel: Blank[str] = Field(None, pattern="^[0-9A-Za-z_-]{1,64}$", description="one counsel's cases only")
    cursor: Blank[str] = Field(None, max_length=2048, description="from the page's next or previous link")


@api(party, "/api/diary", roles=FIRM_ROLES, query=DiaryQuery, returns=DiaryOut)
def diary_json(call: Call):
    """The firm's diary: every case it is on record for with its next court date, soonest first, a
    page at a time; one counsel's cases with ``?counsel=<id>``."""
    query = call.query(DiaryQuery)
    found = case_views.diary_of_firm(call.caller, query.counsel, query.cursor)
    return DiaryOut(entries=[DiaryEntryOut.of(e, call.now) for e in found.items], next=found.next_cursor,
                    previous=found.previous_cursor)


@page(party, "/diary", roles=FIRM_ROLES, query=DiaryQuery)
def diary_page(call: Call):
    """The firm's diary: every case it is on record for with the next court date, soonest first,
    a page at a time; one counsel's cases with ``?counsel=<id>``."""
    query = call.query(DiaryQuery)
    found = case_views.diary_of_firm(call.caller, query.counsel, query.cursor)
    counsel_name = next((c.name for e in found.items for c in e.counsel if c.member_id == query.counsel), None)
    return Page("pages/diary.html", {"entries": found.items, "next_cursor": found.next_cursor,
                                     "previous_cursor": found.previous_cursor, "now": call.now,
                                     "counsel": query.counsel, "counsel_name": counsel_name,
                                     "first_page": not query.cursor})
