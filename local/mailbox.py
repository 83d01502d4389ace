"""The local mailbox: every email and SMS moto accepted, newest first, with their bodies rendered.

Served by the local edge at ``/local/mailbox`` while ``make run`` runs; nothing of it is in the
Lambda package, so it cannot exist in AWS. It reads moto's own record of what SES and SNS accepted
(``/moto-api/data.json``), so it shows exactly what a person would have received: the email's
subject, its text part and its HTML part (in a sandboxed frame), and each SMS's text.
"""

from __future__ import annotations

import email
import email.policy
import json
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    sent_at: datetime | None
    text: str
    html: str | None

    @property
    def sent(self) -> str:
        return f"{self.sent_at:%d %b %Y, %H:%M:%S} UTC" if self.sent_at else ""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


def _email(record: dict) -> Email:
    raw = record.get("raw_data")
    if raw is None:  # a message sent with Simple content: moto keeps its subject and one body
        return Email(", ".join((record.get("destinations") or {}).get("ToAddresses", [])), record.get("subject", ""),
                     None, record.get("body", ""), None)
    message = email.message_from_string(raw, policy=email.policy.default)
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    return Email(str(message["To"]), str(message["Subject"]),
                 parsedate_to_datetime(message["Date"]) if message["Date"] else None,
                 text.get_content() if text else "", html.get_content() if html else None)


def read(data: dict) -> tuple[list[Email], list[Sms]]:
    """Emails and SMS from moto's data.json, newest first (moto lists each kind in the order it
    took them; an email's Date header orders it among the others)."""
    ses = data.get("ses", {})
    records = ses.get("Message", []) + ses.get("RawMessage", [])
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    emails = [e for _, e in sorted(((i, _email(r)) for i, r in enumerate(records)),
                                   key=lambda pair: (pair[1].sent_at or earliest, pair[0]), reverse=True)]
    texts = [Sms(r.get("phone_number", ""), r.get("message", "")) for r in data.get("sns", {}).get("SMS", [])]
    return emails, list(reversed(texts))


class Mailbox:
    def __init__(self, moto_url: str) -> None:
        self.moto_url = moto_url
        self._environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))

    def page(self) -> bytes:
        try:
            # moto lists every object it holds, so this takes a while once a session has run long.
            # nosec B310: the stack's own http:// moto on loopback, never a URL from input.
            with urllib.request.urlopen(f"{self.moto_url}/moto-api/data.json", timeout=30) as response:  # nosec B310
                emails, texts = read(json.load(response))
            problem = None
        except (OSError, ValueError) as error:
            emails, texts, problem = [], [], f"moto did not answer at {self.moto_url}: {error}"
        return self._environment.get_template("mailbox.html").render(
            emails=emails, texts=texts, problem=problem, moto_url=self.moto_url).encode()
