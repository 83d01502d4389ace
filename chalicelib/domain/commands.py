"""What every command the portal accepts shares: unknown fields refused, values frozen, and the
common shapes of names and free text."""

from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from .base import Base


class Command(Base):
    model_config = ConfigDict(extra="forbid", frozen=True)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
