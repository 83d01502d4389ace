"""How people are told: the channels, each person's choices per topic, and their mobile number.

The portal inbox always gets every notice. Email and SMS are chosen per topic (court dates, and the
topics later kinds of notice bring); both start on, and SMS reaches only a Singapore mobile number
the person has confirmed with a code sent to it. A bailor has no account: they are told by email
and SMS at the address and number the registry recorded from the bail bond.
"""

import re
from datetime import datetime, timedelta
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from .base import Base
from .errors import RuleViolation
from .notices import NoticeTopic


class Channel(str, Enum):
    INBOX = "inbox"
    EMAIL = "email"
    SMS = "sms"

    @property
    def label(self) -> str:
        return {"inbox": "Portal inbox", "email": "Email", "sms": "SMS"}[self.value]


class TopicChoice(Base):
    model_config = ConfigDict(frozen=True, extra="forbid")

    email: bool = True
    sms: bool = True


class ChannelChoices(Base):
    """Email and SMS on or off per topic; a topic never chosen has both on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    topics: dict[NoticeTopic, TopicChoice] = Field(default_factory=dict)

    def for_topic(self, topic: NoticeTopic) -> TopicChoice:
        return self.topics.get(topic, TopicChoice())

    def all_topics(self) -> dict[NoticeTopic, TopicChoice]:
        return {topic: self.for_topic(topic) for topic in NoticeTopic}


# --- Singapore mobile numbers ------------------------------------------------------------------

_MOBILE = re.compile(r"[89][0-9]{7}")


def singapore_mobile(value: str) -> str:
    """A Singapore mobile number in E.164 (``+6591234567``), from what people type (``9123 4567``,
    ``+65 9123-4567``). Landlines (6...) and other countries' numbers cannot receive our SMS."""
    digits = re.sub(r"[\s()-]", "", value)
    if digits.startswith("+65"):
        digits = digits[3:]
    if not _MOBILE.fullmatch(digits):
        raise ValueError("must be a Singapore mobile number: 8 digits starting with 8 or 9, e.g. 9123 4567")
    return f"+65{digits}"


def mobile_or_none(value: str | None) -> str | None:
    """The number in E.164 if it is a Singapore mobile number (a bailor's recorded phone may be a
    landline, which gets no SMS)."""
    if not value:
        return None
    try:
        return singapore_mobile(value)
    except ValueError:
        return None


SingaporeMobile = Annotated[str, AfterValidator(singapore_mobile)]


def mask_mobile(mobile: str) -> str:
    """``+65 ****4567``: enough for a person to recognise their number, no more."""
    return f"+65 ****{mobile[-4:]}"


# --- confirming a mobile number ----------------------------------------------------------------

CODE_DIGITS = 6
CODE_VALID_FOR = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 3


class PendingMobile(Base):
    """A number waiting for its code: the code is kept only as a keyed digest."""

    model_config = ConfigDict(frozen=True)

    mobile: str
    code_digest: str
    expires_at: datetime
    attempts: int = 0


class ChannelSettings(Base):
    """One person's choices, confirmed mobile, and a number being confirmed."""

    model_config = ConfigDict(frozen=True)

    choices: ChannelChoices = Field(default_factory=ChannelChoices)
    mobile: str | None = None
    pending: PendingMobile | None = None
    codes_sent_at: tuple[datetime, ...] = ()  # the last hour's codes, to limit how many go out

    def codes_sent_since(self, since: datetime) -> tuple[datetime, ...]:
        return tuple(at for at in self.codes_sent_at if at >= since)


def check_code_may_be_sent(settings: ChannelSettings, now: datetime) -> tuple[datetime, ...]:
    """Refuse a fourth code within the hour; return the sends that count towards the limit."""
    recent = settings.codes_sent_since(now - timedelta(hours=1))
    if len(recent) >= MAX_CODES_PER_HOUR:
        retry_at = min(recent) + timedelta(hours=1)
        minutes = max(1, int((retry_at - now).total_seconds() // 60) + 1)
        raise RuleViolation(f"{MAX_CODES_PER_HOUR} codes were sent in the last hour; try again in {minutes} minutes",
                            field="mobile")
    return recent


def check_code_may_be_tried(settings: ChannelSettings, now: datetime) -> PendingMobile:
    pending = settings.pending
    if pending is None:
        raise RuleViolation("there is no number waiting for a code; enter your mobile number first", field="code")
    if now >= pending.expires_at:
        raise RuleViolation("this code has expired; ask for a new one", field="code")
    if pending.attempts >= MAX_CODE_ATTEMPTS:
        raise RuleViolation("too many wrong codes; ask for a new one", field="code")
    return pending


def valid_code_format(code: str) -> str:
    code = code.strip().replace(" ", "")
    if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", code):
        raise ValueError(f"must be the {CODE_DIGITS} digits sent to your mobile")
    return code


ConfirmationCode = Annotated[str, AfterValidator(valid_code_format)]
