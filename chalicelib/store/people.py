"""Accused persons: ``PERSON#<person_id>`` / ``PROFILE``."""

from __future__ import annotations

from datetime import date

from pynamodb.attributes import UnicodeAttribute

from ..domain.errors import Conflict
from ..domain.people import Person
from .keys import PROFILE_SK, person_pk
from .table import Entity
from .unit_of_work import UnitOfWork


class PersonItem(Entity, discriminator="person"):
    person_id = UnicodeAttribute()
    nric = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    mobile = UnicodeAttribute(null=True)
    date_of_birth = UnicodeAttribute(null=True)


def upsert_in(write: UnitOfWork, person: Person) -> None:
    """Create the person, or refresh the contact details the registry last recorded."""
    item = PersonItem(person_pk(person.person_id), PROFILE_SK)
    actions = [
        PersonItem.type.set(PersonItem),
        PersonItem.person_id.set(person.person_id),
        PersonItem.nric.set(person.nric),
        PersonItem.name.set(person.name),
    ]
    for attribute, value in (
        (PersonItem.email, person.email),
        (PersonItem.mobile, person.mobile),
        (PersonItem.date_of_birth, person.date_of_birth.isoformat() if person.date_of_birth else None),
    ):
        actions.append(attribute.set(value) if value is not None else attribute.remove())
    # A keyed-hash collision between two NRICs would merge two people: refuse instead.
    condition = PersonItem.nric.does_not_exist() | (PersonItem.nric == person.nric)
    write.update(item, actions, condition, refused=Conflict(
        "the NRIC/FIN clashes with another person's record; contact support", field="accused.nric"))


def get_person(person_id: str) -> Person | None:
    try:
        return to_person(PersonItem.get(person_pk(person_id), PROFILE_SK))
    except PersonItem.DoesNotExist:
        return None


def to_person(item: PersonItem) -> Person:
    return Person(
        person_id=item.person_id,
        nric=item.nric,
        name=item.name,
        email=item.email,
        mobile=item.mobile,
        date_of_birth=date.fromisoformat(item.date_of_birth) if item.date_of_birth else None,
    )
