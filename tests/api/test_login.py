"""Signing in through the portal's routes, against the real mockpass (Singpass and Corppass).

The browser's part of the flow is a GET of the provider's authorization URL with mockpass's
persona headers; everything else goes through the app as a browser would send it.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import time_machine

from chalicelib.domain.clock import singapore_date, utc_now
from chalicelib.store import audit
from chalicelib.web.login import binding_cookie_name
from chalicelib.web.session import cookie_name
from tests.fixtures.portal import create_case, new_case_payload

UUID = "a9865837-7bd7-46ac-bef4-42a76a946424"


def _cookie_pairs(response) -> dict[str, str]:
    """The cookies a response sets, as name -> value (several Set-Cookie headers come as a list)."""
    headers = response.headers.get("Set-Cookie", [])
    pairs = {}
    for header in [headers] if isinstance(headers, str) else headers:
        first = header.strip().split(";", 1)[0]
        if "=" in first:
            name, value = first.split("=", 1)
            pairs[name.strip()] = value
    return pairs


class Browser:
    """One browser: the portal through Chalice's test client, the provider over HTTP."""

    def __init__(self, portal):
        self.portal = portal
        self.cookies: dict[str, str] = {}

    def get(self, path: str):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items() if v)
        response = self.portal.http.get(path, headers={"Cookie": cookie} if cookie else {})
        for name, value in _cookie_pairs(response).items():
            self.cookies[name] = value
        return response

    def sign_in(self, door: str, persona: dict[str, str]):
        """Start at the door, let the provider choose the persona, come back to the callback."""
        started = self.get(door)
        assert started.status_code == 303, started.body
        provider = requests.get(started.headers["Location"], headers=persona, allow_redirects=False, timeout=10)
        assert provider.status_code == 302, provider.text
        callback = urlsplit(provider.headers["Location"])
        return self.get(f"{callback.path}?{callback.query}"), callback

    @property
    def session(self) -> str | None:
        return self.cookies.get(cookie_name()) or None


def singpass(nric: str) -> dict[str, str]:
    return {"X-Custom-NRIC": nric, "X-Custom-UUID": UUID}


def corppass(nric: str, uen: str) -> dict[str, str]:
    return {"X-Custom-NRIC": nric, "X-Custom-UUID": UUID, "X-Custom-UEN": uen}


def _audit_actions() -> list[tuple[str, str | None]]:
    return [(e.action.value, e.detail) for e in audit.on_day(singapore_date(utc_now()))]


@pytest.fixture
def browser(portal, mockpass):
    return Browser(portal)


def test_an_accused_signs_in_with_singpass_and_sees_their_cases(browser, portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload())
    done, _ = browser.sign_in("/sign-in/singpass?next=/cases/DAC-912345-2026", singpass("S8979373D"))
    assert done.status_code == 303 and done.headers["Location"] == "/cases/DAC-912345-2026"
    assert browser.session and browser.cookies[binding_cookie_name()] == ""  # the binding is cleared
    page = browser.get("/cases/DAC-912345-2026")
    assert page.status_code == 200 and "Tan Ah Kow" in page.body.decode()
    assert ("login", None) in _audit_actions()


def test_someone_without_a_case_may_sign_in_and_is_told_so(browser):
    done, _ = browser.sign_in("/sign-in/singpass", singpass("S8116474F"))
    assert done.status_code == 303
    page = browser.get("/cases").body.decode()
    assert "S****474F" in page and "S8116474F" not in page


def test_counsel_signs_in_with_corppass_and_sees_the_firm(browser, law_firm):
    done, _ = browser.sign_in("/sign-in/corppass", corppass("S8723211E", law_firm["uen"]))
    assert done.status_code == 303 and done.headers["Location"] == "/cases"
    page = browser.get("/cases").body.decode()
    assert "Lim Wei Ling" in page and "Counsel" in page and "Tan &amp; Lim LLP" in page


def test_a_firm_the_registry_has_not_set_up_gets_told_what_to_do(browser, law_firm):
    refused, _ = browser.sign_in("/sign-in/corppass", corppass("S8723211E", "123456789B"))
    assert refused.status_code == 403
    assert "not set up on ICMS" in refused.body.decode() and "6756 3874" in refused.body.decode()
    assert browser.session is None
    assert ("login_failed", "firm_not_registered") in _audit_actions()


def test_a_person_without_an_account_in_the_firm_is_sent_to_its_administrator(browser, law_firm):
    refused, _ = browser.sign_in("/sign-in/corppass", corppass("S8979373D", law_firm["uen"]))
    assert refused.status_code == 403
    assert "administrator" in refused.body.decode()
    assert browser.session is None


