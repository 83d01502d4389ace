"""Filing inputs are as strict as every other input: ASCII references, plain text, dates within the
calendar the portal keeps, JSON types as the contract documents them; a refusal names the field
and writes no filing."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.filings import (
    ACCUSED_NRIC,
    CASE,
    body,
    court_records,
    create,
    filed,
    filing_case,
    leave_jurisdiction,
    partition_items,
)
from tests.fixtures.portal import accused_principal, json_headers


@pytest.fixture
def accused(aws):
    return accused_principal(ACCUSED_NRIC, "Lee Ah Beng")


def fields_of(response) -> list[str]:
    return [problem["field"] for problem in body(response).get("fields") or []]


@pytest.mark.parametrize("payload,field", [
    (court_records(copies="2"), "details.copies"),
    (court_records(copies=2.0), "details.copies"),
    (court_records(records="judgment"), "details.records"),
    (court_records(purpose="Appeal \u202ereversed"), "details.purpose"),
    (court_records(purpose="Appeal\x00"), "details.purpose"),
    (leave_jurisdiction(bailor_consents="true"), "details.bailor_consents"),
    (leave_jurisdiction(departure_date="9999-12-30", return_date="9999-12-31"), "details.departure_date"),
    (leave_jurisdiction(departure_date=20_300_101), "details.departure_date"),
    (leave_jurisdiction(destination="Kuala\u200bLumpur"), "details.destination"),
    ({**court_records(), "documents": {"document": "\uff10" * 24}}, "documents.document"),
])
def test_bad_filing_inputs_are_refused_naming_the_field(portal, registry_officer, accused, payload, field):
    filing_case(portal, registry_officer, bail=True)
    response = create(portal, accused, payload)
    assert response.status_code == 422, response.body
    assert field in fields_of(response)
    assert partition_items(CASE, "filing") == []


def test_text_over_several_lines_keeps_its_line_breaks_in_nfc(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    made = create(portal, accused, court_records(purpose="For the appeal.\r\nRene\u0301 needs a copy too.  "))
    assert made.status_code == 201, made.body
    assert body(made)["details"]["purpose"] == "For the appeal.\nRen\u00e9 needs a copy too."


@pytest.mark.parametrize("key", ["\uff11" * 12, "key with spaces", "short"])
def test_an_idempotency_key_is_ascii_of_a_known_shape(portal, registry_officer, accused, key):
    filing_case(portal, registry_officer)
    headers = json_headers(accused) | {"Idempotency-Key": key}
    response = portal.http.post(f"/api/cases/{CASE}/filings", headers=headers, body=json.dumps(court_records()))
    assert response.status_code == 422, response.body
    assert fields_of(response) == ["Idempotency-Key"]


@pytest.mark.parametrize("filing_id", ["APP-\uff17K3Q9M2X", "APP-7K3Q9M2", "app-7k3q9m2o", "APP-7K3Q9M2XI"])
def test_filing_references_in_paths_are_ascii_of_a_known_shape(portal, registry_officer, accused, filing_id):
    filing_case(portal, registry_officer)
    response = portal.http.get(f"/api/cases/{CASE}/filings/{filing_id}", headers=json_headers(accused))
    assert response.status_code == 422, response.body
    assert fields_of(response) == ["filing_id"]


def test_references_are_read_as_people_type_them(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    made = filed(portal, accused, court_records())
    lower = f"/api/cases/{CASE.lower()}/filings/{made['filing_id'].lower()}"
    response = portal.http.get(lower, headers=json_headers(accused))
    assert response.status_code == 200, response.body
    assert body(response)["filing_id"] == made["filing_id"]


@pytest.mark.parametrize("path,method,payload,field", [
    ("filings/{filing}/decision", "POST", {"decision": "reject", "reason": "No\x07 grounds"}, "reason"),
    ("filings/{filing}/decision", "POST", {"decision": "accept", "reason": 5}, "reason"),
    ("fees/{fee}/waive", "POST", {"reason": "Hardship\u2066"}, "reason"),
    ("fees/{fee}/waive", "POST", {"reason": "   "}, "reason"),
    ("defence-case-due", "PUT", {"due_on": "0001-01-01"}, "due_on"),
    ("defence-case-due", "PUT", {"due_on": "2026-13-01"}, "due_on"),
])
def test_the_registrys_filing_inputs_are_strict(portal, registry_officer, accused, path, method, payload, field):
    filing_case(portal, registry_officer)
    made = filed(portal, accused, court_records())
    url = f"/api/registry/cases/{CASE}/" + path.format(filing=made["filing_id"], fee=made["fee"]["fee_id"])
    response = portal.http.request(method, url, headers=json_headers(registry_officer), body=json.dumps(payload))
    assert response.status_code == 422, response.body
    assert field in fields_of(response)
    unchanged = portal.http.get(f"/api/cases/{CASE}/filings/{made['filing_id']}", headers=json_headers(accused))
    assert body(unchanged)["status"] == made["status"] and body(unchanged)["fee"]["status"] == "due"
