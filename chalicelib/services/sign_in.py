"""Signing in through Singpass and Corppass: start the flow, finish it, and decide who the person
is in ICMS.

Three doors: accused persons use Singpass; registry officers use Singpass too but must be on the
registry staff list; law-firm users use Corppass and must hold an active account in a firm the
registry has set up. Whoever gets no account gets a message saying what to do, and no session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache

from ..auth.identities import CorppassIdentity, SingpassIdentity
from ..auth.keys import RelyingPartyKeys
from ..auth.oidc import LoginFailed, LoginSecrets, OidcProvider, pkce_challenge
from ..domain.errors import DomainError
from ..domain.principals import Principal, Role
from ..settings import get_settings
from ..store import firms, login_attempts, people, staff
from ..store.login_attempts import LoginAttempt
from .intake import person_id_for

SINGPASS = "singpass"
CORPPASS = "corppass"


class Purpose(str, Enum):
    ACCUSED = "accused"
    REGISTRY = "registry"
    FIRM = "firm"

    @property
    def provider(self) -> str:
        return CORPPASS if self is Purpose.FIRM else SINGPASS


class SignInRefused(DomainError):
    """The provider vouched for the person, but ICMS has no account for them here."""

    code = "sign_in_refused"

    def __init__(self, message: str, reason_code: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code


@lru_cache(maxsize=1)
def relying_party_keys() -> RelyingPartyKeys:
    settings = get_settings()
    return RelyingPartyKeys(
        settings.rp_signing_key.get_secret_value() if settings.rp_signing_key else None,
        settings.rp_encryption_key.get_secret_value() if settings.rp_encryption_key else None,
    )


@lru_cache(maxsize=2)
def provider(name: str) -> OidcProvider:
    settings = get_settings()
    issuer, client_id = {
        SINGPASS: (settings.singpass_issuer, settings.singpass_client_id),
        CORPPASS: (settings.corppass_issuer, settings.corppass_client_id),
    }[name]
    label = "Singpass" if name == SINGPASS else "Corppass"
    return OidcProvider(label, issuer, client_id, relying_party_keys(), fapi2=settings.oidc_fapi2)


def redirect_uri(provider_name: str) -> str:
    return f"{get_settings().public_base_url}/auth/{provider_name}/callback"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def begin(purpose: Purpose, next_path: str, now: datetime) -> tuple[str, str]:
    """Record the attempt and return ``(provider URL to send the browser to, browser binding)``;
    the binding goes into a cookie and must come back with the callback."""
    oidc = provider(purpose.provider)
    login = oidc.new_login_secrets()
    binding = secrets.token_urlsafe(32)
    login_attempts.put(LoginAttempt(
        state=login.state, provider=purpose.provider, purpose=purpose.value, nonce=login.nonce,
        code_verifier=login.code_verifier, browser_hash=_hash(binding), next_path=next_path,
        created_at=now, expires_at=now + timedelta(minutes=get_settings().login_attempt_minutes),
        dpop_key=login.dpop_key,
    ))
    return oidc.authorization_url(redirect_uri(purpose.provider), login), binding


def complete(provider_name: str, params: dict[str, str], binding: str | None, now: datetime) -> tuple[Principal, str]:
    """Finish a sign-in from the provider's redirect: ``(principal, where to go next)``."""
    oidc = provider(provider_name)
    attempt = login_attempts.take(params.get("state") or "", now)
    if attempt is None or attempt.provider != provider_name:
        raise LoginFailed("unknown_state", "This sign-in has expired or was already used. Please sign in again.")
    if binding is None or not hmac.compare_digest(_hash(binding), attempt.browser_hash):
        raise LoginFailed("wrong_browser", "Please finish signing in with the same browser you started in.")
    login = LoginSecrets(state=attempt.state, nonce=attempt.nonce, code_verifier=attempt.code_verifier,
                         code_challenge=pkce_challenge(attempt.code_verifier), dpop_key=attempt.dpop_key)
    code = oidc.code_from_callback(params, login)
    claims = oidc.exchange_code(code, redirect_uri(provider_name), login)
    return _principal_for(Purpose(attempt.purpose), claims), attempt.next_path


def _principal_for(purpose: Purpose, claims: dict) -> Principal:
    if purpose is Purpose.FIRM:
        return _firm_user(CorppassIdentity.from_claims(claims))
    identity = SingpassIdentity.from_claims(claims)
    if purpose is Purpose.REGISTRY:
        return _registry_officer(identity)
    return _accused(identity)


def _accused(identity: SingpassIdentity) -> Principal:
    person_id = person_id_for(identity.nric)
    person = people.get_person(person_id)
    # Someone with no case yet may still sign in: the portal tells them they have none.
    name = person.name if person else f"Singpass user {identity.masked_nric}"
    return Principal(role=Role.ACCUSED, subject_id=person_id, display_name=name)


def _registry_officer(identity: SingpassIdentity) -> Principal:
    officer = staff.get(person_id_for(identity.nric))
    if officer is None or not officer.active:
        raise SignInRefused(
            "You are not on the State Courts Crime Registry's staff list, so you cannot use the "
            "registry's back office. If you should be, ask your supervisor to add you. If you are "
            "an accused person, sign in from the portal's start page instead.",
            "not_registry_staff",
        )
    return Principal(role=Role.REGISTRY, subject_id=officer.staff_id, display_name=officer.name)


def _firm_user(identity: CorppassIdentity) -> Principal:
    firm, member = firms.get_firm_and_member(identity.uen, person_id_for(identity.nric))
    if firm is None or not firm.active:
        raise SignInRefused(
            f"Your organisation (UEN {identity.uen}) is not set up on ICMS. A law firm's first access "
            "is set up by the State Courts Crime Registry, which creates the firm's administrator "
            "account: please ask the registry, or call the ICMS helpdesk for law firms on 6756 3874.",
            "firm_not_registered",
        )
    if member is None or not member.active:
        state = "has been deactivated" if member else "does not exist yet"
        raise SignInRefused(
            f"Your ICMS account at {firm.name} {state}. Your firm's ICMS administrator manages the "
            "accounts of counsel and paralegals: please ask them.",
            "no_firm_account" if member is None else "firm_account_deactivated",
        )
    return Principal(role=member.role, subject_id=member.member_id, display_name=member.name,
                     firm_uen=firm.uen, firm_name=firm.name)
