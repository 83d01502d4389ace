"""Singpass and Corppass for the benchmark: the in-process fake provider of the OIDC unit tests
(``tests/fixtures/fake_oidc.py``) stands in for both, and the browser's part of a sign-in is done
here, between the portal's door and its callback.

Nothing from ``chalicelib`` is imported at module level, for the reason given in ``bench.seed``.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

if TYPE_CHECKING:
    from chalice.test import Client

    from tests.fixtures.fake_oidc import FakeProvider

CORPPASS_ACCOUNT_UUID = "3b5e1a3e-8c1f-4a52-9d5e-2f7c0b6a1d44"
SINGPASS_ACCOUNT_UUID = "a9865837-7bd7-46ac-bef4-42a76a946424"


@dataclass
class IdentityProviders:
    """The fakes by provider name (``chalicelib.services.sign_in.SINGPASS`` / ``CORPPASS``)."""

    fakes: dict[str, FakeProvider]

    def requests_seen(self) -> Counter:
        """Requests the fakes have answered so far, counted by provider, method and endpoint."""
        return Counter(
            f"{name} {recorded.method} {recorded.url.removeprefix(fake.issuer)}"
            for name, fake in self.fakes.items()
            for recorded in fake.requests
        )


@contextmanager
def fake_identity_providers() -> Iterator[IdentityProviders]:
    """Make ``chalicelib.services.sign_in`` talk to the fakes while the block is open.

    ``begin`` and ``complete`` look ``provider`` up in their module on every call, so replacing
    the module attribute reaches them. Each relying party is made once and kept, so discovery and
    the provider's keys stay cached between sign-ins as they do in a warm Lambda container.
    """
    from chalicelib.services import sign_in
    from chalicelib.settings import get_settings
    from tests.fixtures.fake_oidc import FakeClock, FakeProvider

    keys = sign_in.relying_party_keys()
    settings = get_settings()
    clock = FakeClock(now=time.time())
    fakes = {
        sign_in.SINGPASS: FakeProvider(keys, clock, issuer=settings.singpass_issuer),
        sign_in.CORPPASS: FakeProvider(keys, clock, issuer=settings.corppass_issuer),
    }
    relying_parties = {name: fake.provider(keys) for name, fake in fakes.items()}
    real_provider = sign_in.provider
    sign_in.provider = lambda name: relying_parties[name]
    try:
        yield IdentityProviders(fakes)
    finally:
        sign_in.provider = real_provider


def singpass_claims(nric: str) -> dict:
    return {"sub": f"s={nric},u={SINGPASS_ACCOUNT_UUID}"}


def corppass_claims(nric: str, uen: str) -> dict:
    return {
        "sub": f"s={nric},u={CORPPASS_ACCOUNT_UUID},c=SG",
        "entityInfo": {"CPEntID": uen, "CPEnt_TYPE": "UEN", "CPEnt_Status": "Registered"},
        "userInfo": {"CPAccType": "User", "ISSPHOLDER": "YES"},
    }


class SignInNotStarted(RuntimeError):
    """The door did not send the browser to the provider, so there is no callback to measure."""


def first_cookie(set_cookie: str | list[str]) -> str:
    """``name=value`` of the first cookie a response sets."""
    header = set_cookie if isinstance(set_cookie, str) else set_cookie[0]
    return header.split(";", 1)[0].strip()


@dataclass(frozen=True)
class ProviderCallback:
    """Everything a browser does before the provider sends it back: start at the portal's door,
    keep the binding cookie, and let the provider authenticate the person whose claims these are.
    Calling it returns the callback's path and headers; the callback itself is what is measured."""

    door: str
    fake: FakeProvider
    claims: dict

    def __call__(self, client: Client) -> tuple[str, dict[str, str]]:
        started = client.http.request("GET", self.door)
        if started.status_code != 303:
            raise SignInNotStarted(f"GET {self.door}: expected 303, got {started.status_code}: {started.body[:300]!r}")
        location = started.headers["Location"]
        code = self.fake.authorize(location)
        # The fake builds the ID token from these claims when the portal redeems the code.
        self.fake.claim_overrides = self.claims
        authorization = dict(parse_qsl(urlsplit(location).query))
        callback_path = urlsplit(authorization["redirect_uri"]).path
        query = urlencode({"code": code, "state": authorization["state"]})
        return f"{callback_path}?{query}", {"Cookie": first_cookie(started.headers["Set-Cookie"])}
