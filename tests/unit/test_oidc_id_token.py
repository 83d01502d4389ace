"""ID token refusals: each test bends one thing in an otherwise valid nested JWS-in-JWE token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from joserfc import jwe, jws, jwt
from joserfc.jwk import ECKey, RSAKey

from chalicelib.auth.oidc import CLOCK_LEEWAY_SECONDS, LoginFailed
from tests.fixtures.fake_oidc import CLIENT_ID, new_fake, new_signing_key, sign_in

NONCE = "nonce-of-this-login"


@pytest.fixture
def fake():
    fake, _ = new_fake()
    return fake


@pytest.fixture
def provider(fake):
    return fake.provider()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, claims: dict, signature: bytes = b"") -> str:
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)])


def refused(provider, token: str, nonce: str = NONCE) -> LoginFailed:
    with pytest.raises(LoginFailed) as failed:
        provider.verify_id_token(token, nonce)
    if len(token) > 20:
        assert token not in str(failed.value)
    return failed.value


def test_a_valid_token_passes(fake, provider):
    claims = provider.verify_id_token(fake.id_token(fake.claims(NONCE)), NONCE)
    assert claims["nonce"] == NONCE


def test_a_token_signed_by_another_key_under_the_provider_kid_is_refused(fake, provider):
    forger = new_signing_key(fake.signing_key.kid)
    token = fake.id_token(fake.claims(NONCE), signing_key=forger)
    assert refused(provider, token).reason_code == "bad_signature"


def test_a_token_without_kid_is_refused(fake, provider):
    inner = jwt.encode({"alg": "ES256"}, fake.claims(NONCE), fake.signing_key, algorithms=["ES256"])
    assert refused(provider, fake.id_token({}, inner=inner)).reason_code == "unknown_signing_key"


def test_an_expired_token_is_refused(fake, provider):
    now = int(fake.clock())
    token = fake.id_token(fake.claims(NONCE, iat=now - 700, exp=now - CLOCK_LEEWAY_SECONDS - 1))
    assert refused(provider, token).reason_code == "token_expired"


def test_a_token_just_past_exp_passes_within_the_leeway(fake, provider):
    now = int(fake.clock())
    token = fake.id_token(fake.claims(NONCE, iat=now - 700, exp=now - CLOCK_LEEWAY_SECONDS + 5))
    assert provider.verify_id_token(token, NONCE)["nonce"] == NONCE


def test_a_token_issued_in_the_future_is_refused(fake, provider):
    now = int(fake.clock())
    token = fake.id_token(fake.claims(NONCE, iat=now + CLOCK_LEEWAY_SECONDS + 60, exp=now + 900))
    assert refused(provider, token).reason_code == "issued_in_future"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "someone-else"}, "wrong_audience"),
        ({"aud": ["someone-else", "another"]}, "wrong_audience"),
        ({"aud": [CLIENT_ID, "another"]}, "wrong_audience"),  # several audiences need azp
        ({"azp": "someone-else"}, "wrong_audience"),
        ({"iss": "https://id.singpass.example/other"}, "wrong_issuer"),
        ({"nonce": "nonce-of-another-login"}, "nonce_mismatch"),
        ({"nonce": None}, "missing_claim"),
        ({"exp": None}, "missing_claim"),
        ({"sub": None}, "missing_claim"),
        ({"exp": "tomorrow"}, "invalid_claim"),
    ],
)
def test_claims_that_do_not_fit_the_login_are_refused(fake, provider, claims, reason):
    assert refused(provider, fake.id_token(fake.claims(NONCE, **claims))).reason_code == reason


@pytest.mark.parametrize("aud", [[CLIENT_ID], CLIENT_ID])
def test_audience_may_be_a_string_or_a_list_holding_the_client(fake, provider, aud):
    assert provider.verify_id_token(fake.id_token(fake.claims(NONCE, aud=aud)), NONCE)["aud"] == aud


def test_several_audiences_pass_when_azp_names_the_client(fake, provider):
    token = fake.id_token(fake.claims(NONCE, aud=[CLIENT_ID, "another"], azp=CLIENT_ID))
    assert provider.verify_id_token(token, NONCE)["azp"] == CLIENT_ID


def test_alg_none_is_refused(fake, provider):
    inner = unsigned({"alg": "none", "kid": fake.signing_key.kid}, fake.claims(NONCE))
    assert refused(provider, fake.id_token({}, inner=inner)).reason_code == "unsupported_algorithm"


def test_hs256_keyed_with_the_provider_public_key_is_refused(fake, provider):
    public_material = json.dumps(fake.signing_key.as_dict(private=False)).encode()
    header = {"alg": "HS256", "kid": fake.signing_key.kid, "typ": "JWT"}
    signing_input = unsigned(header, fake.claims(NONCE)).rsplit(".", 1)[0]
    signature = hmac.new(public_material, signing_input.encode(), hashlib.sha256).digest()
    inner = f"{signing_input}.{b64(signature)}"
    assert refused(provider, fake.id_token({}, inner=inner)).reason_code == "unsupported_algorithm"


@pytest.mark.parametrize(
    ("alg", "key"),
    [
        ("ES512", ECKey.generate_key("P-521", parameters={"kid": "provider-sig-1"}, private=True)),
        ("ES384", ECKey.generate_key("P-384", parameters={"kid": "provider-sig-1"}, private=True)),
        ("RS256", RSAKey.generate_key(2048, parameters={"kid": "provider-sig-1"}, private=True)),
    ],
)
def test_other_signature_algorithms_are_refused(fake, provider, alg, key):
    inner = jwt.encode({"alg": alg, "kid": "provider-sig-1"}, fake.claims(NONCE), key, algorithms=[alg])
    assert refused(provider, fake.id_token({}, inner=inner)).reason_code == "unsupported_algorithm"


def test_a_bare_jws_is_refused_even_when_validly_signed(fake, provider):
    token = fake.id_token(fake.claims(NONCE), encrypt=False)
    assert refused(provider, token).reason_code == "unencrypted_id_token"


def test_a_jwe_to_another_key_is_refused(fake, provider):
    stranger = ECKey.generate_key("P-256", parameters={"kid": fake.rp_keys.encryption_key.kid}, private=True)
    token = fake.id_token(fake.claims(NONCE), recipient=stranger)
    assert refused(provider, token).reason_code == "decryption_failed"


@pytest.mark.parametrize(("key_wrap", "enc"), [("ECDH-ES", "A256GCM"), ("ECDH-ES+A256KW", "A128GCM"),
                                               ("ECDH-ES+A256KW", "A128CBC-HS256")])
def test_other_encryption_algorithms_are_refused(fake, provider, key_wrap, enc):
    token = fake.id_token(fake.claims(NONCE), key_wrap=key_wrap, enc=enc)
    assert refused(provider, token).reason_code == "unsupported_algorithm"


def test_an_rsa_wrapped_jwe_is_refused(fake, provider):
    rsa = RSAKey.generate_key(2048, private=True)
    header = {"alg": "RSA-OAEP-256", "enc": "A256CBC-HS512", "cty": "JWT"}
    inner = fake.sign(fake.claims(NONCE))
    token = jwe.encrypt_compact(header, inner, rsa, algorithms=["RSA-OAEP-256", "A256CBC-HS512"])
    assert refused(provider, token).reason_code == "unsupported_algorithm"


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b", "a.b.c.d", "a.b.c.d.e.f"])
def test_malformed_tokens_are_refused(provider, token):
    assert refused(provider, token).reason_code == "malformed_id_token"


def test_a_jwe_around_something_that_is_not_a_jws_is_refused(fake, provider):
    assert refused(provider, fake.id_token({}, inner="just text")).reason_code == "malformed_id_token"


def test_a_signed_payload_that_is_not_an_object_is_refused(fake, provider):
    header = {"alg": "ES256", "kid": fake.signing_key.kid}
    inner = jws.serialize_compact(header, b'["a", "list"]', fake.signing_key, algorithms=["ES256"])
    assert refused(provider, fake.id_token({}, inner=inner)).reason_code == "malformed_id_token"


def test_token_endpoint_answer_without_id_token_is_refused(fake):
    provider = fake.provider()
    fake._token = lambda form: fake._json(200, {"access_token": "at", "token_type": "Bearer"})
    with pytest.raises(LoginFailed) as failed:
        sign_in(fake, provider)
    assert failed.value.reason_code == "malformed_token_response"
