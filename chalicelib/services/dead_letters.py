"""Notices that could not be delivered: parked on the dead-letter queue with why, shown to the
registry, and sent back for another try when an officer asks (a bounded number of times).

The notifications consumer parks a message itself, with its reason as message attributes, as
soon as it knows retrying will not help (it is not a notice, its case does not exist, a template
is missing) or after its last attempt; the queue's redrive policy moves a message that crashed
the function every time (no reason recorded) one receive later. Nothing is retried forever: each
message is tried ``MAX_ATTEMPTS`` times per trip, and an officer can send it back at most
``MAX_REDRIVES`` times; after that it stays parked until the queue's retention (14 days) ends it.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from pydantic import ConfigDict

from ..domain.base import Base
from ..aws import client, queue_url
from ..domain.audit import Actor, AuditAction, AuditEntry
from ..settings import get_settings
from ..store import audit

MAX_ATTEMPTS = 5  # one less than the queue's maxReceiveCount, so the consumer parks it with a reason
MAX_REDRIVES = 3
SHOWN = 10  # messages a look at the queue returns (one ReceiveMessage)
REDRIVE_BATCH_LIMIT = 100  # messages one redrive request moves at most

REASON = "icms-reason"
REDRIVES = "icms-redrives"
FAILED_AT = "icms-failed-at"


class DeadLetter(Base):
    model_config = ConfigDict(frozen=True)

    message_id: str
    reason: str
    failed_at: datetime | None
    first_sent_at: datetime | None
    redrives: int
    redrivable: bool
    kind: str | None  # the notice's kind and case, if the body is a notice at all
    case_no: str | None
    body_excerpt: str


class DeadLetterOverview(Base):
    model_config = ConfigDict(frozen=True)

    depth: int  # messages waiting on the dead-letter queue
    in_flight: int  # received by someone (an officer's look, a redrive) and not yet back
    messages: list[DeadLetter]
    outbox_failures: int  # stream batches the relay could not queue (see docs/data-model.md)
    feedback_failures: int  # SES feedback messages that could not be read


@dataclass(frozen=True)
class RedriveResult:
    moved: int
    held: int  # redriven MAX_REDRIVES times already: left where they are


def _dead_letters() -> str:
    return queue_url(get_settings().notifications_dead_letter_queue)


def park(body: str, reason: str, redrives: int, now: datetime, *, queue: str | None = None) -> None:
    """Put a message on a dead-letter queue (the notifications', unless named) with why it is there."""
    url = queue_url(queue) if queue else _dead_letters()
    client("sqs").send_message(QueueUrl=url, MessageBody=body, MessageAttributes={
        REASON: {"DataType": "String", "StringValue": reason[:1000] or "no reason given"},
        REDRIVES: {"DataType": "Number", "StringValue": str(redrives)},
        FAILED_AT: {"DataType": "String", "StringValue": now.isoformat()},
    })


def _depth(queue: str) -> tuple[int, int]:
    attributes = client("sqs").get_queue_attributes(
        QueueUrl=queue_url(queue), AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


def overview() -> DeadLetterOverview:
    """Depths of the failure queues and a look at up to ``SHOWN`` parked notices (received with a
    visibility timeout of 0, so they stay where they are)."""
    settings = get_settings()
    depth, in_flight = _depth(settings.notifications_dead_letter_queue)
    received = client("sqs").receive_message(
        QueueUrl=_dead_letters(), MaxNumberOfMessages=SHOWN, VisibilityTimeout=0, WaitTimeSeconds=0,
        MessageAttributeNames=["All"], MessageSystemAttributeNames=["SentTimestamp"],
    ).get("Messages", [])
    return DeadLetterOverview(
        depth=depth, in_flight=in_flight, messages=[_dead_letter(m) for m in received],
        outbox_failures=sum(_depth(settings.outbox_failures_queue)),
        feedback_failures=sum(_depth(settings.email_feedback_dead_letter_queue)),
    )


def _attribute(message: dict, name: str) -> str | None:
    return (message.get("MessageAttributes") or {}).get(name, {}).get("StringValue")


def _dead_letter(message: dict) -> DeadLetter:
    body = message.get("Body", "")
    kind = case_no = None
    try:
        parsed = json.loads(body)
        if isinstance(parsed, dict):
            kind, case_no = parsed.get("kind"), parsed.get("case_no")
            kind = kind if isinstance(kind, str) else None
            case_no = case_no if isinstance(case_no, str) else None
    except ValueError:
        pass
    failed_at = _attribute(message, FAILED_AT)
    sent = (message.get("Attributes") or {}).get("SentTimestamp")
    redrives = int(_attribute(message, REDRIVES) or 0)
    return DeadLetter(
        message_id=message["MessageId"],
        reason=_attribute(message, REASON) or ("no reason recorded: the function stopped before it could record one "
                                               "(a timeout or a crash); see its logs"),
        failed_at=datetime.fromisoformat(failed_at) if failed_at else None,
        first_sent_at=datetime.fromtimestamp(int(sent) / 1000, tz=timezone.utc) if sent else None,
        redrives=redrives, redrivable=redrives < MAX_REDRIVES,
        kind=kind, case_no=case_no, body_excerpt=body[:300],
    )


def redrive(actor: Actor, now: datetime) -> RedriveResult:
    """Send the parked notices back to the notifications queue, each at most ``MAX_REDRIVES``
    times, and record who did it. Moves at most the messages waiting when it began (and never more
    than ``REDRIVE_BATCH_LIMIT``), so messages that fail again at once are not picked up twice."""
    sqs, source, dead = client("sqs"), queue_url(get_settings().notifications_queue), _dead_letters()
    budget = min(_depth(get_settings().notifications_dead_letter_queue)[0], REDRIVE_BATCH_LIMIT)
    moved = held = 0
    seen: set[str] = set()
    while budget > 0:
        batch = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=min(10, budget), VisibilityTimeout=60,
                                    WaitTimeSeconds=0, MessageAttributeNames=["All"]).get("Messages", [])
        fresh = [m for m in batch if m["MessageId"] not in seen]
        if not fresh:
            break
        for message in fresh:
            seen.add(message["MessageId"])
            budget -= 1
            redrives = int(_attribute(message, REDRIVES) or 0)
            if redrives >= MAX_REDRIVES:
                held += 1
                sqs.change_message_visibility(QueueUrl=dead, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
                continue
            sqs.send_message(QueueUrl=source, MessageBody=message["Body"], MessageAttributes={
                REDRIVES: {"DataType": "Number", "StringValue": str(redrives + 1)}})
            sqs.delete_message(QueueUrl=dead, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    # Queues are not the table: the entry records what was done, on its own.
    audit.append(AuditEntry.by(actor, AuditAction.DEAD_LETTERS_REDRIVEN, now, detail=(
        f"{moved} sent back for delivery; {held} held (redriven {MAX_REDRIVES} times already)")))
    return RedriveResult(moved, held)
