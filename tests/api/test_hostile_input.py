"""Inputs a fuzzer finds in minutes: each answered with a clear 4xx, never a 500, never stored."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.portal import create_case, json_headers, new_case_payload, next_weekday_at

SECURITY_HEADER_NAMES = ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
                         "X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cache-Control")


def post(portal, officer, path: str, body, method: str = "POST"):
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return portal.http.request(method, path, headers=json_headers(officer), body=raw)


def problems(response) -> dict[str, str]:
    body = json.loads(response.body)
    return {f["field"]: f["message"] for f in body.get("fields", [])} | {"": body["message"]}


def test_deeply_nested_json_is_a_400_on_every_json_route(portal, registry_officer):
    nested = b"[" * 30_000 + b"]" * 30_000
    for path, method in [("/api/registry/cases", "POST"), ("/api/registry/cases/DAC-912345-2026/bail", "PUT"),
                         ("/api/registry/firms", "POST")]:
        response = post(portal, registry_officer, path, nested, method)
        assert response.status_code == 400, (path, response.body)
        assert "nests too deeply" in json.loads(response.body)["message"]


@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"])
def test_instants_at_the_ends_of_the_calendar_are_refused_on_create_and_change(portal, registry_officer, instant):
    payload = new_case_payload()
    payload["events"][0]["starts_at"] = instant
    created = post(portal, registry_officer, "/api/registry/cases", payload)
    assert created.status_code == 422, created.body
    assert "events.0.starts_at" in problems(created)

    case = create_case(portal, registry_officer, new_case_payload())
    event_id = case["upcoming_events"][0]["event_id"]
    changed = post(portal, registry_officer, f"/api/registry/cases/{case['case_no']}/events/{event_id}",
                   {"starts_at": instant}, "PATCH")
    assert changed.status_code == 422, changed.body
    fixed = post(portal, registry_officer, f"/api/registry/cases/{case['case_no']}/events",
                 {"type": "mention", "starts_at": instant, "venue": {"building": "State Courts", "room": "4A"}})
    assert fixed.status_code == 422, fixed.body


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_audit_days_at_the_ends_of_the_calendar_are_refused(portal, registry_officer, day):
    from tests.fixtures.portal import session_headers

    api = portal.http.get(f"/api/registry/audit?day={day}", headers=session_headers(registry_officer))
    assert api.status_code == 422 and "day" in problems(api)
    page = portal.http.get(f"/registry/audit?day={day}", headers=session_headers(registry_officer))
    assert page.status_code == 422 and b"Integrated Case Management System" in page.body


def test_court_dates_keep_to_a_sane_window(portal, registry_officer):
    before_filing = new_case_payload()
    before_filing["events"][0].update(starts_at="2025-12-31T09:30:00+08:00", status="held")
    response = post(portal, registry_officer, "/api/registry/cases", before_filing)
    assert response.status_code == 422 and "filed in 2026" in problems(response)["starts_at"]

    decades_ahead = new_case_payload()
    decades_ahead["events"][0]["starts_at"] = next_weekday_at(9, 30, days_ahead=365 * 30)
    response = post(portal, registry_officer, "/api/registry/cases", decades_ahead)
    assert response.status_code == 422 and "five years" in problems(response)["starts_at"]


def test_a_date_of_birth_is_in_the_past(portal, registry_officer):
    payload = new_case_payload()
    payload["accused"]["date_of_birth"] = "2999-01-01"
    response = post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 422
    assert "accused.date_of_birth" in problems(response)


@pytest.mark.parametrize("case_no", ["DAC-\uff19\uff17\uff11\uff11\uff11\uff11-2026", "DAC-\u0669\u0667\u0661\u0661\u0661\u0661-2026"])
def test_case_numbers_are_ascii_only(portal, registry_officer, case_no):
    payload = new_case_payload(case_no=case_no)
    payload["charges"][0]["charge_no"] = "DAC-971111-2026"
    response = post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 422, response.body
    assert "case_no" in problems(response)
    from tests.fixtures.aws import sent_emails

    assert sent_emails() == []


def test_an_nric_in_fullwidth_digits_is_refused(portal, registry_officer):
    response = post(portal, registry_officer, "/api/registry/cases",
                    new_case_payload(nric="S\uff18\uff19\uff17\uff19\uff13\uff17\uff13D"))
    assert response.status_code == 422 and "accused.nric" in problems(response)


def test_find_case_never_puts_raw_unicode_in_a_header(portal, registry_officer):
    from urllib.parse import quote

    from chalicelib.web.routing import redirect
    from tests.fixtures.portal import session_headers

    response = portal.http.get("/registry/find-case?case_no=" + quote("DAC-\uff19\uff17\uff11\uff11\uff11\uff11-2026"),
                               headers=session_headers(registry_officer))
    assert response.status_code == 422
    assert "Location" not in response.headers
    redirect("/cases/DAC-\uff19-2026").headers["Location"].encode("latin-1")  # encodable, percent-escaped


@pytest.mark.parametrize("name", ["Tan\x00Ah Kow", "Tan \u202eAh Kow", "Tan\u200bAh Kow", "Tan\r\nAh Kow",
                                  "Ta" + "\u0301" * 12 + "n", "Tan\u2028Ah"])
def test_names_refuse_control_bidirectional_and_invisible_characters(portal, registry_officer, name):
    payload = new_case_payload()
    payload["accused"]["name"] = name
    response = post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 422, response.body
    assert "accused.name" in problems(response)


def test_names_are_stored_in_nfc(portal, registry_officer):
    payload = new_case_payload()
    payload["accused"]["name"] = "Rene\u0301 Tan"
    case = create_case(portal, registry_officer, payload)
    assert case["accused_name"] == "Ren\u00e9 Tan"


@pytest.mark.parametrize("path,method,body,field", [
    ("bail", "PUT", {"amount_cents": "100", "bailor_name": "Tan"}, "amount_cents"),
    ("bail", "PUT", {"amount_cents": True, "bailor_name": "Tan"}, "amount_cents"),
    ("bail", "PUT", {"amount_cents": 100.0, "bailor_name": "Tan"}, "amount_cents"),
    ("events", "POST", {"type": "mention", "starts_at": 1_900_000_000,
                        "venue": {"building": "State Courts", "room": "4A"}}, "starts_at"),
    ("events", "POST", {"type": "mention", "starts_at": "2030-01-07T09:30:00",
                        "venue": {"building": "State Courts", "room": "4A"}}, "starts_at"),
])
def test_inputs_are_strict_json_types(portal, registry_officer, path, method, body, field):
    case = create_case(portal, registry_officer, new_case_payload())
    response = post(portal, registry_officer, f"/api/registry/cases/{case['case_no']}/{path}", body, method)
    assert response.status_code == 422, response.body
    assert field in problems(response)


@pytest.mark.parametrize("path", ["/nope", "/cases/DAC-912345-2026/extra/deeper", "/static-but-not/x"])
def test_unknown_pages_get_a_404_page_with_the_masthead_and_every_security_header(portal, path):
    response = portal.http.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"Integrated Case Management System" in response.body
    for name in SECURITY_HEADER_NAMES:
        assert name in response.headers, name


@pytest.mark.parametrize("method,path", [("GET", "/api/nope"), ("POST", "/api/registry/nope/deeper/still"),
                                         ("DELETE", "/api")])
def test_unknown_api_routes_get_a_json_404_with_every_security_header(portal, method, path):
    response = portal.http.request(method, path, headers={"Content-Type": "application/json"}, body=b"{}")
    assert response.status_code == 404
    body = json.loads(response.body)
    assert body["error"] == "not_found" and "/api/openapi.json" in body["message"]
    for name in SECURITY_HEADER_NAMES:
        assert name in response.headers, name


def test_a_method_a_route_does_not_take_gets_the_portals_error_shape(portal):
    response = portal.http.request("DELETE", "/api/cases")
    assert response.status_code == 405
    assert json.loads(response.body)["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]
    for name in SECURITY_HEADER_NAMES:
        assert name in response.headers, name
