"""Court dates as iCalendar: an event's .ics file and a person's private, revocable feed, parsed
back with the icalendar library; times in Asia/Singapore, venues with the court's address."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import boto3
from icalendar import Calendar

from tests.fixtures.court_dates import NIGHT_COURT, add_sitting, at, call, night_court_case, working_day
from tests.fixtures.portal import accused_principal, firm_principal, session_headers

CASE = "SC-001245-2026"
NRIC = "S8116474F"


def _events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_an_event_downloads_as_an_ics_file_in_singapore_time(portal, registry_officer):
    event_id = night_court_case(portal, registry_officer, CASE, NRIC)["next_event"]["event_id"]
    response = portal.http.get(f"/cases/{CASE}/events/{event_id}/calendar",
                               headers=session_headers(accused_principal(NRIC)))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in response.headers["Content-Disposition"]
    [event] = _events(response.body)
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Singapore"
    assert (start.hour, start.minute) == (19, 0)
    assert "Night Court 2" in str(event["location"]) and "059724" in str(event["location"])
    assert CASE in str(event["summary"]) and "Lee" not in str(event["summary"])
    assert b"BEGIN:VTIMEZONE" in response.body and b"TZID:Asia/Singapore" in response.body


def test_the_feed_shows_the_current_dates_and_a_revoked_feed_is_gone(portal, registry_officer):
    event_id = night_court_case(portal, registry_officer, CASE, NRIC)["next_event"]["event_id"]
    accused = accused_principal(NRIC, "Lee Ah Beng")
    status, feed = call(portal, "GET", "/api/calendar/feed", accused)
    assert feed == {"on": False, "since": None, "url": None}
    status, feed = call(portal, "POST", "/api/calendar/feed", accused)
    assert status == 201 and feed["on"] and feed["url"].startswith("http://localhost:8000/calendar/feeds/")
    path = feed["url"].removeprefix("http://localhost:8000")
    assert len(path.rsplit("/", 1)[1]) >= 40  # an unguessable token

    target = add_sitting("night_courts", NIGHT_COURT, at(working_day(9), 19, 45), ["night_court_hearing"], 2)
    status, _ = call(portal, "POST", f"/api/cases/{CASE}/events/{event_id}/move", accused, {"sitting_id": target})
    assert status == 200
    response = portal.http.get(path)  # calendar apps do not sign in
    assert response.status_code == 200
    [event] = _events(response.body)
    moved = datetime.fromisoformat(at(working_day(9), 19, 45)).astimezone(ZoneInfo("Asia/Singapore"))
    assert event.decoded("dtstart") == moved and event.decoded("dtstart").utcoffset().total_seconds() == 8 * 3600
    assert int(event["sequence"]) == 1

    # Only the token's hash is stored.
    from chalicelib.store.keys import calendar_feed_pk

    table = boto3.resource("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="ap-southeast-1").Table(
        os.environ["ICMS_TABLE_NAME"])
    token = path.rsplit("/", 1)[1]
    assert table.get_item(Key={"pk": calendar_feed_pk(token), "sk": "CALFEED"}).get("Item")
    assert not table.get_item(Key={"pk": f"CALFEED#{token}", "sk": "CALFEED"}).get("Item")

    status, again = call(portal, "POST", "/api/calendar/feed", accused)  # a new link: the old one stops
    assert portal.http.get(path).status_code == 404
    new_path = again["url"].removeprefix("http://localhost:8000")
    assert portal.http.get(new_path).status_code == 200
    status, off = call(portal, "DELETE", "/api/calendar/feed", accused)
    assert status == 200 and off["on"] is False
    assert portal.http.get(new_path).status_code == 404
    status, body = call(portal, "DELETE", "/api/calendar/feed", accused)
    assert status == 200 and body["on"] is False


def test_counsels_feed_has_the_firms_cases_and_the_registry_has_none(portal, registry_officer, law_firm):
    import json

    from tests.fixtures.portal import json_headers

    night_court_case(portal, registry_officer, CASE, NRIC)
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    status, feed = call(portal, "POST", "/api/calendar/feed", firm_principal(law_firm, "counsel"))
    assert status == 201
    [event] = _events(portal.http.get(feed["url"].removeprefix("http://localhost:8000")).body)
    assert CASE in str(event["summary"])
    status, body = call(portal, "POST", "/api/calendar/feed", registry_officer)
    assert status == 403
    assert portal.http.get("/calendar/feeds/not-a-token").status_code == 404
