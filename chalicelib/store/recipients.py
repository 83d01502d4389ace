"""What delivery needs to know about the people a notice is for, read in one BatchGetItem.

The accused's profile (``PERSON#<id>/PROFILE``), each counsel's account (``FIRM#<uen>/MEMBER#<id>``)
and each of their channel settings (``INBOX#<owner>/CHANNELS``) come back together, read
consistently so that a person created in the change that sent the notice is found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.channels import ChannelSettings
from ..domain.firms import FirmMember
from ..domain.people import Person
from ..domain.principals import InboxOwner
from .channel_settings import ChannelSettingsItem, to_settings
from .channel_settings import key as settings_key
from .firms import FirmMemberItem, to_member
from .keys import PROFILE_SK, firm_pk, member_sk, person_pk
from .people import PersonItem, to_person
from .table import Entity

@dataclass(frozen=True)
class Contacts:
    people: dict[str, Person] = field(default_factory=dict)
    members: dict[tuple[str, str], FirmMember] = field(default_factory=dict)  # (uen, member id)
    settings: dict[InboxOwner, ChannelSettings] = field(default_factory=dict)

    def settings_of(self, owner: InboxOwner) -> ChannelSettings:
        return self.settings.get(owner, ChannelSettings())


def read(person_ids: list[str], members: list[tuple[str, str]]) -> Contacts:
    owners = [InboxOwner.person(p) for p in person_ids] + [InboxOwner.member(uen, m) for uen, m in members]
    keys = [(person_pk(p), PROFILE_SK) for p in person_ids]
    keys += [(firm_pk(uen), member_sk(m)) for uen, m in members]
    keys += [settings_key(owner) for owner in owners]
    keys = list(dict.fromkeys(keys))
    if not keys:
        return Contacts()
    owner_of = {settings_key(owner)[0]: owner for owner in owners}
    contacts = Contacts()
    for item in Entity.batch_get(keys, consistent_read=True):
        if isinstance(item, PersonItem):
            contacts.people[item.person_id] = to_person(item)
        elif isinstance(item, FirmMemberItem):
            contacts.members[(item.firm_uen, item.member_id)] = to_member(item)
        elif isinstance(item, ChannelSettingsItem) and item.pk in owner_of:
            contacts.settings[owner_of[item.pk]] = to_settings(item)
    return contacts
