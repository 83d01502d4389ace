"""The registry's hearing list: the cases each court hears on a day, grouped by court and
courtroom in time order, one Query a page; dates moved or vacated follow at once."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from tests.fixtures.court_dates import COURT_4A, COURT_26, NIGHT_COURT, at, working_day
from tests.fixtures.portal import create_case, json_headers, new_case_payload, session_headers

DAY_AHEAD = 14


def _nric(case_no: str) -> str:
    """A valid NRIC of the case's own accused, from the digits of its number."""
    from chalicelib.domain.identity import nric_check_letter

    digits = "1" + case_no.split("-")[1]
    return f"S{digits}{nric_check_letter('S', digits)}"


def _case(portal, officer, case_no: str, events: list[dict], *, court: str = "state_courts",
          name: str | None = None) -> dict:
    payload = new_case_payload(case_no, _nric(case_no), court=court, events=events)
    payload["accused"]["name"] = name or f"Accused of {case_no}"
    if court == "night_courts":
        payload["charges"][0].update(statute="Road Traffic Act 1961", section="63(4)", offence="Speeding")
    return create_case(portal, officer, payload)


def _mention(day, hour: int, minute: int, venue: dict, kind: str = "mention") -> dict:
    return {"type": kind, "starts_at": at(day, hour, minute), "venue": venue}


def _list(portal, officer, query: str) -> tuple[int, dict]:
    response = portal.http.get(f"/api/registry/hearing-list?{query}", headers=json_headers(officer))
    return response.status_code, json.loads(response.body)


def _page(portal, officer, query: str) -> tuple[int, str]:
    response = portal.http.get(f"/registry/hearing-list?{query}", headers=session_headers(officer))
    return response.status_code, response.body.decode()


def _follow(portal, officer, html: str, rel: str) -> str:
    """The page a ``rel`` link of ``html`` leads to."""
    href = unescape(re.search(rf'href="([^"]+)" rel="{rel}"', html).group(1))
    response = portal.http.get(href, headers=session_headers(officer))
    assert response.status_code == 200, response.body
    return response.body.decode()


def _cases_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Case"><a href="/registry/cases/([A-Z0-9-]+)">', html)


@pytest.fixture
def two_courts(portal, registry_officer):
    """On one working day: three State Courts cases in two courtrooms and a Night Courts case."""
    day = working_day(DAY_AHEAD)
    _case(portal, registry_officer, "DAC-900001-2026", [_mention(day, 10, 0, COURT_4A)], name="Tan Ah Kow")
    _case(portal, registry_officer, "DAC-900002-2026", [_mention(day, 9, 30, COURT_26, "pre_trial_conference")])
    _case(portal, registry_officer, "MAC-900003-2026", [_mention(day, 9, 0, COURT_4A)])
    _case(portal, registry_officer, "SC-000004-2026", [_mention(day, 19, 0, NIGHT_COURT, "night_court_hearing")],
          court="night_courts")
    return day


def test_a_days_hearings_are_listed_by_court_then_time_and_grouped_by_courtroom(portal, registry_officer,
                                                                                 two_courts):
    status, body = _list(portal, registry_officer, f"day={two_courts}")
    assert status == 200, body
    assert body["day"] == two_courts.isoformat() and body["court"] is None
    assert [(h["case_no"], h["time"]) for h in body["hearings"]] == [
        ("SC-000004-2026", "7.00pm"), ("MAC-900003-2026", "9.00am"), ("DAC-900002-2026", "9.30am"),
        ("DAC-900001-2026", "10.00am")]
    first_state = body["hearings"][3]
    assert first_state["accused_name"] == "Tan Ah Kow" and first_state["type_label"] == "Mention"
    assert first_state["venue"] == "State Courts Towers, Court 4A" and first_state["court_label"] == "State Courts"
    assert first_state["counsel_on_record"] is False and first_state["firm_name"] is None
    assert body["next"] is None and body["previous"] is None

    status, html = _page(portal, registry_officer, f"day={two_courts}")
    assert status == 200
    # Each court, then each courtroom (the one sitting first first), its cases in time order.
    assert _cases_in(html) == ["SC-000004-2026", "MAC-900003-2026", "DAC-900001-2026", "DAC-900002-2026"]
    headings = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", html)
    start = headings.index("Night Courts (State Courts)")
    assert headings[start:start + 5] == [
        "Night Courts (State Courts)", "Night Court 2, State Courts Towers",
        "State Courts", "Court 4A, State Courts Towers", "Court 26, State Courts Towers"]
    assert "Pre-trial conference (PTC)" in html and "Tan Ah Kow" in html and "9.00am" in html
    assert '<th scope="col">Time</th>' in html and "2 cases in Court 4A on" in html
    assert "Printed from ICMS on" in html  # the print stylesheet shows it on paper


