"""Sessions: sign-out, timeouts, tampered cookies, accounts that change under a session, and
cross-site writes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.web.session import cookie_name, encode_cookie_value
from tests.fixtures.portal import accused_principal, new_case_payload, session_headers, signed_in

ROOT = Path(__file__).resolve().parents[2]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def persona(aws):
    return accused_principal("S8979373D", "Tan Ah Kow")


def test_sign_out_ends_the_session_on_the_server(portal, persona):
    headers, csrf = signed_in(persona)
    refused = portal.http.post("/sign-out", headers={**FORM, **headers}, body="")
    assert refused.status_code == 403 and "form has expired" in refused.body.decode()
    out = portal.http.post("/sign-out", headers={**FORM, **headers}, body=f"csrf_token={csrf}")
    assert out.status_code == 303 and "Max-Age=0" in out.headers["Set-Cookie"]
    assert out.headers["Location"] == "/signed-out"
    assert portal.http.get("/api/cases", headers=headers).status_code == 401
    page = portal.http.get("/signed-out", headers=headers)  # the old cookie no longer counts
    assert page.status_code == 200 and "You have signed out" in page.body.decode()


def test_tampered_or_unknown_session_cookies_are_signed_out(portal, persona):
    for cookie in (f"{cookie_name()}=forged-token", f"{cookie_name()}=", "garbage;;==="):
        assert portal.http.get("/api/cases", headers={"Cookie": cookie}).status_code == 401


def test_idle_and_absolute_timeouts_end_sessions(aws):
    from datetime import timedelta

    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.principals import AccountRef
    from chalicelib.store import sessions

    principal = accused_principal("S8979373D")
    now = utc_now()
    idle, absolute = timedelta(minutes=15), timedelta(hours=12)
    account = AccountRef.of(principal)
    token = sessions.create(principal, account, now, absolute)

    def principal_at(session_token, minutes):
        live = sessions.resume(session_token, account, now + timedelta(minutes=minutes), idle, absolute)
        return live.principal if live else None

    assert principal_at(token, 10) == principal
    assert principal_at(token, 24) == principal  # touched at 10
    assert principal_at(token, 40) is None
    assert principal_at(token, 41) is None  # deleted, stays gone
    other = sessions.create(principal, account, now, absolute)
    for minutes in range(10, 12 * 60, 10):
        assert principal_at(other, minutes) == principal
    assert principal_at(other, 12 * 60) is None


def test_the_prod_stage_starts_with_only_the_real_sign_in():
    """No route in any stage lets a caller say who they are: only Singpass and Corppass do."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICMS_") and k != "AWS_ENDPOINT_URL"}
    env.update(ICMS_STAGE="prod", ICMS_IDENTIFIER_PEPPER="a-real-secret-from-secrets-manager",
               ICMS_DOCUMENTS_REQUIRE_MALWARE_SCAN="true", ICMS_GATEWAY_SECRET_KEY="sk_live_from-secrets",
               ICMS_GATEWAY_WEBHOOK_SECRET="whsec_from-secrets", ICMS_PAYMENT_REFERENCE_KEY="from-secrets")
    code = "import json, app; print(json.dumps(sorted(app.app.routes)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    routes = json.loads(result.stdout)
    assert {"/sign-in/singpass", "/sign-in/corppass", "/registry/sign-in"} <= set(routes)
    assert not [r for r in routes if "demo" in r or "persona" in r]


def test_a_deactivated_firm_user_is_signed_out_on_the_next_request(portal, law_firm):
    from chalicelib.store.firms import FirmMemberItem
    from chalicelib.store.keys import member_sk

    from tests.fixtures.portal import firm_principal, json_headers

    counsel = firm_principal(law_firm, "counsel")
    headers = json_headers(counsel)
    assert portal.http.get("/api/cases", headers=headers).status_code == 200
    FirmMemberItem(f"FIRM#{law_firm['uen']}", member_sk(counsel.subject_id)).update(
        actions=[FirmMemberItem.active.set(False)])
    assert portal.http.get("/api/cases", headers=headers).status_code == 401
    # The session itself is gone, not merely refused.
    FirmMemberItem(f"FIRM#{law_firm['uen']}", member_sk(counsel.subject_id)).update(
        actions=[FirmMemberItem.active.set(True)])
    assert portal.http.get("/api/cases", headers=headers).status_code == 401


def test_a_role_changed_by_the_firm_applies_at_once(portal, law_firm):
    from chalicelib.store.firms import FirmMemberItem
    from chalicelib.store.keys import member_sk

    from tests.fixtures.portal import firm_principal

    paralegal = firm_principal(law_firm, "paralegal")
    headers = session_headers(paralegal)
    FirmMemberItem(f"FIRM#{law_firm['uen']}", member_sk(paralegal.subject_id)).update(
        actions=[FirmMemberItem.role.set("counsel")])
    page = portal.http.get("/cases", headers=headers).body.decode()
    assert "Counsel" in page and "Paralegal" not in page


def test_a_registry_officer_taken_off_the_staff_list_loses_access(portal, registry_officer):
    from chalicelib.store import staff

    from tests.fixtures.portal import json_headers

    headers = json_headers(registry_officer)
    assert portal.http.get("/api/registry/cases/DAC-000001-2026", headers=headers).status_code == 404
    staff.deactivate(registry_officer.subject_id)
    assert portal.http.get("/api/registry/cases/DAC-000001-2026", headers=headers).status_code == 401


def test_a_cookie_naming_another_account_than_its_session_is_refused(portal, law_firm):
    from chalicelib.domain.principals import AccountRef

    from tests.fixtures.portal import firm_principal

    headers = session_headers(firm_principal(law_firm, "paralegal"))
    token = headers["Cookie"].rsplit(".", 1)[1]
    counsel_account = AccountRef.of(firm_principal(law_firm, "counsel"))
    forged = encode_cookie_value(token, counsel_account)
    assert portal.http.get("/api/cases", headers={"Cookie": f"{cookie_name()}={forged}"}).status_code == 401


def test_writes_from_another_site_are_refused(portal, registry_officer):
    from tests.fixtures.portal import json_headers

    headers = {**json_headers(registry_officer), "Origin": "https://evil.example"}
    response = portal.http.post("/api/registry/cases", headers=headers, body=json.dumps(new_case_payload()))
    assert response.status_code == 403
    assert "another site" in json.loads(response.body)["message"]
