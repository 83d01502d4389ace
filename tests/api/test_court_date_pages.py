"""The court-date pages as a browser without JavaScript uses them: plain links and form posts, the
problem shown on the page, the registry's calendar, queue and decision pages."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import pytest

from chalicelib.domain.cases import Venue
from chalicelib.domain.sittings import sitting_id_for

from tests.fixtures.court_dates import NIGHT_COURT, add_sitting, at, night_court_case, trial_case, working_day
from tests.fixtures.portal import accused_principal, firm_principal, signed_in

CASE = "SC-001245-2026"
NRIC = "S8116474F"


def get(portal, path, principal):
    headers, _ = signed_in(principal)
    return portal.http.get(path, headers=headers)


def post(portal, path, principal, fields: dict | list):
    headers, csrf = signed_in(principal)
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    body = urlencode([*pairs, ("csrf_token", csrf)])
    return portal.http.post(path, headers={**headers, "Content-Type": "application/x-www-form-urlencoded"}, body=body)


@pytest.fixture
def night_event(portal, registry_officer):
    return night_court_case(portal, registry_officer, CASE, NRIC)["next_event"]["event_id"]


def test_the_case_page_says_before_any_click_how_each_date_can_change(portal, night_event):
    page = get(portal, f"/cases/{CASE}", accused_principal(NRIC)).body.decode()
    assert "Changing a court date" in page and "You can change this date now" in page
    assert f'href="/cases/{CASE}/events/{night_event}/change"' in page
    assert f'href="/cases/{CASE}/events/{night_event}/calendar"' in page


def test_an_accused_moves_the_date_with_plain_forms(portal, night_event):
    accused = accused_principal(NRIC)
    slot = add_sitting("night_courts", NIGHT_COURT, at(working_day(9), 19, 15), ["night_court_hearing"], 4)
    page = get(portal, f"/cases/{CASE}/events/{night_event}/change", accused).body.decode()
    assert f'value="{slot}"' in page and "4 places left" in page
    response = post(portal, f"/cases/{CASE}/events/{night_event}/move", accused, {"sitting_id": slot})
    assert response.status_code == 303 and response.headers["Location"].startswith(f"/cases/{CASE}?moved=")
    page = get(portal, response.headers["Location"].split("#")[0], accused).body.decode()
    assert "Your new court date is confirmed" in page and "History of this date (1 change)" in page


def test_a_refused_form_shows_the_rule_on_the_page_and_keeps_what_was_typed(portal, night_event):
    accused = accused_principal(NRIC)
    response = post(portal, f"/cases/{CASE}/events/{night_event}/move", accused, {"sitting_id": "nonsense"})
    assert response.status_code == 422 and "Nothing was changed." in response.body.decode()
    gone = sitting_id_for(datetime.fromisoformat(at(working_day(10), 19)),  # well formed, never created
                          Venue(building="State Courts Towers", room="Night Court 9"))
    response = post(portal, f"/cases/{CASE}/events/{night_event}/move", accused, {"sitting_id": gone})
    assert response.status_code == 404 and "Nothing was changed." in response.body.decode()
    response = post(portal, f"/cases/{CASE}/events/{night_event}/reschedule-requests", accused,
                    {"reasons": "My child is getting married.", "because_of_illness": "on"})
    text = response.body.decode()
    assert response.status_code == 422 and "medical certificate" in text and "My child is getting married." in text


def test_the_medical_certificate_comes_back_from_the_upload_page(portal, night_event):
    accused = accused_principal(NRIC)
    page = get(portal, f"/cases/{CASE}/events/{night_event}/change", accused).body.decode()
    assert f'href="/cases/{CASE}/upload?next=/cases/{CASE}/events/{night_event}/change"' in page
    page = get(portal, f"/cases/{CASE}/events/{night_event}/change?upload=0123abcd0123abcd01234567", accused).body.decode()
    assert 'name="medical_certificate_id" value="0123abcd0123abcd01234567"' in page


def test_counsel_asks_and_the_registry_decides_with_pages(portal, registry_officer, law_firm):
    trial = trial_case(portal, registry_officer, law_firm)["next_event"]["event_id"]
    counsel = firm_principal(law_firm, "counsel")
    response = post(portal, f"/cases/DAC-912345-2026/events/{trial}/reschedule-requests", counsel,
                    {"reasons": "Counsel is in the Court of Appeal that week."})
    assert response.status_code == 303
    assert "Your request was sent to the court" in get(portal, response.headers["Location"].split("#")[0],
                                                       counsel).body.decode()
    queue = get(portal, "/registry/reschedule-requests", registry_officer).body.decode()
    assert "DAC-912345-2026" in queue
    request_id = queue.split("/registry/reschedule-requests/DAC-912345-2026/")[1].split('"')[0]
    slot = add_sitting("state_courts", {"building": "State Courts Towers", "room": "Chambers 2"},
                       at(working_day(20), 10), ["pre_trial_conference"], 3)
    decision = get(portal, f"/registry/reschedule-requests/DAC-912345-2026/{request_id}", registry_officer).body.decode()
    assert f'value="{slot}"' in decision and "vacate the trial" in decision
    response = post(portal, f"/registry/reschedule-requests/DAC-912345-2026/{request_id}/decision", registry_officer,
                    {"outcome": "approve"})
    assert response.status_code == 422 and "choose the slot" in response.body.decode()
    response = post(portal, f"/registry/reschedule-requests/DAC-912345-2026/{request_id}/decision", registry_officer,
                    {"outcome": "approve", "sitting_id": slot})
    assert response.status_code == 303
    page = get(portal, "/cases/DAC-912345-2026", counsel).body.decode()
    assert "Approved" in page and "the trial was vacated" in page


def test_the_registry_creates_sittings_with_forms(portal, registry_officer):
    day = working_day(10)
    response = post(portal, "/registry/sittings", registry_officer, [
        ("court", "night_courts"), ("building", "State Courts Towers"), ("room", "Night Court 5"), ("day", str(day)),
        ("start_time", "19:30"), ("hears", "night_court_hearing"), ("seats", "12")])
    assert response.status_code == 201 and "1 sitting created" in response.body.decode()
    response = post(portal, "/registry/sittings", registry_officer, [
        ("court", "night_courts"), ("building", "State Courts Towers"), ("room", "Night Court 5"), ("day", "2026-11-09"),
        ("start_time", "19:30"), ("hears", "night_court_hearing"), ("seats", "12")])
    assert response.status_code in (409, 422) and "No sitting was created" in response.body.decode()
    response = post(portal, "/registry/sittings/weekly", registry_officer, [
        ("court", "state_courts"), ("building", "State Courts Towers"), ("room", "Court 4A"), ("weekdays", "0"),
        ("weekdays", "3"), ("start_time", "09:30"), ("first_day", str(working_day(3))),
        ("last_day", str(working_day(30))), ("hears", "mention"), ("hears", "pre_trial_conference"), ("seats", "10")])
    assert response.status_code == 201, response.body.decode()[-2000:]
    page = get(portal, f"/registry/sittings?court=night_courts&from={day}", registry_officer).body.decode()
    assert "Night Court 5" in page and "0 of 12" in page


def test_the_calendar_feed_page_shows_the_link_once(portal, night_event):
    accused = accused_principal(NRIC)
    assert "Turn on my calendar feed" in get(portal, "/calendar", accused).body.decode()
    response = post(portal, "/calendar/feed", accused, {})
    page = response.body.decode()
    assert response.status_code == 201 and "/calendar/feeds/" in page and "shown only once" in page
    page = get(portal, "/calendar", accused).body.decode()
    assert "/calendar/feeds/" not in page and "Turn the feed off" in page
    assert "Your calendar feed is off" in post(portal, "/calendar/feed/revoke", accused, {}).body.decode()
