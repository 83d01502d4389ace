"""What SES tells us about mail after it left: bounces and complaints, read from SNS messages.

SES publishes to an SNS topic, which delivers to an SQS queue (``infra/resources.yaml``), in one of
two shapes: identity notifications (``notificationType``) or configuration-set events
(``eventType``). Only a permanent bounce or a complaint makes an address undeliverable; a transient
bounce (a full mailbox) is retried by SES itself and changes nothing here.
"""

import json
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError

from .base import Base


class UndeliverableAddress(Base):
    model_config = ConfigDict(frozen=True)

    address_id: str
    address: str
    feedback: Literal["bounce", "complaint"]
    reason: str
    first_at: datetime
    last_at: datetime
    times: int


class _Recipient(Base):
    emailAddress: str
    status: str | None = None
    diagnosticCode: str | None = None


class _Bounce(Base):
    bounceType: str
    bounceSubType: str | None = None
    bouncedRecipients: list[_Recipient] = Field(min_length=1)
    timestamp: datetime


class _Complaint(Base):
    complainedRecipients: list[_Recipient] = Field(min_length=1)
    complaintFeedbackType: str | None = None
    timestamp: datetime


class _SesMessage(Base):
    model_config = ConfigDict(extra="allow")

    notificationType: str | None = None
    eventType: str | None = None
    bounce: _Bounce | None = None
    complaint: _Complaint | None = None


class Undeliverable(Base):
    """Addresses SES says must not be mailed again, with why."""

    model_config = ConfigDict(frozen=True)

    feedback: Literal["bounce", "complaint"]
    at: datetime
    addresses: tuple[tuple[str, str], ...]  # (address, reason)


class NotSesFeedback(ValueError):
    """The message is not an SES notification this consumer understands."""


def read_ses_feedback(body: str) -> Undeliverable | None:
    """The addresses to mark from one queue message (an SNS envelope, or the raw SES message);
    None for what marks nothing (a delivery, a transient bounce). Raises ``NotSesFeedback``."""
    try:
        outer = json.loads(body)
        inner = json.loads(outer["Message"]) if isinstance(outer, dict) and outer.get("Type") == "Notification" else outer
        message = _SesMessage.model_validate(inner)
    except (ValueError, KeyError, TypeError, ValidationError) as error:
        raise NotSesFeedback(f"not an SES notification: {error}") from error
    kind = message.notificationType or message.eventType
    if not kind:
        raise NotSesFeedback("not an SES notification: it has neither notificationType nor eventType")
    if kind == "Bounce" and message.bounce is not None:
        bounce = message.bounce
        if bounce.bounceType != "Permanent":
            return None
        return Undeliverable(feedback="bounce", at=bounce.timestamp, addresses=tuple(
            (r.emailAddress, _bounce_reason(bounce, r)) for r in bounce.bouncedRecipients))
    if kind == "Complaint" and message.complaint is not None:
        complaint = message.complaint
        reason = f"the recipient reported our email as unwanted ({complaint.complaintFeedbackType or 'no type given'})"
        return Undeliverable(feedback="complaint", at=complaint.timestamp,
                             addresses=tuple((r.emailAddress, reason) for r in complaint.complainedRecipients))
    if kind in {"Bounce", "Complaint"}:
        raise NotSesFeedback(f"an SES {kind} notification without its {kind.lower()} details")
    return None


def _bounce_reason(bounce: _Bounce, recipient: _Recipient) -> str:
    detail = recipient.diagnosticCode or recipient.status or "no diagnostic given"
    return f"bounced permanently ({bounce.bounceSubType or 'General'}): {detail}"[:300]
