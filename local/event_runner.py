"""Deliver queue messages and fire schedules locally, as Lambda and EventBridge do in AWS.

``chalice local`` serves HTTP routes only. This runner imports the same Chalice app, polls the
table's stream for every ``@app.on_dynamodb_record`` handler (``local/streams.py``), long-polls
every queue an ``@app.on_sqs_message`` handler consumes, hands each batch to the handler as a real
SQS event, and deletes exactly the messages the handler did not report in ``batchItemFailures``
(an event source mapping with ReportBatchItemFailures). Failed messages come back after the
queue's visibility timeout and move to the dead-letter queue per its redrive policy. Each
``@app.schedule`` handler fires when its cron or rate expression comes due, with a real
EventBridge "Scheduled Event".
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import signal
import sys
import threading
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from local.environment import STAGE
from local.schedules import next_fire_time, schedule_text
from local.streams import CHECKPOINTS, StreamPoller, StreamSource, source_for

HELP = """\
Deliver SQS messages to the app's @app.on_sqs_message handlers and fire its @app.schedule
handlers, which `chalice local` does not do. `make run` starts this runner for you.

Fire a scheduled handler once, now (e.g. court reminders, normally 09:00 SGT daily), while
`make run` is running in another terminal:

    .venv/bin/python -m local.event_runner --fire send_court_reminders
"""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso_z(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lambda_message_attributes(attributes: dict) -> dict:
    """SQS API attribute names (StringValue) become the camel case Lambda uses (stringValue)."""
    converted = {}
    for name, value in attributes.items():
        binary = value.get("BinaryValue")
        converted[name] = {
            "stringValue": value.get("StringValue"),
            "binaryValue": None if binary is None else _base64(binary),
            "stringListValues": value.get("StringListValues", []),
            "binaryListValues": [_base64(b) for b in value.get("BinaryListValues", [])],
            "dataType": value["DataType"],
        }
    return converted


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sqs_event(messages: list[dict], queue_arn: str, region: str) -> dict:
    """The event Lambda passes to an SQS-triggered function, built from ReceiveMessage output."""
    records = []
    for message in messages:
        record = {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": dict(message.get("Attributes", {})),
            "messageAttributes": _lambda_message_attributes(message.get("MessageAttributes", {})),
            "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode(), usedforsecurity=False).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": queue_arn,
            "awsRegion": region,
        }
        if message.get("MD5OfMessageAttributes"):
            record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
        records.append(record)
    return {"Records": records}


def scheduled_event(rule_arn: str, account: str, region: str, at: datetime) -> dict:
    """The event EventBridge passes to a function a scheduled rule targets."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": _iso_z(at),
        "region": region,
        "resources": [rule_arn],
        "detail": {},
    }


def failed_message_ids(response: Any, batch_ids: list[str]) -> set[str]:
    """Which messages stay on the queue, read as Lambda reads a partial batch response.

    An identifier that is empty or not in the batch makes Lambda treat the whole batch as failed.
    """
    if not isinstance(response, dict):
        return set()
    failures = response.get("batchItemFailures") or []
    reported = {item.get("itemIdentifier") for item in failures if isinstance(item, dict)}
    if len(reported) != len(failures) or not reported <= set(batch_ids):
        return set(batch_ids)
    return reported


@dataclass
class QueueSource:
    handler: str
    queue: str
    batch_size: int
    url: str
    arn: str


@dataclass
class ScheduleSource:
    handler: str
    expression: Any  # a chalice Cron or Rate, or the string form
    rule_arn: str
    next_due: datetime | None = None


