"""The portal's keys, its client assertions and DPoP proofs, and the per-login secrets."""

from __future__ import annotations

import json

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from chalicelib.auth.keys import ConfigurationError, RelyingPartyKeys, dpop_proof, dpop_thumbprint, new_dpop_key
from chalicelib.auth.oidc import new_login_secrets, pkce_challenge
from tests.fixtures.fake_oidc import CLIENT_ID, ISSUER, START, b64_json


@pytest.fixture(scope="module")
def generated():
    return RelyingPartyKeys.generate()


def test_generated_keys_round_trip_through_their_json(generated):
    keys, signing_json, encryption_json = generated
    again = RelyingPartyKeys(signing_json, encryption_json)
    assert again.public_jwks() == keys.public_jwks()


def test_public_jwks_has_one_sig_and_one_enc_key_and_no_private_parts(generated):
    keys, _, _ = generated
    published = keys.public_jwks()["keys"]
    assert [(k["use"], k["alg"], k["crv"]) for k in published] == [
        ("sig", "ES256", "P-256"), ("enc", "ECDH-ES+A256KW", "P-256")]
    assert all("d" not in k and k["kid"] for k in published)
    assert published[0]["kid"] != published[1]["kid"]


def _jwk(**changes) -> str:
    data = ECKey.generate_key("P-256", parameters={"kid": "k1", "use": "sig", "alg": "ES256"}, private=True)
    merged = {**data.as_dict(private=True), **changes}
    return json.dumps({k: v for k, v in merged.items() if v is not None})


@pytest.mark.parametrize(
    ("signing", "problem"),
    [
        (None, "ICMS_RP_SIGNING_KEY is not set"),
        ("  ", "ICMS_RP_SIGNING_KEY is not set"),
        ("{not json", "not valid JSON"),
        (_jwk(d=None), "holds a public key"),
        (_jwk(kid=None), "needs a 'kid'"),
        (_jwk(use="enc"), "must have use 'sig'"),
        (_jwk(alg="ES512"), "must have alg 'ES256'"),
        (json.dumps(ECKey.generate_key("P-521", private=True).as_dict(private=True)), "curve P-256"),
        (json.dumps(RSAKey.generate_key(2048, private=True).as_dict(private=True)), "curve P-256"),
        (_jwk(d="AAAA"), "not a valid EC P-256 private key"),
    ],
)
def test_unusable_signing_keys_are_refused_with_the_setting_named(generated, signing, problem):
    _, _, encryption_json = generated
    with pytest.raises(ConfigurationError, match=problem) as refused:
        RelyingPartyKeys(signing, encryption_json)
    assert '"d"' not in str(refused.value)


def test_a_missing_encryption_key_is_refused(generated):
    _, signing_json, _ = generated
    with pytest.raises(ConfigurationError, match="ICMS_RP_ENCRYPTION_KEY is not set"):
        RelyingPartyKeys(signing_json, None)


def test_the_same_key_id_for_both_keys_is_refused():
    key = ECKey.generate_key("P-256", parameters={"kid": "same"}, private=True).as_dict(private=True)
    with pytest.raises(ConfigurationError, match="different kids"):
        RelyingPartyKeys(json.dumps(key), json.dumps(key))


def test_client_assertion_is_es256_with_kid_and_typ_and_short_lived(generated):
    keys, _, _ = generated
    assertion = keys.client_assertion(CLIENT_ID, ISSUER, START)
    public = ECKey.import_key(keys.signing_key.as_dict(private=False))
    token = jwt.decode(assertion, public, algorithms=["ES256"])
    assert token.header == {"alg": "ES256", "kid": keys.signing_key.kid, "typ": "JWT"}
    claims = token.claims
    assert (claims["iss"], claims["sub"], claims["aud"]) == (CLIENT_ID, CLIENT_ID, ISSUER)
    assert claims["iat"] == int(START)
    assert 0 < claims["exp"] - claims["iat"] <= 120
    assert len(claims["jti"]) >= 32


def test_client_assertions_never_repeat_a_jti(generated):
    keys, _, _ = generated
    jtis = {b64_json(keys.client_assertion(CLIENT_ID, ISSUER, START).split(".")[1])["jti"] for _ in range(20)}
    assert len(jtis) == 20


def test_dpop_proof_shape_follows_rfc_9449():
    key = new_dpop_key()
    proof = dpop_proof(key, "post", "https://id.example/token?x=1#frag", START, nonce="server-nonce")
    header = b64_json(proof.split(".")[0])
    assert header["typ"] == "dpop+jwt"
    assert header["alg"] == "ES256"
    assert set(header["jwk"]) == {"kty", "crv", "x", "y"}  # public only, no "d"
    token = jwt.decode(proof, ECKey.import_key(header["jwk"]), algorithms=["ES256"])
    assert token.claims["htm"] == "POST"
    assert token.claims["htu"] == "https://id.example/token"
    assert token.claims["iat"] == int(START)
    assert token.claims["nonce"] == "server-nonce"
    assert token.claims["jti"]
    assert ECKey.import_key(header["jwk"]).thumbprint() == dpop_thumbprint(key)


def test_each_login_gets_its_own_dpop_key():
    assert dpop_thumbprint(new_dpop_key()) != dpop_thumbprint(new_dpop_key())


def test_pkce_s256_matches_the_rfc_7636_example():
    verifier, challenge = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert pkce_challenge(verifier) == challenge


def test_login_secrets_are_fresh_unguessable_and_consistent():
    first, second = new_login_secrets(), new_login_secrets()
    assert len({first.state, first.nonce, second.state, second.nonce}) == 4
    assert len(first.state) >= 43 and len(first.nonce) >= 43
    assert 43 <= len(first.code_verifier) <= 128
    assert first.code_challenge == pkce_challenge(first.code_verifier)
    assert first.dpop_key is None
    assert new_login_secrets(dpop=True).dpop_key


def test_login_secrets_repr_hides_the_verifier_and_dpop_key():
    login = new_login_secrets(dpop=True)
    shown = repr(login)
    assert login.code_verifier not in shown
    assert login.dpop_key not in shown
