"""Singpass and Corppass sign-in: the OpenID Connect relying-party core the web layer calls.

``keys`` holds the portal's own keys, ``oidc`` the protocol (discovery, authorization request,
token request, ID token verification), ``identities`` reads who signed in from the claims. There
are no routes, sessions or storage here; see the module docstrings for the flow.
"""

from .identities import CorppassIdentity, SingpassIdentity
from .keys import ConfigurationError, RelyingPartyKeys
from .oidc import LoginFailed, LoginSecrets, OidcProvider, new_login_secrets

__all__ = [
    "ConfigurationError",
    "CorppassIdentity",
    "LoginFailed",
    "LoginSecrets",
    "OidcProvider",
    "RelyingPartyKeys",
    "SingpassIdentity",
    "new_login_secrets",
]
