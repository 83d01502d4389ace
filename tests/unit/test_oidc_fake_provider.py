"""An in-process OpenID provider shaped like Singpass, for the OIDC unit tests (no network).

``FakeProvider`` answers the ``request()`` calls of a urllib3 pool: discovery, JWKS, token and
pushed-authorization endpoints. Like a real provider it verifies the client assertion with the
portal's public signing key, binds codes to the PKCE challenge, nonce and redirect URI of the
authorization request, refuses a code's second use with ``invalid_grant``, and returns ID tokens
that are ES256 JWS nested in a JWE to the portal's encryption key. Each ID token can be bent one
way (another signing key, algorithm, key wrap, recipient...) to test one refusal at a time.

The tests at the bottom check the fake itself, so that the other tests' failures mean something.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from joserfc import jwe, jws, jwt
from joserfc.jwk import ECKey

from chalicelib.auth.keys import RelyingPartyKeys
from chalicelib.auth.oidc import OidcProvider, ProviderCache, pkce_challenge

ISSUER = "https://id.singpass.example/fapi"
CLIENT_ID = "icms-test-client"
REDIRECT_URI = "https://icms.example/auth/singpass/callback"
START = 1_800_000_000.0
SUB = "s=S8979373D,u=a9865837-7bd7-46ac-bef4-42a76a946424"


class FakeClock:
    def __init__(self, now: float = START):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakeResponse:
    status: int
    data: bytes
    headers: dict = field(default_factory=dict)


@dataclass
class Recorded:
    method: str
    url: str
    headers: dict
    form: dict


def b64_json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def new_signing_key(kid: str) -> ECKey:
    return ECKey.generate_key("P-256", parameters={"kid": kid, "use": "sig", "alg": "ES256"}, private=True)


class FakeProvider:
    def __init__(self, rp_keys: RelyingPartyKeys, clock: FakeClock, issuer: str = ISSUER, fapi2: bool = False):
        self.rp_keys = rp_keys
        self.clock = clock
        self.issuer = issuer
        self.fapi2 = fapi2
        self.signing_key = new_signing_key("provider-sig-1")
        self.published_keys = [self.signing_key]
        self.discovery_overrides: dict = {}
        self.requests: list[Recorded] = []
        self.codes: dict[str, dict] = {}
        self.pushed: dict[str, dict] = {}
        self.claim_overrides: dict = {}
        self.token_options: dict = {}  # keyword arguments for id_token() on the token response
        self.dpop_nonce: str | None = None  # when set, DPoP proofs without it get use_dpop_nonce
        self.client_assertions: list[tuple[dict, dict]] = []
        self.dpop_proofs: list[tuple[dict, dict]] = []

    # --- what the provider publishes ---

    def discovery(self) -> dict:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/.well-known/keys",
            "id_token_signing_alg_values_supported": ["ES256"],
        }
        if self.fapi2:
            document["pushed_authorization_request_endpoint"] = f"{self.issuer}/par"
        document.update(self.discovery_overrides)
        return {k: v for k, v in document.items() if v is not None}

    def rotate_signing_key(self, kid: str = "provider-sig-2") -> None:
        self.signing_key = new_signing_key(kid)
        self.published_keys = [self.signing_key]

    def provider(self, keys: RelyingPartyKeys | None = None, **options) -> OidcProvider:
        return OidcProvider("Singpass", self.issuer, CLIENT_ID, keys or self.rp_keys, http=self,
                            clock=self.clock, fapi2=self.fapi2, cache=ProviderCache(), **options)

    # --- ID tokens ---

    def claims(self, login_nonce: str, **overrides) -> dict:
        now = int(self.clock())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": SUB, "iat": now, "exp": now + 600,
                  "nonce": login_nonce, "amr": ["pwd"]}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, claims: dict, key: ECKey | None = None, kid: str | None = None) -> str:
        key = key or self.signing_key
        header = {"alg": "ES256", "typ": "JWT", "kid": kid or key.kid}
        return jwt.encode(header, claims, key, algorithms=["ES256"])

    def encrypt(self, inner: str, key_wrap: str = "ECDH-ES+A256KW", enc: str = "A256CBC-HS512",
                recipient: ECKey | None = None) -> str:
        recipient = recipient or self.rp_keys.encryption_key
        public = ECKey.import_key(recipient.as_dict(private=False))
        header = {"alg": key_wrap, "enc": enc, "kid": recipient.kid, "typ": "JWT", "cty": "JWT"}
        return jwe.encrypt_compact(header, inner.encode(), public, algorithms=[key_wrap, enc])

    def id_token(self, claims: dict, signing_key: ECKey | None = None, kid: str | None = None,
                 key_wrap: str = "ECDH-ES+A256KW", enc: str = "A256CBC-HS512", recipient: ECKey | None = None,
                 inner: str | None = None, encrypt: bool = True) -> str:
        signed = inner if inner is not None else self.sign(claims, signing_key, kid)
        return self.encrypt(signed, key_wrap, enc, recipient) if encrypt else signed

    # --- the browser leg, done by the test ---

    def authorize(self, authorization_url: str) -> str:
        """What the provider does when the browser arrives: returns the code it would redirect with."""
        params = dict(parse_qsl(urlsplit(authorization_url).query))
        if "request_uri" in params:
            pushed = self.pushed.pop(params["request_uri"])
            assert pushed["client_id"] == params["client_id"]
            params = pushed
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"params": params, "used": False}
        return code

    # --- the urllib3 pool interface ---

    def request(self, method: str, url: str, body=None, headers=None, **_options) -> FakeResponse:
        form = dict(parse_qsl(body.decode())) if body else {}
        self.requests.append(Recorded(method, url, dict(headers or {}), form))
        path = url[len(self.issuer):] if url.startswith(self.issuer) else url
        if method == "GET" and path == "/.well-known/openid-configuration":
            return self._json(200, self.discovery())
        if method == "GET" and path == "/.well-known/keys":
            return self._json(200, {"keys": [k.as_dict(private=False) for k in self.published_keys]})
        if method == "POST" and path in ("/token", "/par"):
            refusal = self._check_client(url, form, headers or {})
            if refusal is not None:
                return refusal
            return self._token(form) if path == "/token" else self._par(form)
        return FakeResponse(404, b"<html>not found</html>")

    def requests_to(self, suffix: str) -> list[Recorded]:
        return [r for r in self.requests if urlsplit(r.url).path.endswith(suffix)]

    def _json(self, status: int, body: dict, headers: dict | None = None) -> FakeResponse:
        return FakeResponse(status, json.dumps(body).encode(), headers or {"Content-Type": "application/json"})

    def _check_client(self, url: str, form: dict, headers: dict) -> FakeResponse | None:
        assertion = form.get("client_assertion", "")
        try:
            token = jwt.decode(assertion, self.rp_keys.signing_key, algorithms=["ES256"])
        except Exception:
            return self._json(401, {"error": "invalid_client"})
        self.client_assertions.append((token.header, token.claims))
        if token.claims.get("aud") != self.issuer or token.claims.get("sub") != CLIENT_ID:
            return self._json(401, {"error": "invalid_client"})
        if self.fapi2:
            proof = headers.get("DPoP")
            if not proof:
                return self._json(400, {"error": "invalid_dpop_proof"})
            header = b64_json(proof.split(".")[0])
            verified = jwt.decode(proof, ECKey.import_key(header["jwk"]), algorithms=["ES256"])
            self.dpop_proofs.append((verified.header, verified.claims))
            if verified.claims.get("htu") != url:
                return self._json(400, {"error": "invalid_dpop_proof"})
            if self.dpop_nonce and verified.claims.get("nonce") != self.dpop_nonce:
                return self._json(400, {"error": "use_dpop_nonce"}, {"DPoP-Nonce": self.dpop_nonce})
        return None

    def _par(self, form: dict) -> FakeResponse:
        request_uri = f"urn:ietf:params:oauth:request_uri:{secrets.token_urlsafe(8)}"
        self.pushed[request_uri] = {k: v for k, v in form.items() if not k.startswith("client_assertion")}
        return self._json(201, {"request_uri": request_uri, "expires_in": 60})

    def _token(self, form: dict) -> FakeResponse:
        grant = self.codes.get(form.get("code", ""))
        if grant is None or grant["used"]:
            return self._json(400, {"error": "invalid_grant", "error_description": "code is invalid or used"})
        grant["used"] = True
        params = grant["params"]
        verifier_ok = pkce_challenge(form.get("code_verifier", "")) == params.get("code_challenge")
        if not verifier_ok or form.get("redirect_uri") != params.get("redirect_uri"):
            return self._json(400, {"error": "invalid_grant"})
        claims = self.claims(params["nonce"], **self.claim_overrides)
        return self._json(200, {"access_token": "at-1", "token_type": "DPoP" if self.fapi2 else "Bearer",
                                "id_token": self.id_token(claims, **self.token_options)})


def new_fake(fapi2: bool = False, issuer: str = ISSUER) -> tuple[FakeProvider, OidcProvider]:
    keys, _, _ = RelyingPartyKeys.generate()
    fake = FakeProvider(keys, FakeClock(), issuer=issuer, fapi2=fapi2)
    return fake, fake.provider()


def sign_in(fake: FakeProvider, provider: OidcProvider) -> dict:
    """The whole flow as the web layer runs it; returns the verified claims."""
    login = provider.new_login_secrets()
    code = fake.authorize(provider.authorization_url(REDIRECT_URI, login))
    return provider.exchange_code(code, REDIRECT_URI, login)


# --- the fake itself ---


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
