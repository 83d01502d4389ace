"""A person's notification settings: email and SMS per topic, and confirming a mobile number.

A number gets SMS only once the person typed back the code sent to it: a mistyped number never
receives someone else's court dates. Codes are six digits, valid for ten minutes, five tries each,
at most three an hour; only a keyed digest of the code (bound to the person and the number) is
stored. Every change is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from botocore.exceptions import ClientError

from ..domain.audit import Actor, AuditAction
from ..domain.channels import (
    CODE_DIGITS,
    CODE_VALID_FOR,
    MAX_CODE_ATTEMPTS,
    ChannelChoices,
    PendingMobile,
    TopicChoice,
    check_code_may_be_sent,
    check_code_may_be_tried,
    mask_mobile,
)
from ..domain.errors import RuleViolation
from ..domain.notices import NoticeTopic
from ..domain.principals import InboxOwner, Principal
from ..settings import get_settings
from ..store import channel_settings, recipients
from ..store.keys import inbox_pk
from ..store.unit_of_work import UnitOfWork
from .channels import SmsChannel
from .inbox import owner_of


@dataclass(frozen=True)
class SettingsView:
    email: str | None  # the address on record (the registry's for an accused, the firm's for its staff)
    mobile: str | None  # confirmed, masked
    pending_mobile: str | None  # waiting for its code, masked
    pending_expires_at: datetime | None
    choices: dict[NoticeTopic, TopicChoice]


def view(principal: Principal) -> SettingsView:
    """The settings and the address on record: one BatchGetItem."""
    owner = owner_of(principal)
    if owner.kind == "person":
        contacts = recipients.read([owner.owner_id], [])
        email = contacts.people[owner.owner_id].email if owner.owner_id in contacts.people else None
    else:
        contacts = recipients.read([], [(owner.firm_uen or "", owner.owner_id)])
        member = contacts.members.get((owner.firm_uen or "", owner.owner_id))
        email = member.email if member else None
    settings = contacts.settings_of(owner)
    return SettingsView(
        email=email,
        mobile=mask_mobile(settings.mobile) if settings.mobile else None,
        pending_mobile=mask_mobile(settings.pending.mobile) if settings.pending else None,
        pending_expires_at=settings.pending.expires_at if settings.pending else None,
        choices=settings.choices.all_topics(),
    )


def save_choices(actor: Actor, principal: Principal, topics: dict[NoticeTopic, TopicChoice], now: datetime) -> None:
    owner = owner_of(principal)
    choices = ChannelChoices(topics={**ChannelChoices().all_topics(), **topics})
    write = UnitOfWork(actor, now)
    channel_settings.save_choices_in(write, owner, choices)
    write.audit(AuditAction.NOTIFICATION_CHOICES_CHANGED, detail="; ".join(
        f"{topic.label}: email {'on' if c.email else 'off'}, SMS {'on' if c.sms else 'off'}"
        for topic, c in choices.topics.items()))
    write.commit()


def code_digest(owner: InboxOwner, mobile: str, code: str) -> str:
    """How a code is stored: keyed with the pepper and bound to the person and the number, so a
    copy of the table reveals no code and a code confirms nothing but the number it was sent to."""
    pepper = get_settings().identifier_pepper.get_secret_value().encode()
    return hmac.new(pepper, f"mobile-code|{inbox_pk(owner)}|{mobile}|{code}".encode(), hashlib.sha256).hexdigest()


def send_code(actor: Actor, principal: Principal, mobile: str, now: datetime) -> str:
    """Send a code to ``mobile`` (already a valid Singapore mobile number in E.164); returns the
    number masked, as the page shows it."""
    owner = owner_of(principal)
    settings = channel_settings.get(owner)
    recent = check_code_may_be_sent(settings, now)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    pending = PendingMobile(mobile=mobile, code_digest=code_digest(owner, mobile, code), expires_at=now + CODE_VALID_FOR)
    write = UnitOfWork(actor, now)
    channel_settings.start_confirmation_in(write, owner, pending, (*recent, now), settings)
    write.audit(AuditAction.MOBILE_CODE_SENT, target=mask_mobile(mobile))
    write.commit()
    minutes = int(CODE_VALID_FOR.total_seconds() // 60)
    try:
        SmsChannel.send_text(mobile, f"ICMS: {code} is your code to confirm this number for court notices. "
                                     f"It expires in {minutes} minutes. Never share it. If you did not ask for it, "
                                     "ignore this message.")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"InvalidParameter", "InvalidParameterValue", "OptedOut"}:
            raise RuleViolation("an SMS could not be sent to that number; check it and try again", field="mobile") from error
        raise
    return mask_mobile(mobile)


def confirm(actor: Actor, principal: Principal, code: str, now: datetime) -> str:
    """Confirm the number waiting for ``code``; returns it masked."""
    owner = owner_of(principal)
    settings = channel_settings.get(owner)
    pending = check_code_may_be_tried(settings, now)
    if not hmac.compare_digest(pending.code_digest, code_digest(owner, pending.mobile, code)):
        channel_settings.count_wrong_code(owner, pending)
        left = MAX_CODE_ATTEMPTS - pending.attempts - 1
        raise RuleViolation(f"that code is not the one sent; {left} {'try' if left == 1 else 'tries'} left"
                            if left > 0 else "that code is not the one sent; ask for a new one", field="code")
    write = UnitOfWork(actor, now)
    channel_settings.confirm_in(write, owner, pending)
    write.audit(AuditAction.MOBILE_CONFIRMED, target=mask_mobile(pending.mobile))
    write.commit()
    return mask_mobile(pending.mobile)


def remove_mobile(actor: Actor, principal: Principal, now: datetime) -> None:
    owner = owner_of(principal)
    write = UnitOfWork(actor, now)
    channel_settings.remove_mobile_in(write, owner)
    write.audit(AuditAction.MOBILE_REMOVED)
    write.commit()
