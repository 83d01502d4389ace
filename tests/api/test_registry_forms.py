"""The registry's back-office forms, without JavaScript: each change goes through the intake
services (one transaction with its audit entry and notices), and each refusal is shown on the page
beside the field it is about, in words, with what was typed kept."""

import html as html_lib
import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

import boto3
import pytest

from chalicelib.domain.clock import SINGAPORE, singapore_date, utc_now
from chalicelib.store import audit, cases
from tests.fixtures.portal import accused_principal, create_case, json_headers, new_case_payload, signed_in

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CASE = "DAC-912345-2026"


def _post(portal, headers, path, fields: dict):
    return portal.http.post(path, headers={**FORM, **headers}, body=urlencode(fields, doseq=True))


def _page(response) -> str:
    return html_lib.unescape(response.body.decode())


def _day(days_ahead: int) -> str:
    day = datetime.now(SINGAPORE).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def _actions_today() -> list[str]:
    return [e.action.value for e in audit.on_day(singapore_date(utc_now()))]


def _items(aws):
    table = boto3.resource("dynamodb", endpoint_url=aws, region_name="ap-southeast-1").Table("icms-dev")
    return sorted((i["pk"], i["sk"]) for i in table.scan()["Items"] if not i["pk"].startswith(("SESSION#", "AUDIT#")))


@pytest.fixture
def officer(registry_officer):
    return registry_officer, *signed_in(registry_officer)


NEW_CASE = {
    "case_no": "dac-900001-2026", "court": "state_courts",
    "accused.nric": "S8979373D", "accused.name": "Tan Ah Kow", "accused.email": "ahkow@example.sg",
    "charges.0.charge_no": "DAC-900001-2026", "charges.0.statute": "Penal Code 1871", "charges.0.section": "379",
    "charges.0.offence": "Theft",
    "charges.2.charge_no": "DAC-900002-2026", "charges.2.statute": "Penal Code 1871", "charges.2.section": "323",
    "charges.2.offence": "Voluntarily causing hurt",
    "type": "mention", "time": "09:30", "venue.building": "State Courts Towers", "venue.room": "Court 4A",
    "bail.amount": "15,000", "bail.bailor_name": "Tan Ah Huat",
}


def test_creating_a_case_with_its_charges_first_date_and_bail(portal, officer):
    _, headers, csrf = officer
    form = portal.http.get("/registry/cases/new", headers=headers)
    assert form.status_code == 200 and 'name="charges.4.offence"' in form.body.decode()
    response = _post(portal, headers, "/registry/cases", {**NEW_CASE, "day": _day(10), "csrf_token": csrf})
    assert response.status_code == 303 and response.headers["Location"] == "/registry/cases/DAC-900001-2026?done=created"
    case = cases.get_case("DAC-900001-2026")
    assert [c.charge_no for c in case.charges] == ["DAC-900001-2026", "DAC-900002-2026"]
    assert case.bail.amount_cents == 15_000_00 and case.events[0].venue.room == "Court 4A"
    assert case.events[0].starts_at.astimezone(SINGAPORE).strftime("%H:%M") == "09:30"
    assert "case_created" in _actions_today()
    page = _page(portal.http.get(response.headers["Location"], headers=headers))
    assert "The case is created" in page and "Theft" in page and "S$15,000.00" in page


def test_a_refused_case_says_what_is_wrong_in_words_beside_each_field_and_keeps_what_was_typed(portal, officer, aws):
    _, headers, csrf = officer
    before = _items(aws)
    bad = {**NEW_CASE, "case_no": "YAC-900001-2026", "accused.nric": "S1234567A", "charges.2.section": "",
           "bail.amount": "lots", "day": _day(10), "time": "", "csrf_token": csrf}
    response = _post(portal, headers, "/registry/cases", bad)
    page = _page(response)
    assert response.status_code == 422
    assert "The case was not created." in page
    assert 'id="f-accused-nric-error"' in page and "NRIC/FIN" in page
    assert 'id="f-charges-2-section-error"' in page and "Enter the section." in page  # the form's third row
    assert 'id="f-bail-amount-error"' in page and "bail amount" in page
    assert 'id="f-day-error"' in page and "Enter the date and time." in page
    assert 'value="YAC-900001-2026"' in page and 'value="Tan Ah Kow"' in page
    assert "_" not in page.split("The case was not created.")[1].split("</ul>")[0].replace("f-charges", "")
    wrong_court = {**NEW_CASE, "case_no": "YAC-900001-2026", "day": _day(10), "csrf_token": csrf}
    page = _page(_post(portal, headers, "/registry/cases", wrong_court))
    assert "does not belong to State Courts" in page and "case_no" not in page.split("<main")[1].split("<form")[0]
    assert _items(aws) == before


