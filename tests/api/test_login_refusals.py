"""Tokens that must not sign anyone in, through the portal's callback: forged, expired, wrongly
signed, for another audience or nonce, replayed. The provider here is the in-process fake of
tests/fixtures/fake_oidc.py (mockpass cannot be made to issue bad tokens)."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlsplit

import pytest

from chalicelib.services import sign_in
from chalicelib.web.session import cookie_name
from tests.api.test_login import Browser
from tests.fixtures.fake_oidc import FakeClock, FakeProvider, new_signing_key


@pytest.fixture
def fake(monkeypatch, aws):
    provider = FakeProvider(sign_in.relying_party_keys(), FakeClock(time.time()), issuer="https://id.singpass.example")
    monkeypatch.setattr(sign_in, "provider", lambda name: provider.provider(sign_in.relying_party_keys()))
    return provider


def _callback(browser: Browser, fake: FakeProvider):
    started = browser.get("/sign-in/singpass")
    code = fake.authorize(started.headers["Location"])
    state = dict(parse_qsl(urlsplit(started.headers["Location"]).query))["state"]
    return browser.get(f"/auth/singpass/callback?code={code}&state={state}")


def test_a_good_token_signs_in(portal, fake):
    browser = Browser(portal)
    assert _callback(browser, fake).status_code == 303 and browser.session


@pytest.mark.parametrize(
    "bend",
    [
        pytest.param(lambda f: f.token_options.update(signing_key=new_signing_key("forger")), id="forged"),
        pytest.param(lambda f: f.token_options.update(signing_key=new_signing_key("provider-sig-1")),
                     id="wrong-key-same-kid"),
        pytest.param(lambda f: f.claim_overrides.update(exp=int(time.time()) - 3600), id="expired"),
        pytest.param(lambda f: f.claim_overrides.update(aud="someone-else"), id="other-audience"),
        pytest.param(lambda f: f.claim_overrides.update(nonce="not-this-login"), id="nonce-mismatch"),
        pytest.param(lambda f: f.claim_overrides.update(iss="https://evil.example"), id="other-issuer"),
        pytest.param(lambda f: f.token_options.update(encrypt=False), id="not-encrypted"),
    ],
)
def test_a_bad_token_creates_no_session(portal, fake, bend):
    bend(fake)
    browser = Browser(portal)
    refused = _callback(browser, fake)
    assert refused.status_code == 400
    assert "could not sign you in" in refused.body.decode()
    assert browser.session is None
    assert cookie_name() not in refused.headers.get("Set-Cookie", "")


def test_a_code_the_provider_already_redeemed_is_refused(portal, fake):
    browser = Browser(portal)
    started = browser.get("/sign-in/singpass")
    code = fake.authorize(started.headers["Location"])
    fake.codes[code]["used"] = True  # as if redeemed by someone who intercepted it
    state = dict(parse_qsl(urlsplit(started.headers["Location"]).query))["state"]
    refused = browser.get(f"/auth/singpass/callback?code={code}&state={state}")
    assert refused.status_code == 400 and browser.session is None