def test_the_court_filter_lists_one_courts_hearings_and_an_empty_one_says_so(portal, registry_officer, two_courts):
    status, body = _list(portal, registry_officer, f"day={two_courts}&court=night_courts")
    assert status == 200 and [h["case_no"] for h in body["hearings"]] == ["SC-000004-2026"]
    assert body["court"] == "night_courts"
    status, body = _list(portal, registry_officer, f"day={two_courts}&court=state_courts")
    assert [h["case_no"] for h in body["hearings"]] == ["MAC-900003-2026", "DAC-900002-2026", "DAC-900001-2026"]

    status, html = _page(portal, registry_officer, f"day={two_courts}&court=youth_courts")
    assert status == 200 and _cases_in(html) == []
    assert "No hearings are listed for" in html and "in the Youth Courts" in html
    assert f'href="/registry/sittings?court=youth_courts&amp;from={two_courts}"' in html


def test_a_moved_date_leaves_its_old_day_and_joins_its_new_one_and_a_vacated_one_is_gone(portal, registry_officer,
                                                                                        two_courts):
    moved_to = working_day(DAY_AHEAD + 7)
    events = {h["case_no"]: h["event_id"] for h in _list(portal, registry_officer, f"day={two_courts}")[1]["hearings"]}
    moved = portal.http.patch(f"/api/registry/cases/DAC-900001-2026/events/{events['DAC-900001-2026']}",
                              headers=json_headers(registry_officer),
                              body=json.dumps({"starts_at": at(moved_to, 11, 15)}))
    assert moved.status_code == 200, moved.body
    vacated = portal.http.patch(f"/api/registry/cases/DAC-900002-2026/events/{events['DAC-900002-2026']}",
                                headers=json_headers(registry_officer), body=json.dumps({"status": "vacated"}))
    assert vacated.status_code == 200, vacated.body

    old_day = [h["case_no"] for h in _list(portal, registry_officer, f"day={two_courts}")[1]["hearings"]]
    assert old_day == ["SC-000004-2026", "MAC-900003-2026"]
    new_day = _list(portal, registry_officer, f"day={moved_to}")[1]["hearings"]
    assert [(h["case_no"], h["time"]) for h in new_day] == [("DAC-900001-2026", "11.15am")]


