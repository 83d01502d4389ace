"""Registry staff: the State Courts Crime Registry officers allowed into the back office."""

from pydantic import ConfigDict

from .base import Base
from .identity import mask_nric


class StaffMember(Base):
    model_config = ConfigDict(frozen=True)

    staff_id: str
    nric: str
    name: str
    email: str | None = None
    active: bool = True

    @property
    def nric_masked(self) -> str:
        return mask_nric(self.nric)
