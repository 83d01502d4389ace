"""Law firms and the people who work in them on the portal."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .identity import mask_nric
from .principals import FIRM_ROLES, Role


class Firm(BaseModel):
    model_config = ConfigDict(frozen=True)

    uen: str
    name: str
    active: bool = True


class FirmMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    member_id: str
    firm_uen: str
    nric: str
    name: str
    role: Role
    email: str | None = None
    active: bool = True

    def model_post_init(self, __context: object) -> None:
        if self.role not in FIRM_ROLES:
            raise ValueError(f"{self.role.value} is not a law-firm role")

    @property
    def nric_masked(self) -> str:
        return mask_nric(self.nric)
