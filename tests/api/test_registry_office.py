"""The registry's pages and the audit log: what is recorded, and who may read it."""

import json

from chalicelib.domain.clock import singapore_date, utc_now
from chalicelib.store import audit
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    json_headers,
    new_case_payload,
    session_headers,
)


def _actions_today():
    return [(e.action.value, e.actor_name, e.target) for e in audit.on_day(singapore_date(utc_now()))]


def test_someone_elses_case_is_recorded_as_an_access_denial(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    stranger = accused_principal("S8116474F", "Lee Ah Beng")
    assert portal.http.get("/api/cases/DAC-912345-2026", headers=json_headers(stranger)).status_code == 404
    assert portal.http.get("/api/cases/DAC-000000-2026", headers=json_headers(stranger)).status_code == 404
    denials = [a for a in _actions_today() if a[0] == "access_denied"]
    assert denials == [("access_denied", "Lee Ah Beng", "GET /api/cases/DAC-912345-2026")]


def test_a_wrong_role_is_recorded_with_the_reason(portal):
    accused = accused_principal("S8979373D", "Tan Ah Kow")
    assert portal.http.get("/api/registry/audit", headers=json_headers(accused)).status_code == 403
    [entry] = [e for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "access_denied"]
    assert entry.actor_role == "accused" and "accused person" in entry.detail
    assert entry.target == "GET /api/registry/audit"


def test_the_registry_reads_the_audit_log_as_json_and_as_a_page(portal, registry_officer):
    portal.http.get("/api/registry/audit", headers=json_headers(accused_principal("S8979373D", "Tan Ah Kow")))
    today = singapore_date(utc_now()).isoformat()
    body = json.loads(portal.http.get(f"/api/registry/audit?day={today}", headers=json_headers(registry_officer)).body)
    assert body["day"] == today
    assert [e["action"] for e in body["entries"]] == ["access_denied"]
    page = portal.http.get("/registry/audit", headers=session_headers(registry_officer))
    assert page.status_code == 200 and "Tan Ah Kow" in page.body.decode()
    assert "S8979373D" not in page.body.decode()


def test_a_bad_day_is_named(portal, registry_officer):
    response = portal.http.get("/api/registry/audit?day=yesterday", headers=json_headers(registry_officer))
    assert response.status_code == 422
    assert json.loads(response.body)["fields"][0]["field"] == "day"  # the API keeps machine-readable names
    page = portal.http.get("/registry/audit?day=yesterday", headers=session_headers(registry_officer))
    assert page.status_code == 422
    assert "The day is not in a form ICMS can read. Type it as a date, for example 2026-12-01." in page.body.decode()
    assert "day:" not in page.body.decode() and "Input should be" not in page.body.decode()


def test_the_registry_finds_and_opens_a_case_page(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    headers = session_headers(registry_officer)
    found = portal.http.get("/registry/find-case?case_no=dac-912345-2026", headers=headers)
    assert found.status_code == 303 and found.headers["Location"] == "/cases/DAC-912345-2026"
    page = portal.http.get("/cases/DAC-912345-2026", headers=headers)
    assert page.status_code == 200 and "Tan Ah Kow" in page.body.decode()
    bad = portal.http.get("/registry/find-case?case_no=nonsense", headers=headers)
    assert bad.status_code == 422
    html = bad.body.decode()
    assert "The case number is not in a form ICMS can read. Type it as it is on the charge sheet, for example " \
           "DAC-912345-2026." in html
    assert "case_no" not in html and "String should match" not in html
    assert 'href="/registry">Go to the registry' in html


def test_the_audit_page_words_entries_for_people_not_in_stored_codes(portal, registry_officer):
    from chalicelib.domain.audit import AuditAction, AuditEntry

    now = utc_now()
    audit.append(AuditEntry(at=now, action=AuditAction.LOGIN_FAILED, actor_role=None, actor_id=None,
                            actor_name=None, ip="203.0.113.9", target="singpass", detail="wrong_browser"))
    audit.append(AuditEntry(at=now, action=AuditAction.ACCOUNT_DEACTIVATED, actor_role="firm_admin",
                            actor_id="a" * 32, actor_name="Tan Kok Wah", ip="203.0.113.7",
                            target="0123456789abcdef0123456789abcdef", detail="Paralegal account of Nur Aisyah"))
    html = portal.http.get("/registry/audit", headers=session_headers(registry_officer)).body.decode()
    assert ">Singpass<" in html and ">singpass<" not in html
    assert "Wrong browser" in html and "wrong_browser" not in html
    assert "Account ref. 01234567" in html and "0123456789abcdef0123456789abcdef" not in html
    assert "Tan Kok Wah <span" in html and "(Law firm administrator)" in html
    assert "Not signed in" in html
