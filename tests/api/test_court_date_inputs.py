"""Court-date, inbox and delivery inputs are as strict as every other input: ASCII identifiers,
plain text, instants and days within the calendar the portal keeps, JSON types as the contract
documents them; a refusal names the field and writes nothing."""

from __future__ import annotations

import pytest

from tests.fixtures.court_dates import NIGHT_COURT, at, call, case_items, night_court_case, working_day
from tests.fixtures.portal import accused_principal, signed_in

CASE = "SC-001245-2026"
NRIC = "S8116474F"


def sitting(**overrides) -> dict:
    return {"court": "night_courts", "venue": dict(NIGHT_COURT), "starts_at": at(working_day(30), 19),
            "hears": ["night_court_hearing"], "seats": 5, **overrides}


def weekly(**overrides) -> dict:
    day = str(working_day(30))
    return {"court": "night_courts", "venue": dict(NIGHT_COURT), "weekdays": [0, 1, 2, 3, 4], "start_time": "19:00",
            "first_day": day, "last_day": day, "hears": ["night_court_hearing"], "seats": 5, **overrides}


def fields_of(body: dict | None) -> list[str]:
    return [problem["field"] for problem in (body or {}).get("fields") or []]


def sittings_stored() -> list:
    from datetime import datetime, timezone

    from chalicelib.domain.cases import Court
    from chalicelib.store import sittings

    return sittings.on_calendar(Court.NIGHT_COURTS, datetime(1900, 1, 1, tzinfo=timezone.utc),
                                datetime(2199, 12, 31, tzinfo=timezone.utc))


@pytest.mark.parametrize("payload,field", [
    (sitting(starts_at=1_900_000_000), "starts_at"),
    (sitting(starts_at="9999-12-31T23:59:59-08:00"), "starts_at"),
    (sitting(starts_at="0001-01-01T00:00:00+08:00"), "starts_at"),
    (sitting(starts_at="2030-01-02T19:00:00"), "starts_at"),  # no offset
    (sitting(seats="5"), "seats"),
    (sitting(seats=True), "seats"),
    (sitting(venue={"building": "State Courts \u202eTowers", "room": "Night Court 2"}), "venue.building"),
    (sitting(venue={"building": "State Courts Towers", "room": "Night\x00Court"}), "venue.room"),
])
def test_bad_sittings_are_refused_naming_the_field(portal, registry_officer, payload, field):
    status, body = call(portal, "POST", "/api/registry/sittings", registry_officer, payload)
    assert status == 422 and field in fields_of(body), body
    assert sittings_stored() == []


def test_sittings_are_fixed_at_most_five_years_ahead(portal, registry_officer):
    status, body = call(portal, "POST", "/api/registry/sittings", registry_officer,
                        sitting(starts_at=at(working_day(6 * 366), 19)))
    assert status == 422 and "five years" in body["message"]
    status, body = call(portal, "POST", "/api/registry/sittings/weekly", registry_officer,
                        weekly(first_day=str(working_day(6 * 366)), last_day=str(working_day(6 * 366 + 7))))
    assert status == 422 and "five years" in body["message"]
    assert sittings_stored() == []


@pytest.mark.parametrize("overrides,field", [
    ({"first_day": "9999-12-31", "last_day": "9999-12-31"}, "first_day"),
    ({"first_day": 20_300_101}, "first_day"),
    ({"weekdays": ["1"]}, "weekdays.0"),
])
def test_bad_weekly_patterns_are_refused_naming_the_field(portal, registry_officer, overrides, field):
    status, body = call(portal, "POST", "/api/registry/sittings/weekly", registry_officer, weekly(**overrides))
    assert status == 422 and field in fields_of(body), body
    assert sittings_stored() == []


@pytest.mark.parametrize("query,field", [("from=9999-12-31", "from"), ("to=0001-01-01", "to"),
                                         ("court=moon_court", "court"), ("since=2026-01-01", "since")])
def test_the_court_calendar_refuses_days_it_cannot_show(portal, registry_officer, query, field):
    status, body = call(portal, "GET", f"/api/registry/sittings?{query}", registry_officer)
    assert status == 422 and fields_of(body) == [field], body


def test_the_court_calendar_shows_the_ends_of_its_range_without_failing(portal, registry_officer):
    status, body = call(portal, "GET", "/api/registry/sittings?from=2199-12-31", registry_officer)
    assert status == 200 and body["last_day"] == "2199-12-31"
    headers = signed_in(registry_officer)[0]
    page = portal.http.get("/registry/sittings?from=1900-01-01", headers=headers)
    assert page.status_code == 200 and b"Two weeks earlier" not in page.body and b"Two weeks later" in page.body
    page = portal.http.get("/registry/sittings?from=9999-12-31", headers=headers)
    assert page.status_code == 422 and b"Please check what you sent" in page.body


