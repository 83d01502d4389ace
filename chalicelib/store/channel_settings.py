"""A person's channel choices and mobile number: ``INBOX#<owner>`` / ``CHANNELS``.

It sits in the owner's inbox partition, beside their entries and unread count. Delivery reads it
with the recipients' profiles in one BatchGetItem. A number being confirmed keeps only a keyed
digest of its code; confirming moves it to ``mobile`` under the condition that the code is still
the one checked, so a code cannot confirm a number twice or a number it was not sent to.
"""

from __future__ import annotations

import json
from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import UpdateError

from ..domain.channels import ChannelChoices, ChannelSettings, PendingMobile
from ..domain.errors import Conflict
from ..domain.principals import InboxOwner
from .keys import CHANNELS_SK, inbox_pk
from .table import Entity
from .unit_of_work import UnitOfWork


class ChannelSettingsItem(Entity, discriminator="channel_settings"):
    choices = UnicodeAttribute(null=True)  # ChannelChoices as JSON
    mobile = UnicodeAttribute(null=True)
    pending_mobile = UnicodeAttribute(null=True)
    code_digest = UnicodeAttribute(null=True)
    code_expires_at = UTCDateTimeAttribute(null=True)
    code_attempts = NumberAttribute(null=True)
    codes_sent_at = UnicodeAttribute(null=True)  # JSON list of ISO instants within the last hour


def key(owner: InboxOwner) -> tuple[str, str]:
    return inbox_pk(owner), CHANNELS_SK


def to_settings(item: ChannelSettingsItem | None) -> ChannelSettings:
    if item is None:
        return ChannelSettings()
    pending = None
    if item.pending_mobile and item.code_digest and item.code_expires_at:
        pending = PendingMobile(mobile=item.pending_mobile, code_digest=item.code_digest,
                                expires_at=item.code_expires_at, attempts=int(item.code_attempts or 0))
    return ChannelSettings(
        choices=ChannelChoices.model_validate_json(item.choices) if item.choices else ChannelChoices(),
        mobile=item.mobile,
        pending=pending,
        codes_sent_at=tuple(datetime.fromisoformat(at) for at in json.loads(item.codes_sent_at or "[]")),
    )


def get(owner: InboxOwner) -> ChannelSettings:
    try:
        return to_settings(ChannelSettingsItem.get(*key(owner), consistent_read=True))
    except ChannelSettingsItem.DoesNotExist:
        return ChannelSettings()


def _item(owner: InboxOwner) -> ChannelSettingsItem:
    return ChannelSettingsItem(*key(owner))


def save_choices_in(write: UnitOfWork, owner: InboxOwner, choices: ChannelChoices) -> None:
    write.update(_item(owner), [ChannelSettingsItem.type.set(ChannelSettingsItem),
                                ChannelSettingsItem.choices.set(choices.model_dump_json())])


def start_confirmation_in(write: UnitOfWork, owner: InboxOwner, pending: PendingMobile,
                          codes_sent_at: tuple[datetime, ...], previous: ChannelSettings) -> None:
    """Store the code's digest and the new list of codes sent, only if no other code was sent
    since ``previous`` was read (two requests at once cannot exceed the hourly limit)."""
    sent_before = ChannelSettingsItem.codes_sent_at
    unchanged = sent_before == _sent_json(previous.codes_sent_at)
    if not previous.codes_sent_at:
        unchanged = unchanged | sent_before.does_not_exist()
    write.update(_item(owner), [
        ChannelSettingsItem.type.set(ChannelSettingsItem),
        ChannelSettingsItem.pending_mobile.set(pending.mobile),
        ChannelSettingsItem.code_digest.set(pending.code_digest),
        ChannelSettingsItem.code_expires_at.set(pending.expires_at),
        ChannelSettingsItem.code_attempts.set(0),
        ChannelSettingsItem.codes_sent_at.set(_sent_json(codes_sent_at)),
    ], unchanged, refused=Conflict("another code was sent just now; use the newest one", field="mobile"))


def _sent_json(codes_sent_at: tuple[datetime, ...]) -> str:
    return json.dumps([at.isoformat() for at in codes_sent_at])


def count_wrong_code(owner: InboxOwner, pending: PendingMobile) -> None:
    """One more wrong try at this code (a newer code sent meanwhile starts its own count)."""
    try:
        _item(owner).update(actions=[ChannelSettingsItem.code_attempts.add(1)],
                            condition=ChannelSettingsItem.code_digest == pending.code_digest)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def confirm_in(write: UnitOfWork, owner: InboxOwner, pending: PendingMobile) -> None:
    write.update(
        _item(owner),
        [
            ChannelSettingsItem.mobile.set(pending.mobile),
            ChannelSettingsItem.pending_mobile.remove(),
            ChannelSettingsItem.code_digest.remove(),
            ChannelSettingsItem.code_expires_at.remove(),
            ChannelSettingsItem.code_attempts.remove(),
        ],
        (ChannelSettingsItem.code_digest == pending.code_digest)
        & (ChannelSettingsItem.code_attempts == pending.attempts),
        refused=Conflict("this code was replaced or tried meanwhile; ask for a new one", field="code"),
    )


def remove_mobile_in(write: UnitOfWork, owner: InboxOwner) -> None:
    write.update(_item(owner), [
        ChannelSettingsItem.mobile.remove(),
        ChannelSettingsItem.pending_mobile.remove(),
        ChannelSettingsItem.code_digest.remove(),
        ChannelSettingsItem.code_expires_at.remove(),
        ChannelSettingsItem.code_attempts.remove(),
    ], ChannelSettingsItem.mobile.exists(), refused=Conflict("there is no mobile number to remove", field="mobile"))


def confirmed_mobile_in(write: UnitOfWork, owner: InboxOwner, mobile: str) -> None:
    """A number confirmed outside the portal (the local demo data): no code, straight to ``mobile``."""
    write.update(_item(owner), [ChannelSettingsItem.type.set(ChannelSettingsItem), ChannelSettingsItem.mobile.set(mobile)])