@dataclass
class EventRunner:
    invoke: Callable[[str, dict], Any]
    sqs: Any
    region: str
    account: str
    queues: list[QueueSource] = field(default_factory=list)
    schedules: list[ScheduleSource] = field(default_factory=list)
    streams: list[StreamSource] = field(default_factory=list)
    stream_poller: StreamPoller | None = None
    log: Callable[[str], None] = print

    @classmethod
    def for_app(cls, chalice_app, *, sqs, invoke, region: str, account: str, log=print,
                dynamodb=None, dynamodbstreams=None, endpoint: str = "",
                checkpoint_file: Path | None = CHECKPOINTS) -> "EventRunner":
        from chalice.app import DynamoDBEventConfig, ScheduledEventConfig, SQSEventConfig

        runner = cls(invoke=invoke, sqs=sqs, region=region, account=account, log=log)
        stage_prefix = f"{chalice_app.app_name}-{STAGE}"
        if dynamodbstreams is not None:
            runner.stream_poller = StreamPoller(
                dynamodbstreams, sqs, endpoint, invoke,
                function_arn=lambda name: f"arn:aws:lambda:{region}:{account}:function:{stage_prefix}-{name}", log=log,
                checkpoint_file=checkpoint_file)
        for source in chalice_app.event_sources:
            if isinstance(source, DynamoDBEventConfig) and dynamodbstreams is not None:
                runner.streams.append(source_for(source, dynamodb=dynamodb, streams=dynamodbstreams,
                                                 endpoint=endpoint, stage=STAGE, checkpoint_file=checkpoint_file))
            elif isinstance(source, SQSEventConfig):
                queue = source.queue or source.queue_arn.rsplit(":", 1)[1]
                url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
                arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                runner.queues.append(QueueSource(source.name, queue, source.batch_size, url, arn))
            elif isinstance(source, ScheduledEventConfig):
                rule_arn = f"arn:aws:events:{region}:{account}:rule/{stage_prefix}-{source.name}"
                runner.schedules.append(ScheduleSource(source.name, source.schedule_expression, rule_arn))
            else:
                log(f"events: {type(source).__name__} {source.name} is not run locally")
        return runner

    # --- queues --------------------------------------------------------------------------------

    def poll(self, queue: QueueSource, wait_seconds: int) -> int:
        """Receive one batch from ``queue`` and hand it to its handler; return how many came."""
        messages = self.sqs.receive_message(
            QueueUrl=queue.url,
            MaxNumberOfMessages=min(queue.batch_size, 10),
            WaitTimeSeconds=wait_seconds,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if messages:
            self.deliver(queue, messages)
        return len(messages)

    def deliver(self, queue: QueueSource, messages: list[dict]) -> set[str]:
        ids = [m["MessageId"] for m in messages]
        try:
            response = self.invoke(queue.handler, sqs_event(messages, queue.arn, self.region))
        except Exception as error:  # a Lambda that raises fails its whole batch
            traceback.print_exc()
            failed, outcome = set(ids), f"raised {type(error).__name__}: {error}"
        else:
            failed = failed_message_ids(response, ids)
            outcome = f"{len(ids) - len(failed)} done, {len(failed)} failed"
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            self.sqs.delete_message_batch(
                QueueUrl=queue.url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                         for i, m in enumerate(done[start:start + 10])],
            )
        retry = " (retried after the visibility timeout)" if failed else ""
        self.log(f"events: sqs {queue.queue} -> {queue.handler}: {len(ids)} received, {outcome}{retry}")
        return failed

    def relay(self) -> int:
        """Hand each stream's next batch to its handler; return how many records came."""
        assert self.stream_poller is not None or not self.streams
        return sum(self.stream_poller.poll(source) for source in self.streams)

    def drain(self, max_rounds: int = 100) -> int:
        """Deliver until every stream and queue answers empty; return how many records and
        messages were handed over."""
        total = 0
        for _ in range(max_rounds):
            round_total = self.relay() + sum(self.poll(queue, wait_seconds=0) for queue in self.queues)
            total += round_total
            if round_total == 0:
                break
        return total

    # --- schedules -----------------------------------------------------------------------------

    def schedule(self, handler: str) -> ScheduleSource:
        for source in self.schedules:
            if source.handler == handler:
                return source
        known = ", ".join(s.handler for s in self.schedules) or "none"
        raise SystemExit(f"no scheduled handler named {handler!r} (scheduled handlers: {known})")

    def fire(self, source: ScheduleSource, at: datetime) -> Any:
        event = scheduled_event(source.rule_arn, self.account, self.region, at)
        result = self.invoke(source.handler, event)
        self.log(f"events: schedule {source.handler} at {event['time']} -> {json.dumps(result, default=str)}")
        return result

    def tick(self, now: datetime) -> None:
        """Fire every schedule that came due; a long pause fires a schedule once, not per miss."""
        for source in self.schedules:
            if source.next_due is None:
                source.next_due = next_fire_time(source.expression, now)
            elif now >= source.next_due:
                due, source.next_due = source.next_due, next_fire_time(source.expression, max(now, source.next_due))
                try:
                    self.fire(source, due)
                except Exception as error:  # EventBridge would retry; the next firing is soon enough here
                    traceback.print_exc()
                    self.log(f"events: schedule {source.handler} at {_iso_z(due)} raised "
                             f"{type(error).__name__}: {error}")

    def run(self, stop: threading.Event, wait_seconds: int = 1) -> None:
        self.tick(_now())
        for source in self.schedules:
            self.log(f"events: schedule {source.handler} {schedule_text(source.expression)}, "
                     f"next {_iso_z(source.next_due) if source.next_due else 'never'}")
        polled = [f"the {s.table} stream" for s in self.streams] + [q.queue for q in self.queues]
        self.log("events: ready, polling " + (", ".join(polled) or "nothing"))
        while not stop.is_set():
            try:
                # Streams first: what a change committed reaches the queues in the same round.
                while self.relay():
                    pass
            except (BotoCoreError, ClientError) as error:
                self.log(f"events: reading the stream failed: {error}")
                stop.wait(2)
            for queue in self.queues:
                if stop.is_set():
                    break
                try:
                    self.poll(queue, wait_seconds)
                except (BotoCoreError, ClientError) as error:  # moto restarting, say: try again shortly
                    self.log(f"events: polling {queue.queue} failed: {error}")
                    stop.wait(2)
            if not self.queues:
                stop.wait(wait_seconds)
            self.tick(_now())


