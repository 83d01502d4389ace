"""The relying-party core against the real mockpass 4.3.4: a whole browser-free login for Singpass
and for Corppass, and what mockpass really checks.

The browser leg is a GET of the authorization URL with mockpass's persona headers (X-Custom-NRIC,
X-Custom-UUID, X-Custom-UEN), reading the code and state from the redirect it answers with.

What mockpass 4.3.4 does not do, asserted here so a change in a later version shows up:
- it accepts the same authorization code again (codes live five minutes and are never consumed),
  so the portal's defence against a replayed callback is its own single-use login attempt;
- it does not check PKCE (any code_verifier, or none, is accepted);
- it has no pushed-authorization endpoint (no FAPI 2.0).
An unknown code crashes mockpass (an unhandled error in its token route), so no test sends one.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import urllib3

from chalicelib.auth import CorppassIdentity, LoginFailed, OidcProvider, RelyingPartyKeys, SingpassIdentity
from chalicelib.auth.oidc import ProviderCache

CLIENT_ID = "icms-integration"
REDIRECT_URI = "http://localhost:8000/auth/callback"
NRIC = "S8979373D"
UUID = "a9865837-7bd7-46ac-bef4-42a76a946424"
UEN = "123456789A"

SINGPASS_PERSONA = {"X-Custom-NRIC": NRIC, "X-Custom-UUID": UUID}
CORPPASS_PERSONA = {**SINGPASS_PERSONA, "X-Custom-UEN": UEN}


class RecordingPool:
    """A urllib3 pool that keeps the token endpoint's answers, to look at the raw ID tokens."""

    def __init__(self) -> None:
        self.pool = urllib3.PoolManager()
        self.token_responses: list[dict] = []

    def request(self, method, url, **options):
        response = self.pool.request(method, url, **options)
        if url.endswith("/token"):
            self.token_responses.append(json.loads(response.data))
        return response


def header_of(token: str) -> dict:
    segment = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def provider_for(mockpass, name: str, **options) -> OidcProvider:
    issuer = mockpass.singpass_issuer if name == "Singpass" else mockpass.corppass_issuer
    return OidcProvider(name, issuer, CLIENT_ID, mockpass.keys, cache=ProviderCache(), **options)


def log_in_at_mockpass(authorization_url: str, persona: dict) -> dict:
    """The browser's part: mockpass redirects straight back, choosing the persona from headers."""
    response = urllib3.PoolManager().request("GET", authorization_url, headers=persona, redirect=False,
                                             timeout=urllib3.Timeout(total=10))
    assert response.status == 302, response.data[:200]
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    return dict(parse_qsl(urlsplit(location).query))


def test_singpass_login_end_to_end(mockpass):
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    assert callback["state"] == login.state
    code = provider.code_from_callback(callback, login)
    claims = provider.exchange_code(code, REDIRECT_URI, login)
    assert (claims["iss"], claims["aud"], claims["nonce"]) == (mockpass.singpass_issuer, CLIENT_ID, login.nonce)
    assert claims["sub"] == f"s={NRIC},u={UUID}"
    identity = SingpassIdentity.from_claims(claims)
    assert (identity.nric, identity.uuid) == (NRIC, UUID)


def test_corppass_login_end_to_end(mockpass):
    provider = provider_for(mockpass, "Corppass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), CORPPASS_PERSONA)
    claims = provider.exchange_code(provider.code_from_callback(callback, login), REDIRECT_URI, login)
    assert claims["sub"] == f"s={NRIC},u={UUID},c=SG"
    identity = CorppassIdentity.from_claims(claims)
    assert identity == CorppassIdentity(
        nric=NRIC, uuid=UUID, uen=UEN, entity_type="UEN", entity_status="Registered",
        account_type="User", singpass_holder=False, full_name=None,  # custom personas carry no name
    )


@pytest.mark.parametrize(("name", "persona"), [("Singpass", SINGPASS_PERSONA), ("Corppass", CORPPASS_PERSONA)])
def test_mockpass_id_tokens_are_es256_inside_ecdh_es_jwe_to_the_portal_key(mockpass, name, persona):
    recording = RecordingPool()
    provider = provider_for(mockpass, name, http=recording)
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), persona)
    claims = provider.exchange_code(provider.code_from_callback(callback, login), REDIRECT_URI, login)
    id_token = recording.token_responses[0]["id_token"]
    outer = header_of(id_token)
    assert (outer["alg"], outer["enc"], outer["cty"]) == ("ECDH-ES+A256KW", "A256CBC-HS512", "JWT")
    assert outer["kid"] == mockpass.keys.encryption_key.kid
    assert claims["exp"] - claims["iat"] == 24 * 60 * 60


def test_state_round_trips_and_a_tampered_state_is_caught(mockpass):
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    assert callback["state"] == login.state
    with pytest.raises(LoginFailed) as failed:
        provider.code_from_callback({**callback, "state": login.state[:-1] + "x"}, login)
    assert failed.value.reason_code == "state_mismatch"


def test_a_code_from_another_login_fails_on_the_nonce(mockpass):
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    other_login = dataclasses.replace(login, nonce=provider.new_login_secrets().nonce)
    with pytest.raises(LoginFailed) as failed:
        provider.exchange_code(callback["code"], REDIRECT_URI, other_login)
    assert failed.value.reason_code == "nonce_mismatch"


def test_mockpass_accepts_a_reused_code(mockpass):
    """Real Singpass answers invalid_grant (the unit fake does too); mockpass 4.3.4 issues a second
    ID token for the same code. The portal refuses the replay before it gets here: the login
    attempt holding state, nonce and verifier is consumed by the first callback."""
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    first = provider.exchange_code(callback["code"], REDIRECT_URI, login)
    second = provider.exchange_code(callback["code"], REDIRECT_URI, login)
    assert second["sub"] == first["sub"] and second["nonce"] == login.nonce


def test_mockpass_does_not_check_pkce(mockpass):
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    wrong_verifier = dataclasses.replace(login, code_verifier=provider.new_login_secrets().code_verifier)
    claims = provider.exchange_code(callback["code"], REDIRECT_URI, wrong_verifier)
    assert claims["nonce"] == login.nonce


def test_mockpass_has_no_fapi2_endpoints(mockpass):
    provider = provider_for(mockpass, "Singpass", fapi2=True)
    assert "pushed_authorization_request_endpoint" not in provider.metadata()
    with pytest.raises(LoginFailed) as failed:
        provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert failed.value.reason_code == "discovery_failed"


def test_a_client_assertion_signed_with_an_unpublished_key_is_refused(mockpass):
    stranger, _, _ = RelyingPartyKeys.generate()
    provider = provider_for(mockpass, "Singpass")
    login = provider.new_login_secrets()
    callback = log_in_at_mockpass(provider.authorization_url(REDIRECT_URI, login), SINGPASS_PERSONA)
    provider.keys = stranger  # mockpass verifies assertions against the portal's published JWKS
    with pytest.raises(LoginFailed) as failed:
        provider.exchange_code(callback["code"], REDIRECT_URI, login)
    assert (failed.value.reason_code, failed.value.provider_error) == ("provider_error", "invalid_client")
