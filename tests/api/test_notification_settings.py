"""Choosing email and SMS per topic, confirming a mobile number by code, and delivery honouring
both: SMS only to a confirmed number and only where chosen, the inbox always, the bailor by email
and SMS at what the registry recorded, and never a youth's name in an SMS."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import time_machine

from tests.fixtures.aws import sent_emails, sent_sms
from tests.fixtures.portal import accused_principal, create_case, new_case_payload, signed_in

CASE = "DAC-912345-2026"
ACCUSED = "S8979373D"
SETTINGS = "/api/notification-settings"


def _call(portal, method, path, body=None, principal=None):
    headers = {"Content-Type": "application/json", **signed_in(principal or accused_principal(ACCUSED))[0]}
    return portal.http.request(method, path, headers=headers, body=json.dumps(body) if body is not None else b"")


def _code_sent_to(number: str) -> str:
    texts = [sms["text"] for sms in sent_sms() if sms["to"] == number]
    return re.search(r"\b([0-9]{6})\b", texts[-1]).group(1)


def confirm_mobile(portal, principal=None, typed="9123 4567") -> str:
    assert _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": typed}, principal).status_code == 202
    code = _code_sent_to("+65" + typed.replace(" ", ""))
    response = _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": code}, principal)
    assert response.status_code == 200, response.body
    return code


def test_everyone_starts_with_email_and_sms_on_and_no_mobile(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    settings = json.loads(_call(portal, "GET", SETTINGS).body)
    assert settings == {"email": "ahkow@example.sg", "mobile": None, "pending_mobile": None, "pending_expires_at": None,
                        "topics": {"court_dates": {"email": True, "sms": True}, "filings": {"email": True, "sms": True}}}


def test_a_mobile_number_is_confirmed_by_the_code_sent_to_it(portal, aws):
    assert _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": "+65 9123-4567"}).status_code == 202
    [sms] = sent_sms()
    assert sms["to"] == "+6591234567" and "Never share it" in sms["text"]
    code = _code_sent_to("+6591234567")
    pending = json.loads(_call(portal, "GET", SETTINGS).body)
    assert pending["pending_mobile"] == "+65 ****4567" and pending["mobile"] is None

    from chalicelib.store.table import Entity

    assert not any(code in json.dumps(item.serialize()) for item in Entity.scan())  # only a keyed digest is kept

    wrong = "000000" if code != "000000" else "111111"
    refused = _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": wrong})
    assert refused.status_code == 422 and "4 tries left" in json.loads(refused.body)["message"]
    confirmed = json.loads(_call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": code}).body)
    assert confirmed["mobile"] == "+65 ****4567" and confirmed["pending_mobile"] is None
    again = _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": code})
    assert again.status_code == 422  # a code confirms once

    from chalicelib.domain.clock import singapore_date, utc_now
    from chalicelib.store import audit

    actions = [e.action.value for e in audit.on_day(singapore_date(utc_now()))]
    assert {"mobile_code_sent", "mobile_confirmed"} <= set(actions)


def test_numbers_that_cannot_take_our_sms_are_refused_with_a_reason(portal, aws):
    for typed in ("6123 4567", "+44 7700 900123", "9123", "", "91234567890"):
        response = _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": typed})
        assert response.status_code == 422, typed
        body = json.loads(response.body)
        assert body["fields"][0]["field"] == "mobile" and "Singapore mobile number" in body["message"], typed
    assert sent_sms() == []
    assert _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": "12345"}).status_code == 422
    assert _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": "123456"}).status_code == 422  # none pending


def test_codes_expire_run_out_of_tries_and_are_limited_to_three_an_hour(portal, aws):
    assert _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": "9123 4567"}).status_code == 202
    code = _code_sent_to("+6591234567")
    with time_machine.travel(timedelta(minutes=11)):
        expired = _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": code})
        assert expired.status_code == 422 and "expired" in expired.body.decode()

    assert _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": "9123 4567"}).status_code == 202
    code = _code_sent_to("+6591234567")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": wrong}).status_code == 422
    spent = _call(portal, "POST", f"{SETTINGS}/mobile/confirm", {"code": code})
    assert spent.status_code == 422 and "too many wrong codes" in spent.body.decode()

    assert _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": "9123 4567"}).status_code == 202
    fourth = _call(portal, "POST", f"{SETTINGS}/mobile", {"mobile": "9123 4567"})
    assert fourth.status_code == 422 and "3 codes were sent in the last hour" in fourth.body.decode()
    assert len(sent_sms()) == 3


def test_sms_goes_only_to_a_confirmed_number_and_only_where_chosen(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())  # the registry recorded +65 9123 4567
    events.deliver()
    assert sent_sms() == [] and len(sent_emails()) == 1  # recorded by the registry, never confirmed

    confirm_mobile(portal, typed="9876 5432")
    _move_the_hearing(portal, registry_officer, days=20)
    events.deliver()
    [notice_sms] = [s for s in sent_sms() if s["to"] == "+6598765432" and "has changed" in s["text"]]
    assert CASE in notice_sms["text"] and "Tan Ah Kow" not in notice_sms["text"]

    off = {"topics": {"court_dates": {"email": False, "sms": False}}}
    assert _call(portal, "PUT", SETTINGS, off).status_code == 200
    emails, texts = len(sent_emails()), len(sent_sms())
    _move_the_hearing(portal, registry_officer, days=21)
    events.deliver()
    assert (len(sent_emails()), len(sent_sms())) == (emails, texts)
    inbox = json.loads(_call(portal, "GET", "/api/inbox").body)
    assert inbox["unread"] == 3  # the inbox always gets everything

    assert _call(portal, "DELETE", f"{SETTINGS}/mobile").status_code == 200
    assert _call(portal, "DELETE", f"{SETTINGS}/mobile").status_code == 409


def _move_the_hearing(portal, officer, days: int) -> None:
    from tests.fixtures.portal import json_headers, next_weekday_at

    case = json.loads(portal.http.get(f"/api/registry/cases/{CASE}", headers=json_headers(officer)).body)
    event_id = case["upcoming_events"][0]["event_id"]
    response = portal.http.patch(f"/api/registry/cases/{CASE}/events/{event_id}", headers=json_headers(officer),
                                 body=json.dumps({"starts_at": next_weekday_at(14, 30, days_ahead=days)}))
    assert response.status_code == 200, response.body


def test_the_bailor_is_told_by_email_and_sms_and_has_no_inbox(portal, registry_officer, events):
    payload = new_case_payload()
    payload["bail"] = {"amount_cents": 1_000_000, "bailor_name": "Tan Mei Ling", "bailor_email": "meiling@example.sg",
                       "bailor_phone": "+65 8123 4567"}
    create_case(portal, registry_officer, payload)
    events.deliver()
    [bailor_sms] = sent_sms()
    assert bailor_sms["to"] == "+6581234567" and "Tan" not in bailor_sms["text"]
    bailor_mail = next(e for e in sent_emails() if e["to"] == ["meiling@example.sg"])
    assert "As bailor" in bailor_mail["body"] and "http" not in bailor_mail["body"]  # no account: no link


def test_a_bailor_who_cannot_be_reached_is_a_problem_the_registry_sees(portal, registry_officer, events):
    payload = new_case_payload()
    payload["bail"] = {"amount_cents": 1_000_000, "bailor_name": "Tan Mei Ling", "bailor_phone": "+65 6123 4567"}
    create_case(portal, registry_officer, payload)
    events.deliver()
    assert sent_sms() == []  # a landline gets no SMS
    overview = json.loads(portal.http.get("/api/registry/delivery", headers=signed_in(registry_officer)[0]).body)
    [problem] = overview["problems"]
    assert problem["recipient"] == "the bailor, Tan Mei Ling" and problem["case_no"] == CASE
    assert "no email address or mobile number" in problem["reason"]


def test_a_youths_name_is_in_no_sms_and_no_subject(portal, registry_officer, events):
    payload = new_case_payload("YAC-000123-2026", "T0066846F", court="youth_courts")
    payload["accused"]["name"] = "Muhammad Irfan"
    payload["charges"][0]["charge_no"] = "YAC-000123-2026"
    payload["events"][0]["venue"] = {"building": "Youth Courts, Family Justice Courts", "room": "Court 1"}
    payload["bail"] = {"amount_cents": 500_000, "bailor_name": "Yusof bin Ahmad", "bailor_phone": "9876 1234"}
    create_case(portal, registry_officer, payload)
    youth = accused_principal("T0066846F")
    confirm_mobile(portal, youth, typed="8765 4321")
    _move_youth_hearing(portal, registry_officer)
    events.deliver()
    notices = [s for s in sent_sms() if "YAC-000123-2026" in s["text"]]
    assert {s["to"] for s in notices} == {"+6587654321", "+6598761234"}
    assert not any("Irfan" in s["text"] or "Muhammad" in s["text"] for s in sent_sms())
    assert not any("Irfan" in e["subject"] for e in sent_emails())


def _move_youth_hearing(portal, officer) -> None:
    from tests.fixtures.portal import json_headers, next_weekday_at

    case = json.loads(portal.http.get("/api/registry/cases/YAC-000123-2026", headers=json_headers(officer)).body)
    event_id = case["upcoming_events"][0]["event_id"]
    portal.http.patch(f"/api/registry/cases/YAC-000123-2026/events/{event_id}", headers=json_headers(officer),
                      body=json.dumps({"starts_at": next_weekday_at(10, 0, days_ahead=18)}))


def test_the_settings_page_shows_problems_beside_the_field_and_keeps_what_was_typed(portal, aws):
    headers, csrf = signed_in(accused_principal(ACCUSED))
    form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    refused = portal.http.post("/settings/notifications/mobile", headers=form,
                               body=f"csrf_token={csrf}&mobile=6123+4567")
    html = refused.body.decode()
    assert refused.status_code == 422
    assert 'id="mobile-error"' in html and 'aria-invalid="true"' in html and 'value="6123 4567"' in html
    sent = portal.http.post("/settings/notifications/mobile", headers=form, body=f"csrf_token={csrf}&mobile=91234567")
    assert sent.status_code == 303 and sent.headers["Location"].startswith("/settings/notifications?done=code-sent")
    page = portal.http.get("/settings/notifications?done=code-sent", headers=headers).body.decode()
    assert "Code sent to +65 ****4567" in page and "A code is on its way" in page
    saved = portal.http.post("/settings/notifications", headers=form, body=f"csrf_token={csrf}&court_dates.email=on")
    assert saved.status_code == 303
    settings = json.loads(_call(portal, "GET", SETTINGS).body)
    # Each topic's boxes are on the form; one left unticked is off.
    assert settings["topics"] == {"court_dates": {"email": True, "sms": False}, "filings": {"email": False, "sms": False}}
    forged = portal.http.post("/settings/notifications", headers=form, body="court_dates.email=on")
    assert forged.status_code == 403
