"""The portal's own keys as an OpenID Connect relying party, and the JWTs signed with them.

``RelyingPartyKeys(signing_jwk, encryption_jwk)`` takes the two private keys as JWK JSON strings
(``ICMS_RP_SIGNING_KEY`` / ``ICMS_RP_ENCRYPTION_KEY``), both EC P-256:

- the signing key (``use: sig``, ``alg: ES256``) signs the client assertions that authenticate the
  portal at the providers' token and pushed-authorization endpoints;
- the encryption key (``use: enc``, ``alg: ECDH-ES+A256KW``) is the key Singpass and Corppass
  encrypt ID tokens to.

``public_jwks()`` is what the portal publishes at its JWKS URL (public halves only).
``RelyingPartyKeys.generate()`` makes throwaway keys for tests and the local stack, returning the
JWK JSON strings as well so they can be put in the environment of other processes.

``new_dpop_key()`` and ``dpop_proof()`` implement DPoP (RFC 9449) for the FAPI 2.0 profile: one
ephemeral key per login, so access tokens are bound to that login only and never to the long-lived
signing key.

Anything wrong with the configured keys raises ``ConfigurationError`` naming the setting, never the
key material.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING

# joserfc, and the cryptography it loads, are imported by the functions that sign, verify or
# decrypt: only signing in needs them, and every other request's cold start is spared them.
if TYPE_CHECKING:
    from joserfc.jwk import ECKey


SIGNING_ALG = "ES256"
ENCRYPTION_ALG = "ECDH-ES+A256KW"
CURVE = "P-256"
# Singpass and Corppass refuse client assertions valid for more than two minutes.
CLIENT_ASSERTION_LIFETIME_SECONDS = 120
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class ConfigurationError(Exception):
    """The portal's OIDC configuration is unusable; the message names what to fix."""


def _import_private_key(jwk_json: str | None, setting: str, use: str, alg: str) -> ECKey:
    from joserfc.jwk import ECKey
    from joserfc.errors import JoseError
    if not jwk_json or not jwk_json.strip():
        raise ConfigurationError(f"{setting} is not set: it must hold a private EC P-256 JWK (use {use!r})")
    try:
        data = json.loads(jwk_json)
    except ValueError:
        raise ConfigurationError(f"{setting} is not valid JSON: it must hold a private EC P-256 JWK") from None
    if not isinstance(data, dict) or data.get("kty") != "EC" or data.get("crv") != CURVE:
        raise ConfigurationError(f"{setting} must be an EC key on curve {CURVE}")
    if "d" not in data:
        raise ConfigurationError(f"{setting} holds a public key; the private key (with 'd') is needed")
    if not data.get("kid"):
        raise ConfigurationError(f"{setting} needs a 'kid': providers pick the portal's key by kid")
    if data.get("use", use) != use:
        raise ConfigurationError(f"{setting} must have use {use!r}")
    if data.get("alg", alg) != alg:
        raise ConfigurationError(f"{setting} must have alg {alg!r}")
    try:
        # The published JWK must say what the key is for: providers select keys by use and alg.
        return ECKey.import_key({**data, "use": use, "alg": alg})
    except (JoseError, ValueError, TypeError):
        raise ConfigurationError(f"{setting} is not a valid EC {CURVE} private key") from None


def _generate_private_key(use: str, alg: str) -> ECKey:
    from joserfc.jwk import ECKey
    kid = f"icms-{use}-{secrets.token_hex(4)}"
    return ECKey.generate_key(CURVE, parameters={"use": use, "alg": alg, "kid": kid}, private=True)


class RelyingPartyKeys:
    def __init__(self, signing_jwk: str | None, encryption_jwk: str | None):
        self.signing_key = _import_private_key(signing_jwk, "ICMS_RP_SIGNING_KEY", "sig", SIGNING_ALG)
        self.encryption_key = _import_private_key(encryption_jwk, "ICMS_RP_ENCRYPTION_KEY", "enc", ENCRYPTION_ALG)
        if self.signing_key.kid == self.encryption_key.kid:
            raise ConfigurationError("ICMS_RP_SIGNING_KEY and ICMS_RP_ENCRYPTION_KEY must have different kids")

    @classmethod
    def generate(cls) -> tuple[RelyingPartyKeys, str, str]:
        """Throwaway keys: ``(keys, signing_jwk_json, encryption_jwk_json)``."""
        signing = json.dumps(_generate_private_key("sig", SIGNING_ALG).as_dict(private=True))
        encryption = json.dumps(_generate_private_key("enc", ENCRYPTION_ALG).as_dict(private=True))
        return cls(signing, encryption), signing, encryption

    def public_jwks(self) -> dict:
        return {"keys": [self.signing_key.as_dict(private=False), self.encryption_key.as_dict(private=False)]}

    def client_assertion(self, client_id: str, audience: str, now: float) -> str:
        """private_key_jwt client authentication (RFC 7523): a fresh, single-use JWT per request."""
        from joserfc import jwt
        issued_at = int(now)
        claims = {
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "iat": issued_at,
            "exp": issued_at + CLIENT_ASSERTION_LIFETIME_SECONDS,
            "jti": secrets.token_urlsafe(24),
        }
        header = {"alg": SIGNING_ALG, "kid": self.signing_key.kid, "typ": "JWT"}
        return jwt.encode(header, claims, self.signing_key, algorithms=[SIGNING_ALG])


def new_dpop_key() -> str:
    """A fresh ephemeral DPoP key as private JWK JSON, to be kept with the login attempt."""
    from joserfc.jwk import ECKey
    key = ECKey.generate_key(CURVE, private=True)
    return json.dumps(key.as_dict(private=True))


def dpop_proof(dpop_key_jwk: str, method: str, url: str, now: float, nonce: str | None = None) -> str:
    """A DPoP proof JWT (RFC 9449 section 4.2) for one HTTP request."""
    from joserfc import jwt
    from joserfc.jwk import ECKey
    key = ECKey.import_key(json.loads(dpop_key_jwk))
    public = {name: value for name, value in key.as_dict(private=False).items() if name in ("kty", "crv", "x", "y")}
    claims = {
        "jti": secrets.token_urlsafe(24),
        "htm": method.upper(),
        # htu excludes the query and fragment (RFC 9449 section 4.2).
        "htu": url.split("#", 1)[0].split("?", 1)[0],
        "iat": int(now),
    }
    if nonce:
        claims["nonce"] = nonce
    header = {"typ": "dpop+jwt", "alg": SIGNING_ALG, "jwk": public}
    return jwt.encode(header, claims, key, algorithms=[SIGNING_ALG], default_type=None)


def dpop_thumbprint(dpop_key_jwk: str) -> str:
    """The RFC 7638 thumbprint a DPoP-bound token carries as ``cnf.jkt``."""
    from joserfc.jwk import ECKey
    return ECKey.import_key(json.loads(dpop_key_jwk)).thumbprint()
