"""The login flow against the in-process fake provider: discovery, the authorization request, the
callback, the token request, provider keys, and the FAPI 2.0 configuration of the same path."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
import urllib3

from chalicelib.auth.keys import dpop_thumbprint
from chalicelib.auth.oidc import JWKS_MIN_REFETCH_SECONDS, LoginFailed, new_login_secrets
from tests.fixtures.fake_oidc import CLIENT_ID, ISSUER, REDIRECT_URI, SUB, new_fake, sign_in


def query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


@pytest.mark.parametrize("key_wrap", ["ECDH-ES+A256KW", "ECDH-ES+A192KW", "ECDH-ES+A128KW"])
@pytest.mark.parametrize("enc", ["A256CBC-HS512", "A256GCM"])
def test_sign_in_succeeds_for_every_accepted_encryption(key_wrap, enc):
    fake, provider = new_fake()
    fake.token_options = {"key_wrap": key_wrap, "enc": enc}
    claims = sign_in(fake, provider)
    assert (claims["sub"], claims["iss"], claims["aud"]) == (SUB, ISSUER, CLIENT_ID)


def test_authorization_url_carries_exactly_the_oidc_and_pkce_parameters():
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    url = provider.authorization_url(REDIRECT_URI, login)
    assert url.startswith(f"{ISSUER}/auth?")
    assert query(url) == {
        "response_type": "code",
        "scope": "openid",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "state": login.state,
        "nonce": login.nonce,
        "code_challenge": login.code_challenge,
        "code_challenge_method": "S256",
    }
    assert login.code_verifier not in url


def test_authorization_endpoint_with_its_own_query_keeps_it():
    fake, provider = new_fake()
    fake.discovery_overrides = {"authorization_endpoint": f"{ISSUER}/auth?realm=sp"}
    url = provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert query(url)["realm"] == "sp" and query(url)["scope"] == "openid"


def test_token_request_sends_code_verifier_redirect_uri_and_a_client_assertion():
    fake, provider = new_fake()
    sign_in(fake, provider)
    (token_request,) = fake.requests_to("/token")
    form = token_request.form
    assert form["grant_type"] == "authorization_code"
    assert form["client_id"] == CLIENT_ID
    assert form["redirect_uri"] == REDIRECT_URI
    assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "DPoP" not in token_request.headers
    header, claims = fake.client_assertions[0]  # verified by the fake with the portal's public key
    assert header == {"alg": "ES256", "kid": fake.rp_keys.signing_key.kid, "typ": "JWT"}
    assert claims["aud"] == ISSUER and claims["iss"] == claims["sub"] == CLIENT_ID
    assert claims["exp"] - claims["iat"] <= 120


def test_a_wrong_code_verifier_is_refused_by_the_provider():
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    other = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    with pytest.raises(LoginFailed) as failed:
        provider.exchange_code(code, REDIRECT_URI, other)
    assert failed.value.reason_code == "provider_error"


def test_reused_code_is_a_provider_error_without_the_code_in_the_message():
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    provider.exchange_code(code, REDIRECT_URI, login)
    with pytest.raises(LoginFailed) as failed:
        provider.exchange_code(code, REDIRECT_URI, login)
    assert failed.value.reason_code == "provider_error"
    assert failed.value.provider_error == "invalid_grant"
    assert code not in str(failed.value) and "Singpass" in failed.value.message


# --- discovery ---


def test_discovery_with_another_issuer_is_refused():
    fake, provider = new_fake()
    fake.discovery_overrides = {"issuer": ISSUER + "/"}
    with pytest.raises(LoginFailed) as failed:
        provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert failed.value.reason_code == "discovery_failed"


@pytest.mark.parametrize("endpoint", ["http://id.singpass.example/token", "/token", None])
def test_discovery_endpoints_must_be_absolute_and_no_weaker_than_the_issuer(endpoint):
    fake, provider = new_fake()
    fake.discovery_overrides = {"token_endpoint": endpoint}
    with pytest.raises(LoginFailed) as failed:
        provider.metadata()
    assert failed.value.reason_code == "discovery_failed"


def test_endpoints_come_from_discovery():
    fake, provider = new_fake()
    fake.discovery_overrides = {"authorization_endpoint": "https://login.singpass.example/authorize"}
    url = provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert url.startswith("https://login.singpass.example/authorize?")


def test_discovery_is_cached_for_an_hour_then_fetched_again():
    fake, provider = new_fake()
    for _ in range(3):
        provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert len(fake.requests_to("/openid-configuration")) == 1
    fake.clock.advance(3601)
    provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert len(fake.requests_to("/openid-configuration")) == 2


def test_an_unreachable_provider_is_reported_as_unavailable():
    fake, provider = new_fake()

    def refuse(*_args, **_kwargs):
        raise urllib3.exceptions.MaxRetryError(None, ISSUER, "connection refused")

    fake.request = refuse
    with pytest.raises(LoginFailed) as failed:
        provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert failed.value.reason_code == "provider_unavailable"


def test_a_provider_answering_html_is_reported_as_unavailable():
    fake, provider = new_fake()
    fake.discovery_overrides = {"jwks_uri": f"{ISSUER}/missing"}
    login = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    with pytest.raises(LoginFailed) as failed:
        provider.exchange_code(code, REDIRECT_URI, login)
    assert failed.value.reason_code == "provider_unavailable"


# --- provider signing keys ---


def test_a_rotated_provider_key_is_fetched_when_its_kid_first_appears():
    fake, provider = new_fake()
    sign_in(fake, provider)
    fake.rotate_signing_key()
    fake.clock.advance(JWKS_MIN_REFETCH_SECONDS + 1)
    assert sign_in(fake, provider)["sub"] == SUB
    assert len(fake.requests_to("/keys")) == 2


def test_unknown_kids_refetch_the_jwks_at_most_once_per_interval():
    fake, provider = new_fake()
    sign_in(fake, provider)
    fake.token_options = {"kid": "no-such-key"}
    fake.clock.advance(JWKS_MIN_REFETCH_SECONDS + 1)
    for _ in range(5):
        with pytest.raises(LoginFailed) as failed:
            sign_in(fake, provider)
        assert failed.value.reason_code == "unknown_signing_key"
    assert len(fake.requests_to("/keys")) == 2
    fake.clock.advance(JWKS_MIN_REFETCH_SECONDS + 1)
    with pytest.raises(LoginFailed):
        sign_in(fake, provider)
    assert len(fake.requests_to("/keys")) == 3


# --- the callback ---


def test_callback_gives_the_code_when_state_round_trips():
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    assert provider.code_from_callback({"code": "c-1", "state": login.state}, login) == "c-1"


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"code": "c-1", "state": "tampered"}, "state_mismatch"),
        ({"code": "c-1"}, "state_mismatch"),
        ({"error": "access_denied"}, "login_cancelled"),
        ({"error": "server_error"}, "provider_error"),
        ({"code": "c-1", "iss": "https://evil.example"}, "wrong_issuer"),
        ({}, "missing_code"),
    ],
)
def test_callback_refusals(params, reason):
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    if reason != "state_mismatch":
        params = {**params, "state": login.state}
    with pytest.raises(LoginFailed) as failed:
        provider.code_from_callback(params, login)
    assert failed.value.reason_code == reason


def test_callback_requires_iss_when_the_provider_announces_it():
    fake, provider = new_fake()
    fake.discovery_overrides = {"authorization_response_iss_parameter_supported": True}
    login = provider.new_login_secrets()
    with pytest.raises(LoginFailed) as failed:
        provider.code_from_callback({"code": "c-1", "state": login.state}, login)
    assert failed.value.reason_code == "wrong_issuer"
    assert provider.code_from_callback({"code": "c-1", "state": login.state, "iss": ISSUER}, login) == "c-1"


# --- FAPI 2.0: the same path with PAR and DPoP ---


def test_fapi2_pushes_the_authorization_request_and_redirects_with_request_uri_only():
    fake, provider = new_fake(fapi2=True)
    login = provider.new_login_secrets()
    url = provider.authorization_url(REDIRECT_URI, login)
    params = query(url)
    assert set(params) == {"client_id", "request_uri"}
    assert params["request_uri"].startswith("urn:ietf:params:oauth:request_uri:")
    (pushed,) = fake.requests_to("/par")
    assert {k: pushed.form[k] for k in ("response_type", "scope", "state", "nonce", "code_challenge",
                                        "code_challenge_method", "redirect_uri", "client_id")} == {
        "response_type": "code", "scope": "openid", "state": login.state, "nonce": login.nonce,
        "code_challenge": login.code_challenge, "code_challenge_method": "S256",
        "redirect_uri": REDIRECT_URI, "client_id": CLIENT_ID}
    assert pushed.form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert fake.client_assertions[0][1]["aud"] == ISSUER


def test_fapi2_binds_par_and_token_requests_to_the_login_dpop_key():
    fake, provider = new_fake(fapi2=True)
    login = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    assert provider.exchange_code(code, REDIRECT_URI, login)["sub"] == SUB
    (par_header, par_claims), (token_header, token_claims) = fake.dpop_proofs
    for header in (par_header, token_header):
        assert header["typ"] == "dpop+jwt" and header["alg"] == "ES256" and "d" not in header["jwk"]
    assert (par_claims["htm"], par_claims["htu"]) == ("POST", f"{ISSUER}/par")
    assert (token_claims["htm"], token_claims["htu"]) == ("POST", f"{ISSUER}/token")
    assert par_claims["jti"] != token_claims["jti"]
    assert par_header["jwk"] == token_header["jwk"]
    assert par_header["jwk"]["x"] in login.dpop_key  # the login's own key, not the portal's sig key
    assert dpop_thumbprint(login.dpop_key) != fake.rp_keys.signing_key.thumbprint()


def test_fapi2_retries_once_with_the_dpop_nonce_the_provider_asks_for():
    fake, provider = new_fake(fapi2=True)
    fake.dpop_nonce = "nonce-from-provider"
    assert sign_in(fake, provider)["sub"] == SUB
    assert [claims.get("nonce") for _, claims in fake.dpop_proofs] == [
        None, "nonce-from-provider", "nonce-from-provider"]  # PAR, its retry, then the token request
    jtis = [claims["jti"] for _, claims in fake.client_assertions]
    assert len(set(jtis)) == len(jtis)


def test_fapi2_without_a_par_endpoint_is_refused():
    fake, provider = new_fake(fapi2=True)
    fake.discovery_overrides = {"pushed_authorization_request_endpoint": None}
    with pytest.raises(LoginFailed) as failed:
        provider.authorization_url(REDIRECT_URI, provider.new_login_secrets())
    assert failed.value.reason_code == "discovery_failed"


def test_fapi2_needs_login_secrets_with_a_dpop_key():
    fake, provider = new_fake(fapi2=True)
    with pytest.raises(ValueError, match="DPoP key"):
        provider.authorization_url(REDIRECT_URI, new_login_secrets())