def test_adding_a_charge_fixing_moving_and_vacating_a_date_and_recording_bail(portal, officer):
    principal, headers, csrf = officer
    created = create_case(portal, principal, new_case_payload(CASE))
    base = f"/registry/cases/{CASE}"
    page = _page(portal.http.get(base, headers=headers))
    assert f'href="{base}/events/{created["next_event"]["event_id"]}"' in page
    charge = _post(portal, headers, f"{base}/charges", {"charge_no": "DAC-912399-2026", "statute": "Penal Code 1871",
                                                         "section": "323", "offence": "Hurt", "csrf_token": csrf})
    assert charge.headers["Location"] == f"{base}?done=charge"
    fixed = _post(portal, headers, f"{base}/events", {"type": "pre_trial_conference", "day": _day(30), "time": "10:00",
                                                       "venue.building": "State Courts Towers",
                                                       "venue.room": "Chambers 2", "csrf_token": csrf})
    assert fixed.headers["Location"] == f"{base}?done=event"
    event_id = created["next_event"]["event_id"]
    event_page = _page(portal.http.get(f"{base}/events/{event_id}", headers=headers))
    assert "Move it to another date or court room" in event_page and 'value="vacate"' in event_page
    moved = _post(portal, headers, f"{base}/events/{event_id}", {"day": _day(21), "time": "14:30",
                                                                  "venue.building": "State Courts Towers",
                                                                  "venue.room": "Court 26", "csrf_token": csrf})
    assert moved.headers["Location"] == f"{base}?done=moved"
    bail = _post(portal, headers, f"{base}/bail", {"amount": "5000.50", "bailor_name": "Lim Ah Seng",
                                                    "bailor_phone": "+65 9876 5432", "csrf_token": csrf})
    assert bail.headers["Location"] == f"{base}?done=bail"
    vacated = _post(portal, headers, f"{base}/events/{event_id}", {"action": "vacate", "csrf_token": csrf})
    assert vacated.headers["Location"] == f"{base}?done=vacated"
    case = cases.get_case(CASE)
    assert case.charge("DAC-912399-2026") is not None and case.bail.amount_cents == 5_000_50
    assert case.event(event_id).status.value == "vacated" and case.event(event_id).venue.room == "Court 26"
    assert len(case.events) == 2
    actions = _actions_today()
    for action in ("charge_added", "court_event_fixed", "court_event_changed", "bail_recorded"):
        assert action in actions


def test_the_accused_case_list_follows_every_date_the_forms_change(portal, officer):
    """Each form writes its court dates through the case's unit of work, which rewrites the case
    item's summary of dates ahead that the accused's case list reads."""
    _, headers, csrf = officer
    case_no = "DAC-900001-2026"

    def next_room():
        listed = portal.http.get("/api/cases", headers=json_headers(accused_principal("S8979373D")))
        [case] = json.loads(listed.body)["cases"]
        return case["next_event"]["venue"].rsplit(", ", 1)[-1] if case["next_event"] else None

    _post(portal, headers, "/registry/cases", {**NEW_CASE, "day": _day(10), "csrf_token": csrf})
    assert next_room() == "Court 4A"
    base = f"/registry/cases/{case_no}"
    _post(portal, headers, f"{base}/events", {"type": "pre_trial_conference", "day": _day(3), "time": "10:00",
                                              "venue.building": "State Courts Towers", "venue.room": "Chambers 2",
                                              "csrf_token": csrf})
    assert next_room() == "Chambers 2"
    events = {e.type.value: e.event_id for e in cases.get_case(case_no).events}
    moved = _post(portal, headers, f"{base}/events/{events['pre_trial_conference']}",
                  {"day": _day(20), "time": "14:30", "venue.building": "State Courts Towers", "venue.room": "Court 26",
                   "csrf_token": csrf})
    assert moved.headers["Location"] == f"{base}?done=moved"
    assert next_room() == "Court 4A"
    _post(portal, headers, f"{base}/events/{events['mention']}", {"action": "vacate", "csrf_token": csrf})
    assert next_room() == "Court 26"


