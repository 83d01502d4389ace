"""Registry intake through the HTTP API, against moto: what is written, and what bad input gets."""

import json

import boto3
import pytest

from tests.fixtures.portal import (
    accused_principal,
    create_case,
    json_headers,
    new_case_payload,
    next_weekday_at,
)

CASE = "DAC-912345-2026"


def _items(aws):
    """Every item in the table (a Scan: test fixtures only), for proving nothing was written."""
    table = boto3.resource("dynamodb", endpoint_url=aws, region_name="ap-southeast-1").Table("icms-dev")
    bookkeeping = ("SESSION#", "STAFF", "AUDIT#")
    return sorted((i["pk"], i["sk"]) for i in table.scan()["Items"] if not i["pk"].startswith(bookkeeping))


def _post(portal, officer, path, payload, method="post"):
    return getattr(portal.http, method)(path, headers=json_headers(officer), body=json.dumps(payload))


def _body(response):
    return json.loads(response.body)


def test_create_case_writes_the_case_partition_and_queues_the_court_date_notice(portal, registry_officer, aws, events):
    created = create_case(portal, registry_officer, new_case_payload())
    assert created["accused_nric"] == "S****373D"
    assert created["next_event"]["venue"] == "State Courts Towers, Court 4A"
    assert created["next_event"]["starts_at_singapore"].endswith("+08:00")
    keys = _items(aws)
    assert ("CASE#" + CASE, "CASE") in keys
    assert ("CASE#" + CASE, "CHARGE#" + CASE) in keys
    assert ("CHARGENO#" + CASE, "CHARGENO") in keys
    assert sum(1 for pk, sk in keys if sk.startswith("EVENT#")) == 1
    assert any(pk.startswith("PERSON#") and sk == "PROFILE" for pk, sk in keys)
    # No key holds the NRIC itself.
    assert not any("8979373" in pk or "8979373" in sk for pk, sk in keys)
    notices = events.queued()
    assert [n["body"]["kind"] for n in notices] == ["court_date_fixed"]


def test_a_duplicate_case_number_is_409_and_changes_nothing(portal, registry_officer, aws):
    create_case(portal, registry_officer, new_case_payload())
    before = _items(aws)
    again = new_case_payload(nric="S8116474F", charges=[
        {"charge_no": "DAC-999999-2026", "statute": "Penal Code 1871", "section": "323", "offence": "Hurt"}])
    response = _post(portal, registry_officer, "/api/registry/cases", again)
    assert response.status_code == 409
    assert _body(response)["message"] == f"case {CASE} already exists"
    assert _items(aws) == before


def test_a_charge_number_already_used_by_another_case_is_409(portal, registry_officer, aws):
    create_case(portal, registry_officer, new_case_payload())
    before = _items(aws)
    other = new_case_payload(case_no="DAC-912346-2026")  # its single charge reuses DAC-912345-2026
    other["charges"][0]["charge_no"] = CASE
    response = _post(portal, registry_officer, "/api/registry/cases", other)
    assert response.status_code == 409
    assert "charge number DAC-912345-2026 is already in use" in _body(response)["message"]
    assert _items(aws) == before


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda p: p.pop("charges"), "charges"),
        (lambda p: p.update(unexpected="x"), "unexpected"),
        (lambda p: p.update(court=42), "court"),
        (lambda p: p["accused"].update(nric="S8979373A"), "accused.nric"),
        (lambda p: p["charges"][0].update(charge_no=["not", "a", "string"]), "charges.0.charge_no"),
        (lambda p: p["events"][0].update(starts_at="next tuesday"), "events.0.starts_at"),
        (lambda p: p["events"][0].update(starts_at="2026-12-01T09:30:00"), "events.0.starts_at"),
    ],
)
def test_invalid_fields_are_422_naming_the_field_and_nothing_is_written(portal, registry_officer, aws, mutate, field):
    payload = new_case_payload()
    mutate(payload)
    response = _post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 422, response.body
    body = _body(response)
    assert body["error"] == "validation_failed"
    assert any(f["field"] == field for f in body["fields"]), body
    assert field in body["message"]
    assert _items(aws) == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b"", "empty"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_malformed_bodies_are_400(portal, registry_officer, aws, raw, expected):
    response = portal.http.post("/api/registry/cases", headers=json_headers(registry_officer), body=raw)
    assert response.status_code == 400
    assert expected in _body(response)["message"]
    assert _items(aws) == []


def test_oversized_bodies_are_413(portal, registry_officer, aws):
    payload = new_case_payload()
    payload["accused"]["name"] = "x" * 70_000
    response = _post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 413
    assert "limit" in _body(response)["message"]
    assert _items(aws) == []


def test_rule_violations_are_422_with_the_rule(portal, registry_officer, aws):
    payload = new_case_payload()
    payload["events"][0]["type"] = "night_court_hearing"
    response = _post(portal, registry_officer, "/api/registry/cases", payload)
    assert response.status_code == 422
    assert "only be fixed in a Night Courts case" in _body(response)["message"]
    assert _items(aws) == []


