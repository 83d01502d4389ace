"""The local persona picker and sign-out; the prod stage cannot have the picker at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.domain.principals import Principal, Role
from chalicelib.store import demo_personas
from chalicelib.web.session import cookie_name
from tests.fixtures.portal import accused_principal, create_case, new_case_payload

ROOT = Path(__file__).resolve().parents[2]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _cookie_from(response) -> str:
    header = response.headers["Set-Cookie"]
    assert header.startswith(cookie_name() + "=")
    return header.split(";", 1)[0]


@pytest.fixture
def persona(aws):
    principal = accused_principal("S8979373D", "Tan Ah Kow")
    demo_personas.put("tan-ah-kow", "Accused in one case", principal)
    return principal


def test_choosing_a_persona_starts_a_session(portal, registry_officer, persona):
    create_case(portal, registry_officer, new_case_payload())
    page = portal.http.get("/demo/sign-in?next=/cases/DAC-912345-2026")
    assert page.status_code == 200 and "Tan Ah Kow" in page.body.decode()
    response = portal.http.post("/demo/sign-in", headers=FORM,
                                body="persona=tan-ah-kow&next=%2Fcases%2FDAC-912345-2026")
    assert response.status_code == 303
    assert response.headers["Location"] == "/cases/DAC-912345-2026"
    set_cookie = response.headers["Set-Cookie"]
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/", "Secure"):
        assert attribute in set_cookie
    assert cookie_name() == "__Host-icms_session"
    case = portal.http.get("/cases/DAC-912345-2026", headers={"Cookie": _cookie_from(response)})
    assert case.status_code == 200 and "Tan Ah Kow" in case.body.decode()


def test_sign_out_ends_the_session_on_the_server(portal, persona):
    cookie = _cookie_from(portal.http.post("/demo/sign-in", headers=FORM, body="persona=tan-ah-kow&next=/cases"))
    out = portal.http.post("/sign-out", headers={**FORM, "Cookie": cookie}, body="")
    assert out.status_code == 303 and "Max-Age=0" in out.headers["Set-Cookie"]
    assert portal.http.get("/api/cases", headers={"Cookie": cookie}).status_code == 401


def test_redirect_targets_stay_on_this_site(portal, persona):
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        response = portal.http.post("/demo/sign-in", headers=FORM, body=f"persona=tan-ah-kow&next={target}")
        assert response.headers["Location"] == "/cases"


def test_an_unknown_persona_is_refused_on_the_page(portal, persona):
    response = portal.http.post("/demo/sign-in", headers=FORM, body="persona=nobody&next=/cases")
    assert response.status_code == 404
    assert "choose one of the demo personas" in response.body.decode()
    assert "Set-Cookie" not in response.headers


def test_tampered_or_unknown_session_cookies_are_signed_out(portal, persona):
    for cookie in (f"{cookie_name()}=forged-token", f"{cookie_name()}=", "garbage;;==="):
        assert portal.http.get("/api/cases", headers={"Cookie": cookie}).status_code == 401


def test_idle_and_absolute_timeouts_end_sessions(aws):
    from datetime import timedelta

    from chalicelib.domain.clock import utc_now
    from chalicelib.store import sessions

    principal = Principal(role=Role.REGISTRY, subject_id="r-1", display_name="Officer")
    now = utc_now()
    token = sessions.create(principal, now, timedelta(hours=12))
    idle, absolute = timedelta(minutes=15), timedelta(hours=12)
    assert sessions.resume(token, now + timedelta(minutes=10), idle, absolute) == principal
    assert sessions.resume(token, now + timedelta(minutes=24), idle, absolute) == principal  # touched at 10
    assert sessions.resume(token, now + timedelta(minutes=40), idle, absolute) is None
    assert sessions.resume(token, now + timedelta(minutes=41), idle, absolute) is None  # deleted, stays gone
    other = sessions.create(principal, now, absolute)
    for minutes in range(10, 12 * 60, 10):
        assert sessions.resume(other, now + timedelta(minutes=minutes), idle, absolute) == principal
    assert sessions.resume(other, now + absolute, idle, absolute) is None


def _routes_in_a_fresh_process(stage: str, demo: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICMS_") and k != "AWS_ENDPOINT_URL"}
    env.update(ICMS_STAGE=stage, ICMS_DEMO_SIGN_IN="true" if demo else "false",
               ICMS_IDENTIFIER_PEPPER="a-real-secret-from-secrets-manager")
    code = "import json, app; print(json.dumps(sorted(app.app.routes)))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_prod_stage_refuses_to_start_with_the_demo_sign_in():
    result = _routes_in_a_fresh_process("prod", demo=True)
    assert result.returncode != 0
    assert "ICMS_DEMO_SIGN_IN cannot be enabled in the prod stage" in result.stderr


def test_the_prod_stage_has_no_demo_route_and_dev_does():
    prod = _routes_in_a_fresh_process("prod", demo=False)
    assert prod.returncode == 0, prod.stderr
    assert "/demo/sign-in" not in json.loads(prod.stdout)
    dev = _routes_in_a_fresh_process("dev", demo=True)
    assert "/demo/sign-in" in json.loads(dev.stdout)
