"""Singapore identity numbers: NRIC/FIN validation and masking, and law-firm UENs.

NRIC/FIN checksums follow the published ICA algorithm: weights 2,7,6,5,4,3,2 over the seven
digits; S/T/F/G add 0 or 4 and index a fixed letter table; the M series (issued from 2022) adds 3
and reads its table at ``10 - (sum mod 11)``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Annotated

from pydantic import AfterValidator

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
# ASCII only: \d would also match fullwidth and Arabic-Indic digits.
_NRIC_SHAPE = re.compile(r"([STFGM])([0-9]{7})([A-Z])")
_CITIZEN_LETTERS = "JZIHGFEDCBA"
_FOREIGNER_LETTERS = "XWUTRQPNMLK"
_M_SERIES_LETTERS = "KLJNPQRTUWX"
_OFFSETS = {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}

# Business-registry UENs: 9 or 10 characters ending in a letter (e.g. 201912345K, T08LL1234A).
_UEN_SHAPE = re.compile(r"[0-9]{8}[A-Z]|[0-9]{9}[A-Z]|[ST][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z]")


def nric_check_letter(prefix: str, digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS)) + _OFFSETS[prefix]
    remainder = total % 11
    if prefix == "M":
        return _M_SERIES_LETTERS[10 - remainder]
    table = _CITIZEN_LETTERS if prefix in "ST" else _FOREIGNER_LETTERS
    return table[remainder]


def is_valid_nric(value: str) -> bool:
    match = _NRIC_SHAPE.fullmatch(value)
    if not match:
        return False
    prefix, digits, letter = match.groups()
    return nric_check_letter(prefix, digits) == letter


def normalise_nric(value: str) -> str:
    """Upper-case and strip; raise ValueError with a user-facing message if it is not valid."""
    candidate = value.strip().upper()
    if not _NRIC_SHAPE.fullmatch(candidate):
        raise ValueError("must be an NRIC/FIN: a letter S, T, F, G or M, 7 digits and a letter")
    if not is_valid_nric(candidate):
        raise ValueError("is not a valid NRIC/FIN (the check letter does not match)")
    return candidate


def mask_nric(value: str) -> str:
    """``S8979373D`` -> ``S****373D``: the form shown on pages and in notices."""
    if len(value) != 9:
        return "*" * len(value)
    return f"{value[0]}****{value[5:]}"


def normalise_uen(value: str) -> str:
    candidate = value.strip().upper()
    if not _UEN_SHAPE.fullmatch(candidate):
        raise ValueError("must be a UEN such as 201912345K")
    return candidate


Nric = Annotated[str, AfterValidator(normalise_nric)]
Uen = Annotated[str, AfterValidator(normalise_uen)]


def subject_key(nric: str, pepper: bytes) -> str:
    """The opaque key a person is stored under: a keyed hash, so table keys never reveal NRICs."""
    digest = hmac.new(pepper, f"nric:{nric}".encode(), hashlib.sha256).hexdigest()
    return digest[:32]
