"""What every command the portal accepts shares: unknown fields refused, values frozen, and the
common shapes of names and free text."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StringConstraints

from .base import Base

# Control (Cc), format (Cf: bidirectional overrides, zero-width characters), surrogate (Cs),
# private-use (Co) and unassigned (Cn) code points, and line or paragraph separators (Zl, Zp): no
# name or line of free text holds them, and stored they reorder, hide or break what pages show.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Indic scripts stack up to three or four combining marks on a letter; more is an attack on layout.
MAX_COMBINING_RUN = 4


def plain_text(value: str) -> str:
    """NFC-normalise, and refuse characters that no name or free text holds."""
    value = unicodedata.normalize("NFC", value)
    run = 0
    for character in value:
        category = unicodedata.category(character)
        if category in REFUSED_CATEGORIES:
            raise ValueError(f"contains a character that is not allowed here (U+{ord(character):04X})")
        run = run + 1 if category in ("Mn", "Me") else 0
        if run > MAX_COMBINING_RUN:
            raise ValueError(f"stacks more than {MAX_COMBINING_RUN} combining marks on one letter")
    return value


def plain_paragraphs(value: str) -> str:
    """Free text over several lines (a purpose, a note, a reason): each line plain text, line breaks
    kept as ``\n`` whichever way the browser sent them, and nothing else that is not printable."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(plain_text(line).rstrip() for line in lines)


class Command(Base):
    model_config = ConfigDict(extra="forbid", frozen=True)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(plain_text)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(plain_text)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), AfterValidator(plain_text)]
# A textarea's worth: up to a thousand characters over several lines.
Paragraphs = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
                       AfterValidator(plain_paragraphs)]