def test_counsel_on_record_follows_the_firm_going_on_and_off_record(portal, registry_officer, law_firm, two_courts):
    on = portal.http.put("/api/registry/cases/DAC-900001-2026/representation", headers=json_headers(registry_officer),
                         body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    assert on.status_code == 201, on.body
    row = _list(portal, registry_officer, f"day={two_courts}&court=state_courts")[1]["hearings"][2]
    assert (row["case_no"], row["counsel_on_record"], row["firm_name"]) == ("DAC-900001-2026", True, "Tan & Lim LLP")
    assert "Tan &amp; Lim LLP" in _page(portal, registry_officer, f"day={two_courts}")[1]

    off = portal.http.delete("/api/registry/cases/DAC-900001-2026/representation",
                             headers=json_headers(registry_officer))
    assert off.status_code == 200, off.body
    row = _list(portal, registry_officer, f"day={two_courts}&court=state_courts")[1]["hearings"][2]
    assert (row["counsel_on_record"], row["firm_name"]) == (False, None)


def _busy_day(portal, officer, cases: int, per_case: int = 10):
    """``cases`` State Courts cases with ``per_case`` hearings each, a minute apart, on one day."""
    day = working_day(DAY_AHEAD)
    for n in range(cases):
        _case(portal, officer, f"DAC-91{n:04d}-2026",
              [_mention(day, 9 + (n * per_case + k) // 60, (n * per_case + k) % 60, COURT_4A)
               for k in range(per_case)])
    return day


def _walk(portal, officer, query: str, key: str) -> list[dict]:
    pages, cursor = [], None
    while True:
        status, body = _list(portal, officer, query + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, body
        pages.append(body)
        cursor = body[key]
        if cursor is None:
            return pages


def test_more_than_a_page_of_hearings_pages_forward_and_back_by_key(portal, registry_officer):
    day = _busy_day(portal, registry_officer, 11)  # 110 hearings: a page of 100 and one of 10
    pages = _walk(portal, registry_officer, f"day={day}", "next")
    assert [len(p["hearings"]) for p in pages] == [100, 10]
    seen = [h["event_id"] for p in pages for h in p["hearings"]]
    assert len(set(seen)) == 110
    starts = [h["starts_at"] for p in pages for h in p["hearings"]]
    assert starts == sorted(starts)
    assert pages[0]["previous"] is None
    _, back = _list(portal, registry_officer, f"day={day}&cursor={pages[1]['previous']}")
    assert back["hearings"] == pages[0]["hearings"] and back["previous"] is None and back["next"] is not None


def test_the_page_links_to_the_next_previous_and_first_pages(portal, registry_officer, monkeypatch):
    from chalicelib.services import hearing_list

    monkeypatch.setattr(hearing_list, "PAGE_SIZE", 4)
    day = _busy_day(portal, registry_officer, 1)  # 10 hearings: pages of 4, 4 and 2
    status, first = _page(portal, registry_officer, f"day={day}&court=state_courts")
    assert status == 200 and len(_cases_in(first)) == 4
    assert 'rel="prev"' not in first and "First page" not in first
    assert "court=state_courts" in re.search(r'href="([^"]+)" rel="next"', first).group(1)
    last = _follow(portal, registry_officer, _follow(portal, registry_officer, first, "next"), "next")
    assert len(_cases_in(last)) == 2 and 'rel="next"' not in last
    assert 'rel="prev"' in last and "First page" in last
    middle = _follow(portal, registry_officer, last, "prev")
    assert len(_cases_in(middle)) == 4 and 'rel="next"' in middle
    times = [re.findall(r'<time datetime="([^"]+)">', html) for html in (first, middle, last)]
    shown = [t for page in times for t in page]
    assert len(set(shown)) == 10 and shown == sorted(shown)  # every hearing once, in time order


def test_a_forged_cursor_or_one_from_another_courts_list_is_a_422_naming_it(portal, registry_officer, monkeypatch,
                                                                             two_courts):
    from chalicelib.services import hearing_list
    from chalicelib.store.paging import encode_cursor

    monkeypatch.setattr(hearing_list, "PAGE_SIZE", 1)
    every_court = _list(portal, registry_officer, f"day={two_courts}")[1]
    assert every_court["hearings"][0]["court"] == "night_courts" and every_court["next"]
    forged = ["not-a-cursor", encode_cursor("next", {"pk": "CASE#DAC-900001-2026", "sk": "CASE"}),
              encode_cursor("next", {"pk": "CASE#DAC-900001-2026", "sk": "CASE", "gsi1sk": "youth_courts#"})]
    for query in [*[f"day={two_courts}&court=youth_courts&cursor={c}" for c in forged],
                  f"day={two_courts}&cursor=not-a-cursor",
                  # The all-courts list's cursor sits in the Night Courts' part of the day.
                  f"day={two_courts}&court=state_courts&cursor={every_court['next']}"]:
        status, body = _list(portal, registry_officer, query)
        assert status == 422, (query, body)
        assert body["fields"][0]["field"] == "cursor"


@pytest.mark.parametrize("day", ["2026-13-01", "tomorrow", "20261201", "1899-12-31"])
def test_a_day_that_is_not_a_calendar_day_is_refused_naming_it(portal, registry_officer, day):
    status, body = _list(portal, registry_officer, f"day={day}")
    assert status in (400, 422), body
    assert body["fields"][0]["field"] == "day"
    assert _page(portal, registry_officer, f"day={day}")[0] in (400, 422)


def test_without_a_day_the_list_is_todays_in_singapore(portal, registry_officer):
    from chalicelib.domain.clock import singapore_date, utc_now

    status, body = _list(portal, registry_officer, "")
    assert status == 200 and body["day"] == singapore_date(utc_now()).isoformat()
    status, html = _page(portal, registry_officer, "day=&court=")
    assert status == 200 and "Hearing list:" in html


def test_the_registry_home_and_the_court_calendar_link_to_it(portal, registry_officer, two_courts):
    from tests.fixtures.court_dates import add_sitting

    assert 'href="/registry/hearing-list"' in portal.http.get("/registry", headers=session_headers(
        registry_officer)).body.decode()
    add_sitting("state_courts", COURT_4A, at(two_courts, 9, 30), ["mention"])
    calendar = portal.http.get(f"/registry/sittings?court=state_courts&from={two_courts}",
                               headers=session_headers(registry_officer)).body.decode()
    assert f'href="/registry/hearing-list?court=state_courts&amp;day={two_courts}"' in calendar
