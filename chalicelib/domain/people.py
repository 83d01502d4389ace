"""People the portal knows by NRIC/FIN: accused persons (firm members live with their firm)."""

from datetime import date

from pydantic import ConfigDict

from .base import Base
from .identity import mask_nric


class Person(Base):
    model_config = ConfigDict(frozen=True)

    person_id: str
    nric: str
    name: str
    email: str | None = None
    mobile: str | None = None
    date_of_birth: date | None = None

    @property
    def nric_masked(self) -> str:
        return mask_nric(self.nric)
