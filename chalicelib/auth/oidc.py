"""OpenID Connect relying party for Singpass and Corppass: authorization code flow with PKCE,
private_key_jwt client authentication, and ID tokens that are a JWS nested in a JWE.

The web layer drives one login like this::

    provider = OidcProvider("Singpass", issuer, client_id, keys, fapi2=settings.oidc_fapi2)
    login = provider.new_login_secrets()            # store server-side, bound to the browser
    redirect_to(provider.authorization_url(redirect_uri, login))
    ...                                             # the provider redirects back
    code = provider.code_from_callback(query_params, login)   # checks state, error, iss
    claims = provider.exchange_code(code, redirect_uri, login)  # verified ID token claims
    identity = SingpassIdentity.from_claims(claims)             # see identities.py

- ``LoginSecrets`` / ``new_login_secrets(dpop=False)``: state, nonce, PKCE verifier and S256
  challenge, and (FAPI 2.0) an ephemeral DPoP key. Single use; the caller stores them.
- ``OidcProvider(name, issuer, client_id, keys, http=None, clock=time.time, fapi2=False,
  cache=None)``: endpoints come from discovery only, whose ``issuer`` must equal the configured
  one exactly. Discovery and the provider's JWKS are cached per process (``SHARED_CACHE``); the
  JWKS is fetched again when an unknown ``kid`` appears, at most once per
  ``JWKS_MIN_REFETCH_SECONDS`` so forged tokens cannot make the portal hammer the provider.
- ``authorization_url(redirect_uri, secrets)``: with ``fapi2`` the same parameters are pushed to
  the provider (PAR, RFC 9126) and the URL carries only ``client_id`` and ``request_uri``.
- ``exchange_code(code, redirect_uri, secrets)``: the token request (with a DPoP proof when
  ``fapi2``), then the ID token: a JWE (ECDH-ES+A256KW/A192KW/A128KW; A256CBC-HS512 or A256GCM)
  decrypted with the portal's key, holding an ES256 JWS verified against the provider's key by
  ``kid``; then ``iss``, ``aud``, ``exp``, ``iat`` and ``nonce``.

Every failure raises ``LoginFailed(reason_code, message)``: the code is for logs and metrics, the
message is safe to show the user. Neither ever contains a token, a code or an identity number,
and nothing in this package logs claims.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit
from typing import TYPE_CHECKING

# joserfc, and the cryptography it loads, are imported by the functions that sign, verify or
# decrypt: only signing in needs them, and every other request's cold start is spared them.
if TYPE_CHECKING:
    from joserfc.jwk import ECKey

from .http import JsonResponse, ProviderHttp, ProviderUnreachable, UrllibLike, safe_error_code
from .keys import CLIENT_ASSERTION_TYPE, RelyingPartyKeys, dpop_proof, new_dpop_key

DISCOVERY_TTL_SECONDS = 3600
JWKS_TTL_SECONDS = 3600
JWKS_MIN_REFETCH_SECONDS = 60
CLOCK_LEEWAY_SECONDS = 60
ID_TOKEN_KEY_WRAPS = ("ECDH-ES+A256KW", "ECDH-ES+A192KW", "ECDH-ES+A128KW")
ID_TOKEN_CONTENT_ENCRYPTIONS = ("A256CBC-HS512", "A256GCM")
ID_TOKEN_SIGNING_ALG = "ES256"

_RETRY = "The sign-in with {name} could not be completed. Please sign in again."
_USER_MESSAGES = {
    "provider_unavailable": "{name} is not responding at the moment. Please try again in a few minutes.",
    "discovery_failed": "Sign-in with {name} is not available at the moment. Please try again later.",
    "login_cancelled": "The sign-in with {name} was cancelled.",
    "state_mismatch": "This sign-in has expired or was already used. Please sign in again.",
    "unsupported_identity": "This {name} account cannot be used with this portal.",
}


class LoginFailed(Exception):
    def __init__(self, reason_code: str, message: str, provider_error: str | None = None):
        super().__init__(f"{reason_code}: {message}")
        self.reason_code = reason_code
        self.message = message
        # The provider's OAuth error code (e.g. "invalid_grant"), already reduced to a safe token.
        self.provider_error = provider_error


def login_failed(reason_code: str, provider_name: str, provider_error: str | None = None) -> LoginFailed:
    template = _USER_MESSAGES.get(reason_code, _RETRY)
    return LoginFailed(reason_code, template.format(name=provider_name), provider_error)


@dataclass(frozen=True)
class LoginSecrets:
    state: str
    nonce: str
    code_verifier: str = field(repr=False)
    code_challenge: str
    # FAPI 2.0 only: the ephemeral DPoP private key (JWK JSON) the tokens of this login are bound to.
    dpop_key: str | None = field(default=None, repr=False)


def pkce_challenge(code_verifier: str) -> str:
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_login_secrets(dpop: bool = False) -> LoginSecrets:
    verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43..128
    return LoginSecrets(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=verifier,
        code_challenge=pkce_challenge(verifier),
        dpop_key=new_dpop_key() if dpop else None,
    )


@dataclass
class _Cached:
    value: dict
    fetched_at: float


class ProviderCache:
    """Discovery documents, provider signing keys and DPoP nonces, by issuer, for the life of the process."""

    def __init__(self) -> None:
        self.metadata: dict[str, _Cached] = {}
        self.signing_keys: dict[str, _Cached] = {}
        self.dpop_nonces: dict[str, str] = {}


SHARED_CACHE = ProviderCache()


class OidcProvider:
    def __init__(
        self,
        name: str,
        issuer: str,
        client_id: str,
        keys: RelyingPartyKeys,
        http: UrllibLike | None = None,
        clock: Callable[[], float] = time.time,
        fapi2: bool = False,
        cache: ProviderCache | None = None,
    ):
        self.name = name
        self.issuer = issuer
        self.client_id = client_id
        self.keys = keys
        self.http = ProviderHttp(http)
        self.clock = clock
        self.fapi2 = fapi2
        self.cache = cache if cache is not None else SHARED_CACHE

    def new_login_secrets(self) -> LoginSecrets:
        return new_login_secrets(dpop=self.fapi2)

    # --- discovery and keys ---

    def metadata(self) -> dict:
        cached = self.cache.metadata.get(self.issuer)
        now = self.clock()
        if cached is not None and now - cached.fetched_at < DISCOVERY_TTL_SECONDS:
            return cached.value
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = self._get(url)
        if document.get("issuer") != self.issuer:
            raise self._failed("discovery_failed")
        for required in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            self._check_endpoint(document.get(required))
        self.cache.metadata[self.issuer] = _Cached(document, now)
        return document

    def _endpoint(self, name: str) -> str:
        return self._check_endpoint(self.metadata().get(name))

    def _check_endpoint(self, url: object) -> str:
        # Endpoints must be absolute, and never weaker than the issuer itself (https stays https).
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or not parts.netloc or parts.scheme not in ("https", urlsplit(self.issuer).scheme):
            raise self._failed("discovery_failed")
        return url

    def _signing_key(self, kid: object) -> ECKey:
        if not isinstance(kid, str) or not kid:
            raise self._failed("unknown_signing_key")
        now = self.clock()
        cached = self.cache.signing_keys.get(self.issuer)
        if cached is None or now - cached.fetched_at >= JWKS_TTL_SECONDS:
            cached = self._fetch_signing_keys(now)
        if kid not in cached.value and now - cached.fetched_at >= JWKS_MIN_REFETCH_SECONDS:
            cached = self._fetch_signing_keys(now)  # the provider may have rotated its key
        if kid not in cached.value:
            raise self._failed("unknown_signing_key")
        return cached.value[kid]

    def _fetch_signing_keys(self, now: float) -> _Cached:
        from joserfc.jwk import ECKey
        from joserfc.errors import JoseError
        jwks = self._get(self._endpoint("jwks_uri"))
        keys: dict[str, ECKey] = {}
        for entry in jwks.get("keys") or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if (entry.get("kty"), entry.get("crv")) != ("EC", "P-256"):
                continue
            if entry.get("use", "sig") != "sig" or entry.get("alg", ID_TOKEN_SIGNING_ALG) != ID_TOKEN_SIGNING_ALG:
                continue
            public = {name: entry[name] for name in ("kty", "crv", "x", "y", "kid") if name in entry}
            try:
                keys[entry["kid"]] = ECKey.import_key(public)
            except (JoseError, ValueError, TypeError):
                continue  # one unusable key must not lock everyone out
        cached = _Cached(keys, now)
        self.cache.signing_keys[self.issuer] = cached
        return cached

    # --- the authorization request and its response ---

    def authorization_url(self, redirect_uri: str, secrets: LoginSecrets) -> str:
        params = {
            "response_type": "code",
            "scope": "openid",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "state": secrets.state,
            "nonce": secrets.nonce,
            "code_challenge": secrets.code_challenge,
            "code_challenge_method": "S256",
        }
        authorization_endpoint = self._endpoint("authorization_endpoint")
        if self.fapi2:
            request_uri = self._push_authorization_request(params, secrets)
            params = {"client_id": self.client_id, "request_uri": request_uri}
        separator = "&" if urlsplit(authorization_endpoint).query else "?"
        return authorization_endpoint + separator + urlencode(params)

    def _push_authorization_request(self, params: dict[str, str], secrets: LoginSecrets) -> str:
        endpoint = self.metadata().get("pushed_authorization_request_endpoint")
        if endpoint is None:
            raise self._failed("discovery_failed")  # FAPI 2.0 configured, provider without PAR
        response = self._post_authenticated(self._check_endpoint(endpoint), params, secrets)
        request_uri = response.body.get("request_uri")
        if not response.ok or not isinstance(request_uri, str) or not request_uri:
            raise self._failed("provider_error", response.oauth_error)
        return request_uri

    def code_from_callback(self, params: Mapping[str, str], secrets: LoginSecrets) -> str:
        """The authorization code from the redirect back, once ``state`` (and ``iss``) check out."""
        state = params.get("state")
        if not isinstance(state, str) or not hmac.compare_digest(state.encode(), secrets.state.encode()):
            raise self._failed("state_mismatch")
        error = params.get("error")
        if error:
            raise self._failed("login_cancelled" if error == "access_denied" else "provider_error",
                               safe_error_code(error))
        # RFC 9207 mix-up defence: required when the provider says it sends iss, checked whenever present.
        iss = params.get("iss")
        if iss is None and self.metadata().get("authorization_response_iss_parameter_supported") is True:
            raise self._failed("wrong_issuer")
        if iss is not None and iss != self.issuer:
            raise self._failed("wrong_issuer")
        code = params.get("code")
        if not isinstance(code, str) or not code:
            raise self._failed("missing_code")
        return code

    # --- the token request and the ID token ---

    def exchange_code(self, code: str, redirect_uri: str, secrets: LoginSecrets) -> dict:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self.client_id,
            "code_verifier": secrets.code_verifier,
        }
        response = self._post_authenticated(self._endpoint("token_endpoint"), form, secrets)
        if not response.ok:
            raise self._failed("provider_error", response.oauth_error)
        id_token = response.body.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise self._failed("malformed_token_response")
        return self.verify_id_token(id_token, secrets.nonce)

    def _post_authenticated(self, endpoint: str, form: dict[str, str], secrets: LoginSecrets) -> JsonResponse:
        if self.fapi2 and not secrets.dpop_key:
            raise ValueError("FAPI 2.0 needs login secrets with a DPoP key: use OidcProvider.new_login_secrets()")
        dpop_nonce = self.cache.dpop_nonces.get(self.issuer)
        for attempt in range(2):
            now = self.clock()
            body = {
                **form,
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": self.keys.client_assertion(self.client_id, self.issuer, now),
            }
            headers = {}
            if self.fapi2:
                headers["DPoP"] = dpop_proof(secrets.dpop_key, "POST", endpoint, now, dpop_nonce)
            try:
                response = self.http.post_form(endpoint, body, headers)
            except ProviderUnreachable:
                raise self._failed("provider_unavailable") from None
            # RFC 9449 section 8: the server may insist on a nonce of its choosing. Keep the latest
            # for the next request, and retry this one once with it.
            offered_nonce = response.header("DPoP-Nonce")
            if not self.fapi2 or not offered_nonce:
                return response
            self.cache.dpop_nonces[self.issuer] = offered_nonce
            if attempt > 0 or response.oauth_error != "use_dpop_nonce" or offered_nonce == dpop_nonce:
                return response
            dpop_nonce = offered_nonce
        return response

    def verify_id_token(self, id_token: str, nonce: str) -> dict:
        """Decrypt, verify and check an ID token; returns its claims."""
        from joserfc import jws
        from joserfc.errors import BadSignatureError, JoseError
        signed = self._decrypt_id_token(id_token)
        try:
            header = jws.extract_compact(signed).headers()
        except (JoseError, ValueError, TypeError):
            raise self._failed("malformed_id_token") from None
        # Decided here, before any key is chosen: only ES256 from the provider's published keys.
        if header.get("alg") != ID_TOKEN_SIGNING_ALG:
            raise self._failed("unsupported_algorithm")
        key = self._signing_key(header.get("kid"))
        try:
            verified = jws.deserialize_compact(signed, key, algorithms=[ID_TOKEN_SIGNING_ALG])
        except BadSignatureError:
            raise self._failed("bad_signature") from None
        except (JoseError, ValueError, TypeError):
            raise self._failed("malformed_id_token") from None
        try:
            claims = json.loads(verified.payload)
        except ValueError:
            claims = None
        if not isinstance(claims, dict):
            raise self._failed("malformed_id_token")
        self._check_claims(claims, nonce)
        return claims

    def _decrypt_id_token(self, id_token: str) -> bytes:
        from joserfc import jwe
        from joserfc.errors import JoseError, UnsupportedAlgorithmError
        segments = id_token.count(".") + 1
        if segments == 3:
            raise self._failed("unencrypted_id_token")  # a bare JWS: the provider must encrypt to us
        if segments != 5:
            raise self._failed("malformed_id_token")
        try:
            decrypted = jwe.decrypt_compact(
                id_token,
                self.keys.encryption_key,
                algorithms=[*ID_TOKEN_KEY_WRAPS, *ID_TOKEN_CONTENT_ENCRYPTIONS],
            )
        except UnsupportedAlgorithmError:
            raise self._failed("unsupported_algorithm") from None
        except (JoseError, ValueError, TypeError):
            raise self._failed("decryption_failed") from None
        if not decrypted.plaintext:
            raise self._failed("malformed_id_token")
        return decrypted.plaintext

    def _check_claims(self, claims: dict, nonce: str) -> None:
        from joserfc.jwt import JWTClaimsRegistry
        from joserfc.errors import ClaimError, ExpiredTokenError, MissingClaimError
        registry = JWTClaimsRegistry(
            now=lambda: int(self.clock()),
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise self._failed("token_expired") from None
        except MissingClaimError:
            raise self._failed("missing_claim") from None
        except ClaimError as error:
            reasons = {"iss": "wrong_issuer", "aud": "wrong_audience", "nonce": "nonce_mismatch",
                       "iat": "issued_in_future", "nbf": "issued_in_future"}
            raise self._failed(reasons.get(error.claim, "invalid_claim")) from None
        # OIDC Core 3.1.3.7: with several audiences, the token must name the portal as its azp.
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != self.client_id:
            raise self._failed("wrong_audience")

    # --- helpers ---

    def _get(self, url: str) -> dict:
        try:
            response = self.http.get_json(url)
        except ProviderUnreachable:
            raise self._failed("provider_unavailable") from None
        if not response.ok:
            raise self._failed("provider_unavailable")
        return response.body

    def _failed(self, reason_code: str, provider_error: str | None = None) -> LoginFailed:
        return login_failed(reason_code, self.name, provider_error)
