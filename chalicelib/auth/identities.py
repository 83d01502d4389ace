"""Who signed in, read from verified ID token claims (see ``OidcProvider.exchange_code``).

- ``SingpassIdentity.from_claims(claims)``: Singpass v2 ``sub`` is ``s=<NRIC>,u=<UUID>``; the FAPI
  2.0 profile sends ``sub`` = the UUID and the NRIC in ``sub_attributes.identity_number``.
- ``CorppassIdentity.from_claims(claims)``: the person from ``sub`` (``s=<NRIC>``, ``u=...``,
  ``c=SG``; the production ``sub`` also has ``uuid=<UUID>`` beside a short ``u`` user id, so the
  UUID is ``uuid`` when present, else ``u``), the firm from ``entityInfo`` and the account from
  ``userInfo``.

``sub`` values are parsed as comma-separated ``key=value`` pairs in any order, because the order
and the set of fields differ between the providers' versions.

NRIC/FINs are upper-cased and must have the shape of one (a letter S, T, F, G or M, seven digits
and a letter), but their check letter is not verified: the provider is the authority, and test
personas such as mockpass's F9477325W fail the published table. Identities are keyed on the UUID.
The NRIC is kept out of ``repr`` so an identity that reaches a log line or a test report does not
carry it; show it with ``masked_nric`` only. Malformed claims raise ``LoginFailed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.identity import mask_nric
from .oidc import login_failed

_NRIC_SHAPE = re.compile(r"[STFGM][0-9]{7}[A-Z]")
# UUIDs from Singpass, and Corppass user ids such as "CP192": keys, so nothing exotic.
_ACCOUNT_ID_SHAPE = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def parse_subject(sub: str) -> dict[str, str]:
    """``"s=S1234567D,u=abc"`` -> ``{"s": "S1234567D", "u": "abc"}``; ValueError if malformed."""
    pairs: dict[str, str] = {}
    for part in sub.split(","):
        key, separator, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not separator or not key or not value or key in pairs:
            raise ValueError("sub is not a list of distinct key=value pairs")
        pairs[key] = value
    return pairs


def _identity_number(value: object, provider: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise login_failed("malformed_identity", provider)
    nric = value.strip().upper()
    if not _NRIC_SHAPE.fullmatch(nric):
        raise login_failed("unsupported_identity", provider)
    return nric


def _account_id(value: object, provider: str) -> str:
    if not isinstance(value, str) or not _ACCOUNT_ID_SHAPE.match(value.strip()):
        raise login_failed("malformed_identity", provider)
    return value.strip()


def _subject_pairs(claims: dict, provider: str) -> dict[str, str]:
    sub = claims.get("sub")
    if not isinstance(sub, str):
        raise login_failed("malformed_identity", provider)
    try:
        return parse_subject(sub)
    except ValueError:
        raise login_failed("malformed_identity", provider) from None


@dataclass(frozen=True)
class SingpassIdentity:
    nric: str = field(repr=False)
    uuid: str

    @property
    def masked_nric(self) -> str:
        return mask_nric(self.nric)

    @classmethod
    def from_claims(cls, claims: dict) -> SingpassIdentity:
        sub = claims.get("sub")
        if isinstance(sub, str) and "=" not in sub:
            # FAPI 2.0: sub is the UUID itself.
            attributes = claims.get("sub_attributes")
            number = attributes.get("identity_number") if isinstance(attributes, dict) else None
            return cls(nric=_identity_number(number, "Singpass"), uuid=_account_id(sub, "Singpass"))
        pairs = _subject_pairs(claims, "Singpass")
        return cls(nric=_identity_number(pairs.get("s"), "Singpass"), uuid=_account_id(pairs.get("u"), "Singpass"))


@dataclass(frozen=True)
class CorppassIdentity:
    nric: str = field(repr=False)
    uuid: str
    uen: str
    entity_type: str
    entity_status: str
    account_type: str
    singpass_holder: bool
    full_name: str | None = field(default=None, repr=False)

    @property
    def masked_nric(self) -> str:
        return mask_nric(self.nric)

    @classmethod
    def from_claims(cls, claims: dict) -> CorppassIdentity:
        pairs = _subject_pairs(claims, "Corppass")
        entity = claims.get("entityInfo", claims.get("EntityInfo"))
        user = claims.get("userInfo")
        if not isinstance(entity, dict) or not isinstance(user, dict):
            raise login_failed("malformed_identity", "Corppass")
        full_name = user.get("CPUID_FullName")
        return cls(
            nric=_identity_number(pairs.get("s"), "Corppass"),
            uuid=_account_id(pairs.get("uuid", pairs.get("u")), "Corppass"),
            uen=_required_text(entity, "CPEntID").upper(),
            entity_type=_required_text(entity, "CPEnt_TYPE"),
            entity_status=_required_text(entity, "CPEnt_Status"),
            account_type=_required_text(user, "CPAccType"),
            singpass_holder=user.get("ISSPHOLDER") == "YES",
            full_name=full_name.strip() if isinstance(full_name, str) and full_name.strip() else None,
        )


def _required_text(claim: dict, name: str) -> str:
    value = claim.get(name)
    if not isinstance(value, str) or not value.strip():
        raise login_failed("malformed_identity", "Corppass")
    return value.strip()

