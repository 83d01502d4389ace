"""A firm's case list pages by key: every case reachable, in case-number order, none twice."""

from __future__ import annotations

import json
import re
from html import unescape

from tests.fixtures.portal import firm_principal, session_headers


def _put_firm_on_record_for(law_firm, count: int) -> list[str]:
    """Representation records put straight in the table, as the intake's transaction writes them:
    the firm's list reads only those (a fixture shortcut past creating each case)."""
    from datetime import timedelta

    from chalicelib.domain.clock import utc_now
    from chalicelib.store.case_items import CounselMap, RepresentationItem
    from chalicelib.store.keys import case_pk, firm_pk, owned_case_sk, representation_sk

    numbers = [f"DAC-{900000 + n:06d}-2026" for n in range(count)]
    counsel = law_firm["members"]["counsel"]
    for n, case_no in enumerate(numbers):
        since = utc_now() - timedelta(days=n)
        RepresentationItem(case_pk(case_no), representation_sk(since, law_firm["uen"]), case_no=case_no,
                           court="state_courts", accused_name=f"Accused {n}", firm_uen=law_firm["uen"],
                           firm_name=law_firm["name"], counsel=[CounselMap(member_id=counsel.member_id,
                                                                           name=counsel.name)],
                           since=since, gsi1pk=firm_pk(law_firm["uen"]), gsi1sk=owned_case_sk(case_no)).save()
    return numbers


def test_a_firms_120_cases_page_through_the_api_and_back(portal, law_firm):
    numbers = _put_firm_on_record_for(law_firm, 120)
    headers = session_headers(firm_principal(law_firm, "counsel"))
    seen, pages, cursor = [], [], None
    while True:
        response = portal.http.get("/api/cases" + (f"?cursor={cursor}" if cursor else ""), headers=headers)
        assert response.status_code == 200, response.body
        body = json.loads(response.body)
        pages.append(body)
        seen += [c["case_no"] for c in body["cases"]]
        if body["next"] is None:
            break
        cursor = body["next"]
    assert seen == numbers and len(pages) == 3 and pages[0]["previous"] is None
    back = portal.http.get(f"/api/cases?cursor={pages[1]['previous']}", headers=headers)
    assert json.loads(back.body)["cases"] == pages[0]["cases"]


def test_the_firms_case_page_links_to_more_cases(portal, law_firm):
    _put_firm_on_record_for(law_firm, 60)
    headers = session_headers(firm_principal(law_firm, "counsel"))
    first = portal.http.get("/cases", headers=headers).body.decode()
    more = re.search(r'href="([^"]+)" rel="next">More cases', first)
    assert more and "DAC-900049-2026" in first and "DAC-900050-2026" not in first
    second = portal.http.get(unescape(more.group(1)), headers=headers).body.decode()
    assert "DAC-900050-2026" in second and "Previous cases" in second and 'rel="next"' not in second