@pytest.fixture
def night_event(portal, registry_officer):
    return night_court_case(portal, registry_officer, CASE, NRIC)["next_event"]["event_id"]


@pytest.mark.parametrize("event_id", ["ev-\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11",
                                      "ev-0123", "EV-0123456789ab", "ev-0123456789ab\u200b"])
def test_court_event_ids_in_paths_are_ascii_of_a_known_shape(portal, night_event, event_id):
    status, body = call(portal, "GET", f"/api/cases/{CASE}/events/{event_id}/change-options",
                        accused_principal(NRIC))
    assert status == 422 and fields_of(body) == ["event_id"], body


@pytest.mark.parametrize("payload,field", [
    ({"reasons": "My mother is in hospital \u202eon that day."}, "reasons"),
    ({"reasons": "My mother is in hospital\x00 that day."}, "reasons"),
    ({"reasons": "My mother is in hospital that day.", "because_of_illness": "yes"}, "because_of_illness"),
    ({"reasons": "My mother is in hospital that day.", "because_of_illness": True,
      "medical_certificate_id": "\uff10" * 24}, "medical_certificate_id"),
])
def test_requests_to_change_a_date_take_plain_text_and_strict_types(portal, night_event, payload, field):
    before = sorted(map(str, case_items(CASE)))
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_event}/reschedule-requests",
                        accused_principal(NRIC), payload)
    assert status == 422 and field in fields_of(body), body
    assert sorted(map(str, case_items(CASE))) == before


def test_reasons_over_several_lines_keep_their_line_breaks_in_nfc(portal, night_event):
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_event}/reschedule-requests",
                        accused_principal(NRIC), {"reasons": "Counsel is away.\r\nRene\u0301 cannot attend either.  "})
    assert status == 201, body
    assert body["reasons"] == "Counsel is away.\nRen\u00e9 cannot attend either."


@pytest.mark.parametrize("path,field", [
    ("/api/inbox?after=\uff12\uff10\uff12\uff16", "after"),
    ("/api/inbox/20261126T000000000000Z-\uff10123456789abcdef", "entry_id"),
])
def test_inbox_cursors_and_entries_are_ascii_of_a_known_shape(portal, night_event, path, field):
    status, body = call(portal, "GET", path, accused_principal(NRIC))
    assert status == 422 and fields_of(body) == [field], body


@pytest.mark.parametrize("method,path,payload,field", [
    ("PUT", "/api/notification-settings", {"topics": {"court_dates": {"email": "true", "sms": False}}},
     "topics.court_dates.email"),
    ("PUT", "/api/notification-settings", {"topics": {"parking": {"email": True, "sms": False}}}, "topics.parking"),
    ("POST", "/api/notification-settings/mobile", {"mobile": "\uff19\uff11\uff12\uff13 \uff14\uff15\uff16\uff17"},
     "mobile"),
    ("POST", "/api/notification-settings/mobile", {"mobile": 91234567}, "mobile"),
    ("POST", "/api/notification-settings/mobile/confirm", {"code": "\uff11\uff12\uff13\uff14\uff15\uff16"}, "code"),
])
def test_notification_settings_take_strict_types_and_ascii_digits(portal, night_event, method, path, payload, field):
    from tests.fixtures.aws import sent_sms

    status, body = call(portal, method, path, accused_principal(NRIC), payload)
    assert status == 422 and any(f.startswith(field) for f in fields_of(body)), body
    assert sent_sms() == []


@pytest.mark.parametrize("query,field", [("day=9999-12-31", "day"), ("day=0001-01-01", "day"),
                                         ("day=\uff12\uff10\uff12\uff16-01-01", "day"), ("held=1", "held")])
def test_the_delivery_overview_refuses_days_it_cannot_show(portal, registry_officer, query, field):
    status, body = call(portal, "GET", f"/api/registry/delivery?{query}", registry_officer)
    assert status == 422 and fields_of(body) == [field], body


def test_the_delivery_page_shows_the_first_day_of_its_range_without_failing(portal, registry_officer):
    page = portal.http.get("/registry/delivery?day=1900-01-01", headers=signed_in(registry_officer)[0])
    assert page.status_code == 200 and b"Previous day" not in page.body and b"Next day" in page.body


def test_undeliverable_addresses_are_named_by_their_hex_digest(portal, registry_officer):
    status, body = call(portal, "DELETE", "/api/registry/delivery/addresses/" + "\uff10" * 64, registry_officer)
    assert status == 422 and fields_of(body) == ["address_id"], body
