import json

from tests.fixtures.portal import accused_principal, create_case, json_headers, new_case_payload


def test_registry_creates_a_case_and_the_accused_sees_it(portal, registry_officer):
    created = create_case(portal, registry_officer, new_case_payload())
    assert created["case_no"] == "DAC-912345-2026"
    accused = accused_principal("S8979373D")
    response = portal.http.get("/api/cases/DAC-912345-2026", headers=json_headers(accused))
    assert response.status_code == 200, response.body
    body = json.loads(response.body)
    assert body["next_event"]["venue"] == "State Courts Towers, Court 4A"
