"""The in-process provider of ``tests/fixtures/fake_oidc.py`` checked on its own, so that the
other OIDC tests' failures mean something."""

import json

from joserfc import jwe, jws

from tests.fixtures.fake_oidc import REDIRECT_URI, b64_json, new_fake


def test_fake_id_token_is_a_signed_jwt_inside_a_jwe_to_the_portal():
    fake, _ = new_fake()
    token = fake.id_token(fake.claims("n-1"))
    assert token.count(".") == 4
    header = b64_json(token.split(".")[0])
    assert (header["alg"], header["enc"], header["kid"]) == (
        "ECDH-ES+A256KW", "A256CBC-HS512", fake.rp_keys.encryption_key.kid)
    inner = jwe.decrypt_compact(token, fake.rp_keys.encryption_key).plaintext
    verified = jws.deserialize_compact(inner, fake.signing_key, algorithms=["ES256"])
    assert json.loads(verified.payload)["nonce"] == "n-1"


def test_fake_refuses_a_code_twice_and_a_wrong_verifier():
    fake, provider = new_fake()
    login = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    form = {"code": code, "redirect_uri": REDIRECT_URI, "code_verifier": "wrong" * 10}
    assert fake._token(form).status == 400
    assert fake._token({**form, "code_verifier": login.code_verifier}).status == 400  # already used