def test_each_case_form_shows_its_refusal_on_the_page(portal, officer):
    principal, headers, csrf = officer
    created = create_case(portal, principal, new_case_payload(CASE))
    base = f"/registry/cases/{CASE}"
    taken = _post(portal, headers, f"{base}/charges", {"charge_no": CASE, "statute": "Penal Code 1871", "section": "1",
                                                        "offence": "Theft", "csrf_token": csrf})
    assert taken.status_code == 409 and "The charge was not added." in _page(taken)
    assert "already" in _page(taken) and 'id="f-charge_no-error"' in _page(taken)
    past = _post(portal, headers, f"{base}/events", {"type": "mention", "day": _day(-30), "time": "09:30",
                                                      "venue.building": "State Courts Towers", "venue.room": "4A",
                                                      "csrf_token": csrf})
    assert past.status_code == 422 and "must start in the future" in _page(past) and 'id="f-day-error"' in _page(past)
    no_kind = _post(portal, headers, f"{base}/events", {"day": _day(9), "time": "09:30", "csrf_token": csrf})
    assert no_kind.status_code == 422 and "Choose the kind of hearing" in _page(no_kind)
    bail = _post(portal, headers, f"{base}/bail", {"amount": "", "bailor_name": "", "csrf_token": csrf})
    assert bail.status_code == 422 and "Enter the bail amount." in _page(bail) and "Enter the bailor" in _page(bail)
    move = _post(portal, headers, f"{base}/events/{created['next_event']['event_id']}",
                 {"day": "", "time": "", "venue.building": "", "venue.room": "", "csrf_token": csrf})
    assert move.status_code == 422 and "The court date was not changed." in _page(move)
    forged = _post(portal, headers, f"{base}/bail", {"amount": "100", "bailor_name": "X"})
    assert forged.status_code == 403


def test_putting_a_firm_on_record_and_taking_it_off_after_confirming(portal, officer, law_firm):
    principal, headers, csrf = officer
    create_case(portal, principal, new_case_payload(CASE))
    base = f"/registry/cases/{CASE}"
    step_one = _page(portal.http.get(f"{base}/representation", headers=headers))
    assert 'name="firm_uen"' in step_one and 'name="counsel_member_ids"' not in step_one
    unknown = portal.http.get(f"{base}/representation?firm_uen=201912345K", headers=headers)
    assert unknown.status_code == 404 and "No law firm with UEN 201912345K is registered." in _page(unknown)
    step_two = _page(portal.http.get(f"{base}/representation?firm_uen={law_firm['uen']}", headers=headers))
    assert "Lim Wei Ling" in step_two and "Nur Aisyah" not in step_two  # counsel only
    none_ticked = _post(portal, headers, f"{base}/representation", {"firm_uen": law_firm["uen"], "csrf_token": csrf})
    assert none_ticked.status_code == 422 and 'id="f-counsel_member_ids-error"' in _page(none_ticked)
    recorded = _post(portal, headers, f"{base}/representation", {"firm_uen": law_firm["uen"], "csrf_token": csrf,
                                                                  "counsel_member_ids": [law_firm["counsel_id"]]})
    assert recorded.headers["Location"] == f"{base}?done=representation"
    assert cases.get_case(CASE).representation.firm_uen == law_firm["uen"]
    confirm = _page(portal.http.get(f"{base}/representation/end", headers=headers))
    assert "Take Tan & Lim LLP off record for DAC-912345-2026?" in confirm and "Lim Wei Ling" in confirm
    assert cases.get_case(CASE).representation is not None  # asking changes nothing
    ended = _post(portal, headers, f"{base}/representation/end", {"csrf_token": csrf})
    assert ended.headers["Location"] == f"{base}?done=off_record" and cases.get_case(CASE).representation is None
    assert {"representation_recorded", "representation_ended"} <= set(_actions_today())


def test_registering_a_firm_with_its_administrator(portal, officer):
    _, headers, csrf = officer
    assert portal.http.get("/registry/firms/new", headers=headers).status_code == 200
    fields = {"uen": "201912345K", "name": "Ong & Partners LLC", "administrator.nric": "S7712345H",
              "administrator.name": "Ong Bee Hoon", "administrator.email": "beehoon@ong.example.sg", "csrf_token": csrf}
    done = _post(portal, headers, "/registry/firms", fields)
    assert done.headers["Location"] == "/registry/firms/201912345K?done=registered"
    page = _page(portal.http.get(done.headers["Location"], headers=headers))
    assert "Ong & Partners LLC is registered" in page and "Ong Bee Hoon" in page and "S7712345H" not in page
    again = _post(portal, headers, "/registry/firms", fields)
    assert again.status_code == 409 and "already registered" in _page(again) and 'id="f-uen-error"' in _page(again)
    bad = _post(portal, headers, "/registry/firms", {**fields, "uen": "", "administrator.nric": "S123",
                                                      "administrator.email": "not-an-email"})
    page = _page(bad)
    assert bad.status_code == 422 and "Enter the UEN." in page and 'id="f-administrator-nric-error"' in page
    assert 'id="f-administrator-email-error"' in page


def test_only_the_registry_reaches_the_forms(portal, law_firm):
    from tests.fixtures.portal import firm_principal

    headers, csrf = signed_in(firm_principal(law_firm, "counsel"))
    assert portal.http.get("/registry/cases/new", headers=headers).status_code == 403
    assert _post(portal, headers, "/registry/firms", {"csrf_token": csrf}).status_code == 403
    assert portal.http.get("/registry/firms/new").status_code == 303
