"""What notices cost: delivering one notice (per recipient), and the daily reminder job at two sizes
of the table (the same events due, 1,000 and then 20,000 cases held).

Run from ``bench/round_trips.py`` after the route table; nothing here is timed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bench.counter import SGT, RoundTripCounter, Tally

if TYPE_CHECKING:
    from chalice.test import Client

DUE_EVENTS_PER_DAY = 10  # court events 7, 3 and 1 days ahead: 30 reminders per run
SIZES = (1_000, 20_000)
BACKGROUND_DAYS = range(8, 200)  # the other cases' hearings: never 7, 3 or 1 days ahead


# --- the whole path of a notice, as the event sources drive it ---------------------------------


def stream_records(endpoint: str) -> list[dict]:
    import boto3

    streams = boto3.client("dynamodbstreams", endpoint_url=endpoint)
    arn = boto3.client("dynamodb", endpoint_url=endpoint).describe_table(TableName="icms-dev")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while batch := streams.get_records(ShardIterator=iterator, Limit=1000):
        records += batch["Records"]
        if not batch["Records"]:
            break
        iterator = batch["NextShardIterator"]
    return [{**r, "eventSourceARN": arn} for r in records]


def outbox_inserts(endpoint: str) -> list[dict]:
    return [r for r in stream_records(endpoint) if r["eventName"] == "INSERT"
            and r["dynamodb"]["NewImage"].get("type", {}).get("S") == "outbox"]


def take_queued(queue: str) -> list[dict]:
    """Every message on the queue, as ReceiveMessage returns them (deleted from the queue)."""
    from chalicelib.aws import client, queue_url

    sqs, url, taken = client("sqs"), queue_url(queue), []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                       MessageSystemAttributeNames=["All"],
                                       MessageAttributeNames=["All"]).get("Messages", []):
        taken += batch
        sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                                                        for i, m in enumerate(batch)])
    return taken


def relay(client: Client, records: list[dict]) -> None:
    for start in range(0, len(records), 100):
        result = client.lambda_.invoke("relay_outbox", {"Records": records[start:start + 100]}).payload
        if result != {"batchItemFailures": []}:
            raise RuntimeError(f"the outbox relay failed: {result}")


def deliver(client: Client, messages: list[dict]) -> dict:
    from local.event_runner import sqs_event

    from chalicelib.settings import get_settings

    arn = f"arn:aws:sqs:ap-southeast-1:123456789012:{get_settings().notifications_queue}"
    result = {"batchItemFailures": []}
    for start in range(0, len(messages), 10):
        result = client.lambda_.invoke("deliver_notifications", sqs_event(messages[start:start + 10], arn,
                                                                          "ap-southeast-1")).payload
        if result.get("batchItemFailures"):
            raise RuntimeError(f"delivery failed: {result}")
    return result


def deliver_everything(client: Client, endpoint: str, relayed: int = 0) -> int:
    """Relay the outbox records after the first ``relayed`` and deliver what they queued; returns
    how many outbox records the stream holds now."""
    from chalicelib.settings import get_settings

    records = outbox_inserts(endpoint)
    relay(client, records[relayed:])
    deliver(client, take_queued(get_settings().notifications_queue))
    return len(records)


# --- one notice, measured ----------------------------------------------------------------------


@dataclass
class DeliveryCost:
    kind: str
    recipients: dict[str, int]  # relation -> people
    channels: dict[str, int]  # channel -> messages
    tally: Tally


def one_delivery(client: Client, counter: RoundTripCounter, endpoint: str, relayed: int, move) -> tuple[DeliveryCost, int]:
    """Make a change whose notice goes to everyone on a case (``move``, unmeasured), relay it
    (unmeasured), then measure ``deliver_notifications`` for that one message."""
    from chalicelib.services import delivery
    from chalicelib.settings import get_settings

    move()
    records = outbox_inserts(endpoint)
    relay(client, records[relayed:])
    [message] = take_queued(get_settings().notifications_queue)
    outcomes, real = [], delivery.deliver
    delivery.deliver = lambda notice: outcomes.append(real(notice)) or outcomes[-1]  # to read who it reached
    try:
        with counter.measure() as tally:
            deliver(client, [message])
    finally:
        delivery.deliver = real
    [outcome] = outcomes
    kind = json.loads(message["Body"])["kind"]
    return DeliveryCost(kind, outcome["recipients"], {c: n for c, n in outcome["sent"].items() if n}, tally), len(records)


# --- the reminder job at two sizes -------------------------------------------------------------


@dataclass
class ReminderRun:
    cases: int
    reminders: int
    tally: Tally
    planned: int = 0  # messages the schedule queued (one per day ahead)
    pages: int = 0  # pages written by the consumer, the planned ones included


def _at_nine(day_offset: int, fired: datetime) -> datetime:
    day = (fired.astimezone(SGT) + timedelta(days=day_offset)).date()
    return datetime.combine(day, time(9, 30), tzinfo=SGT)


def _put_cases(start: int, count: int, fired: datetime, due: bool) -> None:
    """Cases written in batches, as a bulk load would (moto copies the table per transaction)."""
    from chalicelib.domain.cases import Court, CourtEvent, EventType, Venue
    from chalicelib.domain.notices import REMINDER_DAYS
    from chalicelib.store.case_items import CaseItem, event_item, scheduled_events
    from chalicelib.store.keys import CASE_SK, case_pk, owned_case_sk, person_pk
    from chalicelib.store.table import Entity

    venue = Venue(building="State Courts Towers", room="Court 4A")
    with Entity.batch_write() as batch:
        for n in range(start, start + count):
            case_no, person_id = f"MAC-{800000 + n:06d}-2026", f"bench-person-{n}"
            offset = REMINDER_DAYS[n % len(REMINDER_DAYS)] if due else BACKGROUND_DAYS[n % len(BACKGROUND_DAYS)]
            event = CourtEvent(event_id=f"bench-{n}", type=EventType.MENTION, starts_at=_at_nine(offset, fired),
                               venue=venue)
            batch.save(CaseItem(case_pk(case_no), CASE_SK, case_no=case_no, court=Court.STATE_COURTS.value,
                                status="open", accused_person_id=person_id, accused_name=f"Bench Person {n}",
                                accused_nric_masked="S****000A", filed_at=fired - timedelta(days=30),
                                gsi1pk=person_pk(person_id), gsi1sk=owned_case_sk(case_no),
                                scheduled=scheduled_events([event], fired)))
            batch.save(event_item(case_no, person_id, event, court=Court.STATE_COURTS,
                                  accused_name=f"Bench Person {n}"))


def write_reminder_pages(client: Client) -> dict:
    """Hand every queued reminder page (and the pages each queues after it) to its consumer, one
    message per invocation, as the event source does."""
    from local.event_runner import sqs_event

    from chalicelib.settings import get_settings

    queue = get_settings().reminder_pages_queue
    arn = f"arn:aws:sqs:ap-southeast-1:123456789012:{queue}"
    totals = {"events": 0, "reminders": 0, "pages": 0}
    while pages := take_queued(queue):
        for page in pages:
            result = client.lambda_.invoke("remind_court_dates", sqs_event([page], arn, "ap-southeast-1")).payload
            for key in totals:
                totals[key] += result[key]
    return totals


def reminder_scale(client: Client, counter: RoundTripCounter, fired: datetime,
                   sizes: tuple[int, ...] = SIZES) -> list[ReminderRun]:
    """The same due events with 1,000 and then 20,000 cases in the table: what the schedule and
    the pages it fans out to read, together."""
    from local.event_runner import scheduled_event

    due = DUE_EVENTS_PER_DAY * 3
    _put_cases(0, due, fired, due=True)
    runs, held = [], due
    for size in sizes:
        _put_cases(held, size - held, fired, due=False)
        held = size
        event = scheduled_event("arn:aws:events:ap-southeast-1:123456789012:rule/icms-dev-send_court_reminders",
                                "123456789012", "ap-southeast-1", fired)
        with counter.measure() as tally:
            planned = client.lambda_.invoke("send_court_reminders", event).payload
            written = write_reminder_pages(client)
        runs.append(ReminderRun(size, written["reminders"], tally, planned["pages_queued"], written["pages"]))
    return runs
