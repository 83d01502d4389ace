"""The channels a notice leaves by, behind one interface: the portal inbox, email (SES) and SMS (SNS).

Each channel takes the messages of one notice and sends them as cheaply as it can: the inbox
writes all of a notice's entries in one transaction; email and SMS send one request per person
(no person sees another's address or number). A message a channel refuses for good (an address
SES rejects, a number SNS rejects) becomes a ``Problem`` and the others go on; a failure worth
retrying (throttling, an outage) raises, and the whole notice is tried again (the inbox entries
are written once whatever happens; an email or SMS already sent may then go twice).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from typing import Protocol

from botocore.exceptions import ClientError

from ..aws import client
from ..domain.channels import Channel
from ..domain.clock import utc_now
from ..domain.delivery import Problem, Recipient
from ..domain.inbox import InboxEntry
from ..domain.notices import NoticeBase
from ..settings import get_settings
from ..store import inbox
from ..store.keys import inbox_entry_id

SENDER_NAME = "State Courts of Singapore (ICMS)"


class Rendered(Protocol):
    """One notice as one kind of recipient reads it (rendered once per relation, not per person)."""

    subject: str
    email_text: str
    email_html: str
    inbox_text: str
    sms_text: str


@dataclass(frozen=True)
class Message:
    recipient: Recipient
    rendered: Rendered


class DeliveryChannel(ABC):
    channel: Channel

    @abstractmethod
    def send(self, notice: NoticeBase, messages: list[Message]) -> list[Problem]:
        """Send every message; return those refused for good as problems; raise to retry."""


class InboxChannel(DeliveryChannel):
    channel = Channel.INBOX

    def send(self, notice: NoticeBase, messages: list[Message]) -> list[Problem]:
        entries = [
            inbox.NewEntry(m.recipient.inbox, InboxEntry(
                entry_id=inbox_entry_id(notice.created_at, notice.notice_id), notice_id=notice.notice_id,
                kind=notice.kind, topic=notice.topic, case_no=notice.case_no,  # type: ignore[attr-defined]
                title=m.rendered.subject, body=m.rendered.inbox_text, link=notice.link_path,
                created_at=notice.created_at))
            for m in messages if m.recipient.inbox is not None
        ]
        if entries:
            inbox.add_all(entries)
        return []


# SES and SNS answer these for a message that will never be accepted as it is; anything else
# (throttling, a timeout, an outage) is worth another try.
_REFUSED_FOR_GOOD = {"MessageRejected", "InvalidParameterValue", "InvalidParameter", "BadRequestException",
                     "NotFoundException", "OptedOut"}


def _refused_for_good(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in _REFUSED_FOR_GOOD


def email_message(to: str, subject: str, text: str, html: str) -> bytes:
    """A well-formed MIME message: plain text and HTML alternatives, marked as sent by a machine
    (RFC 3834) so that auto-responders stay quiet, and nothing that tracks the reader."""
    sender = get_settings().email_sender
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "en-SG"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message.as_bytes()


class EmailChannel(DeliveryChannel):
    channel = Channel.EMAIL

    def send(self, notice: NoticeBase, messages: list[Message]) -> list[Problem]:
        problems = []
        for m in messages:
            address = m.recipient.email
            if not address:
                continue
            try:
                self.send_one(address, m.rendered.subject, m.rendered.email_text, m.rendered.email_html)
            except ClientError as error:
                if not _refused_for_good(error):
                    raise
                problems.append(Problem(m.recipient.relation, m.recipient.description, Channel.EMAIL,
                                        f"SES refused {address}: {error.response['Error'].get('Message', '')}"))
        return problems

    @staticmethod
    def send_one(address: str, subject: str, text: str, html: str) -> None:
        settings = get_settings()
        request = {
            "FromEmailAddress": settings.email_sender,
            "Destination": {"ToAddresses": [address]},
            "Content": {"Raw": {"Data": email_message(address, subject, text, html)}},
        }
        if settings.email_configuration_set:  # bounces and complaints come back through it
            request["ConfigurationSetName"] = settings.email_configuration_set
        client("sesv2").send_email(**request)


class SmsChannel(DeliveryChannel):
    channel = Channel.SMS

    def send(self, notice: NoticeBase, messages: list[Message]) -> list[Problem]:
        problems = []
        for m in messages:
            if not m.recipient.mobile:
                continue
            try:
                self.send_text(m.recipient.mobile, m.rendered.sms_text)
            except ClientError as error:
                if not _refused_for_good(error):
                    raise
                problems.append(Problem(m.recipient.relation, m.recipient.description, Channel.SMS,
                                        f"SNS refused the number: {error.response['Error'].get('Message', '')}"))
        return problems

    @staticmethod
    def send_text(mobile: str, text: str) -> None:
        client("sns").publish(PhoneNumber=mobile, Message=text, MessageAttributes={
            # Transactional: sent even to numbers that opted out of promotions, at a higher priority.
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": get_settings().sms_sender_id},
        })


CHANNELS: dict[Channel, DeliveryChannel] = {c.channel: c for c in (InboxChannel(), EmailChannel(), SmsChannel())}
