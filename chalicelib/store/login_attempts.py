"""Sign-ins in progress: ``LOGIN#<sha256(state)>`` / ``LOGIN``, single use, ten minutes at most.

The record holds what the callback needs to finish the sign-in (nonce, PKCE verifier, where to
go next) and the hash of a random value kept in the browser's cookie, so that a callback only
completes in the browser that started it. Taking the record deletes it in the same request, so
a state (and with it an authorization code) can be used once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError

from .keys import LOGIN_SK, login_pk
from .table import Entity


@dataclass(frozen=True)
class LoginAttempt:
    state: str
    provider: str
    purpose: str
    nonce: str = field(repr=False)
    code_verifier: str = field(repr=False)
    browser_hash: str = field(repr=False)
    next_path: str
    created_at: datetime
    expires_at: datetime
    dpop_key: str | None = field(default=None, repr=False)


class LoginAttemptItem(Entity, discriminator="login_attempt"):
    state = UnicodeAttribute()
    provider = UnicodeAttribute()
    purpose = UnicodeAttribute()
    nonce = UnicodeAttribute()
    code_verifier = UnicodeAttribute()
    browser_hash = UnicodeAttribute()
    next_path = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    dpop_key = UnicodeAttribute(null=True)


def put(attempt: LoginAttempt) -> None:
    LoginAttemptItem(
        login_pk(attempt.state),
        LOGIN_SK,
        state=attempt.state,
        provider=attempt.provider,
        purpose=attempt.purpose,
        nonce=attempt.nonce,
        code_verifier=attempt.code_verifier,
        browser_hash=attempt.browser_hash,
        next_path=attempt.next_path,
        created_at=attempt.created_at,
        dpop_key=attempt.dpop_key,
        expires_at=attempt.expires_at,
    ).save(condition=LoginAttemptItem.pk.does_not_exist())


def take(state: str, now: datetime) -> LoginAttempt | None:
    """Delete the attempt and return it, if it existed and has not expired. Two callbacks with
    the same state race on the conditional delete; only one of them gets the attempt."""
    try:
        response = LoginAttemptItem._get_connection().delete_item(
            login_pk(state), LOGIN_SK, condition=LoginAttemptItem.pk.exists(), return_values="ALL_OLD"
        )
    except DeleteError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    item = LoginAttemptItem.from_raw_data(response["Attributes"])
    if now >= item.expires_at:
        return None
    return LoginAttempt(
        state=item.state, provider=item.provider, purpose=item.purpose, nonce=item.nonce,
        code_verifier=item.code_verifier, browser_hash=item.browser_hash, next_path=item.next_path,
        created_at=item.created_at, expires_at=item.expires_at, dpop_key=item.dpop_key,
    )