def test_registry_officers_must_be_on_the_staff_list(portal, mockpass, registry_officer):
    officer = Browser(portal)
    done, _ = officer.sign_in("/registry/sign-in", singpass("S3000024B"))
    assert done.status_code == 303 and done.headers["Location"] == "/registry"
    assert officer.get("/registry").status_code == 200
    stranger = Browser(portal)
    refused, _ = stranger.sign_in("/registry/sign-in", singpass("S8979373D"))
    assert refused.status_code == 403 and "staff list" in refused.body.decode()
    assert stranger.session is None


def test_a_callback_replayed_with_the_same_code_and_state_is_refused(browser, portal):
    done, callback = browser.sign_in("/sign-in/singpass", singpass("S8979373D"))
    assert done.status_code == 303
    replay = Browser(portal)
    replay.cookies = dict(browser.cookies)
    again = replay.get(f"{callback.path}?{callback.query}")
    assert again.status_code == 400 and "already used" in again.body.decode()
    assert ("login_failed", "unknown_state") in _audit_actions()


def test_a_tampered_state_is_refused_and_creates_no_session(browser):
    started = browser.get("/sign-in/singpass")
    provider = requests.get(started.headers["Location"], headers=singpass("S8979373D"), allow_redirects=False, timeout=10)
    params = dict(parse_qsl(urlsplit(provider.headers["Location"]).query))
    refused = browser.get(f"/auth/singpass/callback?code={params['code']}&state=forged-{params['state']}")
    assert refused.status_code == 400 and browser.session is None


def test_a_callback_in_another_browser_is_refused(browser, portal):
    started = browser.get("/sign-in/singpass")
    provider = requests.get(started.headers["Location"], headers=singpass("S8979373D"), allow_redirects=False, timeout=10)
    callback = urlsplit(provider.headers["Location"])
    other = Browser(portal)
    refused = other.get(f"{callback.path}?{callback.query}")
    assert refused.status_code == 400 and "same browser" in refused.body.decode()
    assert other.session is None


def test_a_singpass_callback_cannot_finish_a_corppass_sign_in(browser, law_firm):
    started = browser.get("/sign-in/corppass")
    provider = requests.get(started.headers["Location"], headers=corppass("S8723211E", law_firm["uen"]),
                            allow_redirects=False, timeout=10)
    callback = urlsplit(provider.headers["Location"])
    refused = browser.get(f"/auth/singpass/callback?{callback.query}")
    assert refused.status_code == 400 and browser.session is None


def test_a_cancelled_sign_in_says_so(browser):
    started = browser.get("/sign-in/singpass")
    state = dict(parse_qsl(urlsplit(started.headers["Location"]).query))["state"]
    refused = browser.get(f"/auth/singpass/callback?error=access_denied&state={state}")
    assert refused.status_code == 400 and browser.session is None


def test_the_portal_publishes_only_public_keys(portal):
    keys = portal.http.get("/.well-known/jwks.json")
    assert keys.status_code == 200
    jwks = keys.json_body["keys"]
    assert sorted(k["use"] for k in jwks) == ["enc", "sig"]
    assert all("d" not in k for k in jwks)


def test_login_attempts_expire(browser):
    started = browser.get("/sign-in/singpass")
    provider = requests.get(started.headers["Location"], headers=singpass("S8979373D"), allow_redirects=False, timeout=10)
    callback = urlsplit(provider.headers["Location"])
    with time_machine.travel(utc_now() + timedelta(minutes=11)):
        refused = browser.get(f"{callback.path}?{callback.query}")
    assert refused.status_code == 400 and "expired" in refused.body.decode()
    assert browser.session is None


def test_the_session_cookie_is_host_only_secure_http_only_and_lax(browser, portal):
    started = browser.get("/sign-in/singpass")
    binding_header = started.headers["Set-Cookie"]
    provider = requests.get(started.headers["Location"], headers=singpass("S8979373D"), allow_redirects=False, timeout=10)
    callback = urlsplit(provider.headers["Location"])
    done = browser.get(f"{callback.path}?{callback.query}")
    session_header = next(h for h in done.headers["Set-Cookie"] if h.startswith(cookie_name() + "="))
    for header in (binding_header, session_header):
        assert header.startswith("__Host-")
        for attribute in ("Path=/", "HttpOnly", "SameSite=Lax", "Secure"):
            assert attribute in header
        assert "Domain=" not in header


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_after_sign_in_the_browser_stays_on_this_site(browser, target):
    done, _ = browser.sign_in(f"/sign-in/singpass?next={target}", singpass("S8979373D"))
    assert done.headers["Location"] == "/cases"


def test_signing_in_again_replaces_the_old_session(browser, portal):
    browser.sign_in("/sign-in/singpass", singpass("S8979373D"))
    first = browser.session
    browser.sign_in("/sign-in/singpass", singpass("S8979373D"))
    assert browser.session != first
    stale = portal.http.get("/api/cases", headers={"Cookie": f"{cookie_name()}={first}"})
    assert stale.status_code == 401