def test_unknown_cases_are_404(portal, registry_officer):
    for method, path, payload in [
        ("get", "/api/registry/cases/DAC-000001-2026", None),
        ("post", "/api/registry/cases/DAC-000001-2026/charges",
         {"charge_no": "DAC-000002-2026", "statute": "Penal Code 1871", "section": "379", "offence": "Theft"}),
        ("put", "/api/registry/cases/DAC-000001-2026/bail", {"amount_cents": 1000000, "bailor_name": "Tan"}),
    ]:
        kwargs = {"headers": json_headers(registry_officer)}
        if payload is not None:
            kwargs["body"] = json.dumps(payload)
        response = getattr(portal.http, method)(path, **kwargs)
        assert response.status_code == 404, (path, response.body)
        assert "DAC-000001-2026" in _body(response)["message"]


def test_charges_are_added_and_their_outcome_recorded(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    added = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/charges",
                  {"charge_no": "DAC-912346-2026", "statute": "Penal Code 1871", "section": "323",
                   "offence": "Voluntarily causing hurt"})
    assert added.status_code == 201
    duplicate = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/charges",
                      {"charge_no": "DAC-912346-2026", "statute": "Penal Code 1871", "section": "323",
                       "offence": "Voluntarily causing hurt"})
    assert duplicate.status_code == 409
    for number, status in [(CASE, "convicted"), ("DAC-912346-2026", "withdrawn")]:
        changed = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/charges/{number}",
                        {"status": status}, method="patch")
        assert changed.status_code == 200 and _body(changed)["status"] == status
    case = _body(portal.http.get(f"/api/registry/cases/{CASE}", headers=json_headers(registry_officer)))
    assert case["status"] == "closed"  # every charge disposed of
    final = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/charges/{CASE}",
                  {"status": "acquitted"}, method="patch")
    assert final.status_code == 422 and "cannot change" in _body(final)["message"]


def test_court_events_are_fixed_moved_and_vacated_with_notices(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    events.queued()  # drop the intake notice
    fixed = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/events", {
        "type": "pre_trial_conference", "starts_at": next_weekday_at(14, 30, days_ahead=21),
        "venue": {"building": "State Courts Towers", "room": "Court 26"}})
    assert fixed.status_code == 201
    event_id = _body(fixed)["event_id"]
    moved = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/events/{event_id}",
                  {"starts_at": next_weekday_at(9, 30, days_ahead=28)}, method="patch")
    assert moved.status_code == 200
    assert _body(moved)["starts_at_singapore"].startswith(next_weekday_at(9, 30, days_ahead=28)[:16])
    vacated = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/events/{event_id}",
                    {"status": "vacated"}, method="patch")
    assert vacated.status_code == 200
    again = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/events/{event_id}",
                  {"starts_at": next_weekday_at(9, 30, days_ahead=30)}, method="patch")
    assert again.status_code == 422
    kinds = [n["body"]["kind"] for n in events.queued()]
    assert sorted(kinds) == ["court_date_changed", "court_date_fixed", "court_date_vacated"]
    missing = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/events/ev-nope", {"status": "vacated"},
                    method="patch")
    assert missing.status_code == 404


def test_representation_is_recorded_once_and_ended(portal, registry_officer, law_firm):
    create_case(portal, registry_officer, new_case_payload())
    path = f"/api/registry/cases/{CASE}/representation"
    recorded = _post(portal, registry_officer, path,
                     {"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}, method="put")
    assert recorded.status_code == 201, recorded.body
    assert _body(recorded)["counsel"] == ["Lim Wei Ling"]
    twice = _post(portal, registry_officer, path,
                  {"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}, method="put")
    assert twice.status_code == 409 and "already on record" in _body(twice)["message"]
    ended = portal.http.delete(path, headers=json_headers(registry_officer))
    assert ended.status_code == 200 and _body(ended)["ended_at"]
    assert portal.http.delete(path, headers=json_headers(registry_officer)).status_code == 409


def test_representation_needs_a_registered_firm_and_its_active_counsel(portal, registry_officer, law_firm):
    create_case(portal, registry_officer, new_case_payload())
    path = f"/api/registry/cases/{CASE}/representation"
    unknown_firm = _post(portal, registry_officer, path,
                         {"firm_uen": "201912345K", "counsel_member_ids": ["x"]}, method="put")
    assert unknown_firm.status_code == 404
    paralegal = _post(portal, registry_officer, path,
                      {"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["paralegal_id"]]}, method="put")
    assert paralegal.status_code == 422 and "not an active counsel" in _body(paralegal)["message"]


def test_bail_and_bailor_are_recorded(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    response = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/bail",
                     {"amount_cents": 1_500_000, "bailor_name": "Tan Mei Ling", "bailor_phone": "8123 4567",
                      "bailor_email": "meiling@example.sg"}, method="put")
    assert response.status_code == 200
    assert _body(response) == {"amount_cents": 1_500_000, "bailor_name": "Tan Mei Ling"}
    negative = _post(portal, registry_officer, f"/api/registry/cases/{CASE}/bail",
                     {"amount_cents": -1, "bailor_name": "Tan"}, method="put")
    assert negative.status_code == 422 and negative.body and "amount_cents" in _body(negative)["message"]


def test_only_registry_officers_may_use_intake(portal, registry_officer):
    payload = json.dumps(new_case_payload())
    anonymous = portal.http.post("/api/registry/cases", headers={"Content-Type": "application/json"}, body=payload)
    assert anonymous.status_code == 401
    accused = portal.http.post("/api/registry/cases", headers=json_headers(accused_principal("S8979373D")),
                               body=payload)
    assert accused.status_code == 403
