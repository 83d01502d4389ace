"""The registry staff list: ``STAFF`` / ``STAFF#<staff_id>``, one partition read in one Query.

Only people on this list can sign in as registry officers. The list is small (tens of officers),
so a single partition is the right shape.
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError

from ..domain.errors import Conflict, NotFound
from ..domain.staff import StaffMember
from .keys import STAFF_PK, staff_sk
from .table import Entity


class StaffItem(Entity, discriminator="staff_member"):
    staff_id = UnicodeAttribute()
    nric = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)


def to_staff(item: StaffItem) -> StaffMember:
    return StaffMember(staff_id=item.staff_id, nric=item.nric, name=item.name, email=item.email, active=item.active)


def add(member: StaffMember) -> None:
    try:
        StaffItem(
            STAFF_PK, staff_sk(member.staff_id), staff_id=member.staff_id, nric=member.nric, name=member.name,
            email=member.email, active=member.active,
        ).save(condition=StaffItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise Conflict(f"{member.name} is already on the registry staff list") from error
        raise


def get(staff_id: str) -> StaffMember | None:
    try:
        return to_staff(StaffItem.get(STAFF_PK, staff_sk(staff_id), consistent_read=True))
    except StaffItem.DoesNotExist:
        return None


def list_all() -> list[StaffMember]:
    return [to_staff(i) for i in StaffItem.query(STAFF_PK, StaffItem.sk.startswith("STAFF#"))]


def deactivate(staff_id: str) -> None:
    try:
        StaffItem(STAFF_PK, staff_sk(staff_id)).update(
            actions=[StaffItem.active.set(False)], condition=StaffItem.pk.exists()
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise NotFound("no such person on the registry staff list") from error
        raise