def _runner_for_this_process(log=print) -> EventRunner:
    """Import the app with the local stack's environment and wire the runner to it."""
    from local.environment import REGION, REPO, STAGE, apply_local_environment, local_ports

    apply_local_environment(local_ports(), keep_existing=True)
    import boto3
    from chalice.test import Client

    import app
    from chalicelib.settings import aws_client_config

    client = Client(app.app, stage_name=STAGE, project_dir=str(REPO))
    config = aws_client_config()
    sqs = boto3.client("sqs", region_name=REGION, config=config)
    account = boto3.client("sts", region_name=REGION, config=config).get_caller_identity()["Account"]
    return EventRunner.for_app(
        app.app,
        sqs=sqs,
        invoke=lambda name, event: client.lambda_.invoke(name, event).payload,
        region=REGION,
        account=account,
        log=log,
        dynamodb=boto3.client("dynamodb", region_name=REGION, config=config),
        dynamodbstreams=boto3.client("dynamodbstreams", region_name=REGION, config=config),
        endpoint=os.environ.get("AWS_ENDPOINT_URL", ""),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local.event_runner", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fire", metavar="HANDLER", help="fire this scheduled handler once, now, and exit")
    parser.add_argument("--once", action="store_true", help="deliver until the queues are empty, then exit")
    args = parser.parse_args(argv)

    try:
        runner = _runner_for_this_process(log=lambda line: print(line, flush=True))
    except EndpointConnectionError as error:
        print(f"moto is not answering ({error}); start the local stack with `make run` first", file=sys.stderr)
        return 1
    if args.fire:
        runner.fire(runner.schedule(args.fire), _now().replace(microsecond=0))
        return 0
    if args.once:
        runner.drain()
        return 0
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    runner.run(stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
