"""Demo personas for the local persona picker: ``DEMO`` / ``PERSONA#<key>``.

Written only by the local demo loader; the picker that reads them cannot run in prod.
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from ..domain.principals import Principal, Role
from .table import Entity

DEMO_PK = "DEMO"


class PersonaItem(Entity, discriminator="demo_persona"):
    key = UnicodeAttribute()
    description = UnicodeAttribute()
    role = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    firm_uen = UnicodeAttribute(null=True)
    firm_name = UnicodeAttribute(null=True)

    def principal(self) -> Principal:
        return Principal(
            role=Role(self.role),
            subject_id=self.subject_id,
            display_name=self.display_name,
            firm_uen=self.firm_uen,
            firm_name=self.firm_name,
        )


def put(key: str, description: str, principal: Principal) -> None:
    PersonaItem(
        DEMO_PK,
        f"PERSONA#{key}",
        key=key,
        description=description,
        role=principal.role.value,
        subject_id=principal.subject_id,
        display_name=principal.display_name,
        firm_uen=principal.firm_uen,
        firm_name=principal.firm_name,
    ).save()


def all_personas() -> list[PersonaItem]:
    return list(PersonaItem.query(DEMO_PK, PersonaItem.sk.startswith("PERSONA#")))


def get(key: str) -> PersonaItem | None:
    try:
        return PersonaItem.get(DEMO_PK, f"PERSONA#{key}")
    except PersonaItem.DoesNotExist:
        return None
