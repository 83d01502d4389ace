"""Who gets a notice by which channel, and what stops it reaching someone: pure rules, no AWS.

Everyone on record the notice is for gets it in their portal inbox if they have one; by email if
they have an address that has not bounced and they chose email for the topic; by SMS if they have
a confirmed Singapore mobile number and chose SMS for it. The bailor, who has no account and so no
choices, gets email and SMS wherever the registry recorded an address and a mobile number.
Whatever keeps a notice from someone (no way to reach a bailor, an address that bounced, an
account that no longer exists) is a problem the registry sees.
"""

from dataclasses import dataclass
from datetime import datetime

from pydantic import ConfigDict

from .base import Base
from .channels import Channel, TopicChoice
from .notices import NoticeTopic, Relation
from .principals import InboxOwner


@dataclass(frozen=True)
class Recipient:
    relation: Relation  # chooses the wording of the notice
    description: str  # for the registry: "the accused", "counsel Lim Wei Ling (Tan & Lim LLP)"
    inbox: InboxOwner | None  # portal users only
    email: str | None = None
    mobile: str | None = None  # E.164; confirmed by the person, or recorded for a bailor
    choice: TopicChoice | None = None  # None: no account to choose with (a bailor)
    email_blocked: str | None = None  # why the address gets nothing (it bounced, or complained)


@dataclass(frozen=True)
class Problem:
    """Something that kept (part of) a notice from someone."""

    relation: Relation
    recipient: str
    channel: Channel | None
    reason: str


@dataclass(frozen=True)
class Route:
    recipient: Recipient
    channels: tuple[Channel, ...]


def route(recipient: Recipient, topic: NoticeTopic) -> tuple[Route, list[Problem]]:
    choice = recipient.choice or TopicChoice()
    channels: list[Channel] = []
    problems: list[Problem] = []
    if recipient.inbox is not None:
        channels.append(Channel.INBOX)
    if recipient.email and choice.email:
        if recipient.email_blocked:
            problems.append(Problem(recipient.relation, recipient.description, Channel.EMAIL,
                                    f"not emailed: {recipient.email_blocked}"))
        else:
            channels.append(Channel.EMAIL)
    if recipient.mobile and choice.sms:
        channels.append(Channel.SMS)
    if not channels:
        problems.append(Problem(recipient.relation, recipient.description, None, _unreachable(recipient)))
    return Route(recipient, tuple(channels)), problems


def _unreachable(recipient: Recipient) -> str:
    if recipient.inbox is None and not recipient.email and not recipient.mobile:
        return "not told: no email address or mobile number is recorded"
    return "not told: every channel that could reach them is off or failing"


def plan(recipients: list[Recipient], topic: NoticeTopic) -> tuple[list[Route], list[Problem]]:
    routes, problems = [], []
    for recipient in recipients:
        found, trouble = route(recipient, topic)
        if found.channels:
            routes.append(found)
        problems += trouble
    return routes, problems


class RecordedProblem(Base):
    """A problem as the registry sees it: which notice, whom it missed, by which channel, why."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    notice_id: str
    kind: str
    case_no: str
    relation: Relation
    recipient: str
    channel: Channel | None
    reason: str
