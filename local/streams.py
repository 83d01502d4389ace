"""DynamoDB Streams for the local event runner, read as a Lambda event source mapping reads them.

``chalice local`` runs no stream handler, so the runner polls the table's stream (moto keeps one)
and invokes the ``@app.on_dynamodb_record`` handler with real stream events. It honours what the
deployed event source mapping is configured with in ``infra/lambda.yaml``: partial batch failures
(the checkpoint stops before the first failed record, which is retried with the records after
it), a bounded number of retries, then a description of the failed records sent to the
on-failure destination and the shard moving on, so one poison record never blocks the rest.

The position in the stream is kept in ``.local-state/`` between runs of the stack, so a restarted
runner neither relays everything again nor skips what was written while it was down.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import yaml

from local.environment import REPO

INFRA = REPO / "infra"
CHECKPOINTS = REPO / ".local-state" / "stream-checkpoints.json"


def cfn_name(handler: str) -> str:
    """The logical id ``chalice package`` gives a function (``relay_outbox`` -> ``RelayOutbox``)."""
    return "".join(part.capitalize() for part in handler.split("_"))


@dataclass(frozen=True)
class MappingSettings:
    max_retries: int
    failure_queue: str | None  # the on-failure destination's queue name


def mapping_settings(handler: str, stage: str) -> MappingSettings:
    """Retries and on-failure destination of the handler's stream event source, from infra/."""
    overlay = yaml.safe_load((INFRA / "lambda.yaml").read_text())["Resources"]
    resources = yaml.safe_load((INFRA / "resources.yaml").read_text())["Resources"]
    name = cfn_name(handler)
    properties = overlay.get(name, {}).get("Properties", {}).get("Events", {}) \
        .get(f"{name}DynamodbEventSource", {}).get("Properties", {})
    destination = properties.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
    queue = None
    if isinstance(destination, dict) and "Fn::GetAtt" in destination:
        template = resources[destination["Fn::GetAtt"][0]]["Properties"]["QueueName"]["Fn::Sub"]
        queue = template.replace("${Stage}", stage)
    # Lambda's default for stream sources is to retry until the record expires; infra/ bounds it.
    return MappingSettings(max_retries=int(properties.get("MaximumRetryAttempts", -1)), failure_queue=queue)


@dataclass
class StreamSource:
    handler: str
    table: str
    stream_arn: str
    shard_id: str
    batch_size: int
    settings: MappingSettings
    checkpoint: str | None = None  # the last sequence number handled (successfully or given up)
    attempts: int = 0  # invocations so far of the batch that starts after the checkpoint


def _checkpoint_key(endpoint: str, stream_arn: str) -> str:
    return f"{endpoint} {stream_arn}"


def load_checkpoint(endpoint: str, stream_arn: str, path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return json.loads(path.read_text()).get(_checkpoint_key(endpoint, stream_arn))
    except (OSError, ValueError):
        return None


def save_checkpoint(endpoint: str, stream_arn: str, sequence: str, path: Path | None) -> None:
    """Several stacks may run at once (each on its own moto port, so each under its own key): the
    file is updated under a lock and replaced whole, so no stack reads half a file or loses another's."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            saved = json.loads(path.read_text())
        except (OSError, ValueError):
            saved = {}
        saved[_checkpoint_key(endpoint, stream_arn)] = sequence
        written = path.with_suffix(f".{os.getpid()}.tmp")
        written.write_text(json.dumps(saved, indent=2))
        os.replace(written, path)


def stream_event(records: list[dict], stream_arn: str) -> dict:
    """The event Lambda passes to a DynamoDB Streams function, from GetRecords output."""
    return {"Records": [{**record, "eventSourceARN": stream_arn} for record in records]}


def failure_record(source: StreamSource, records: list[dict], function_arn: str, error: str | None) -> dict:
    """What Lambda sends to a stream source's on-failure destination: where the records are, not
    the records themselves (they stay readable in the stream for 24 hours)."""
    first, last = records[0]["dynamodb"], records[-1]["dynamodb"]
    return {
        "requestContext": {"requestId": str(uuid.uuid4()), "functionArn": function_arn,
                           "condition": "RetryAttemptsExhausted", "approximateInvokeCount": source.attempts},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": error or "Unhandled"},
        "version": "1.0",
        "timestamp": datetime.now(timezone.utc).isoformat(),
        "DDBStreamBatchInfo": {
            "shardId": source.shard_id,
            "startSequenceNumber": first["SequenceNumber"],
            "endSequenceNumber": last["SequenceNumber"],
            "approximateArrivalOfFirstRecord": str(first.get("ApproximateCreationDateTime", "")),
            "approximateArrivalOfLastRecord": str(last.get("ApproximateCreationDateTime", "")),
            "batchSize": len(records),
            "streamArn": source.stream_arn,
        },
    }


def first_failed_sequence(response: Any, records: list[dict]) -> str | None:
    """Where a partial batch response says to resume, as Lambda reads it: the lowest reported
    sequence number; an identifier that is not in the batch fails the whole batch."""
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    if not isinstance(response, dict):
        return None
    failures = response.get("batchItemFailures") or []
    reported = [item.get("itemIdentifier") for item in failures if isinstance(item, dict)]
    if len(reported) != len(failures) or not set(reported) <= set(sequences):
        return sequences[0]
    return min(reported, key=int) if reported else None


@dataclass
class StreamPoller:
    """Reads one source's shard and invokes its handler, as an event source mapping does."""

    streams: Any  # a boto3 dynamodbstreams client
    sqs: Any
    endpoint: str
    invoke: Callable[[str, dict], Any]
    function_arn: Callable[[str], str]
    log: Callable[[str], None]
    checkpoint_file: Path | None = CHECKPOINTS  # None: keep the position in memory only

    def poll(self, source: StreamSource) -> int:
        """Hand the next batch after the checkpoint to the handler; return how many records came."""
        records = self._read(source)
        if not records:
            return 0
        error = None
        try:
            failed_at = first_failed_sequence(self.invoke(source.handler, stream_event(records, source.stream_arn)),
                                              records)
        except Exception as raised:  # a function error fails the whole batch
            failed_at, error = records[0]["dynamodb"]["SequenceNumber"], f"{type(raised).__name__}: {raised}"
        source.attempts += 1
        if failed_at is None:
            self._advance(source, records[-1])
            return len(records)
        failed_index = next(i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] == failed_at)
        if failed_index > 0:  # everything before the failure is done
            self._advance(source, records[failed_index - 1])
            source.attempts = 1
        retries = source.settings.max_retries
        if 0 <= retries < source.attempts:
            self._give_up(source, records[failed_index:], error)
        else:
            self.log(f"events: stream {source.table} -> {source.handler}: record {failed_at} failed"
                     f" (attempt {source.attempts}); retrying")
        return len(records)

    def _read(self, source: StreamSource) -> list[dict]:
        # A fresh iterator each time: moto's iterators hold the shard they were made on, which a
        # refused transaction replaces.
        if source.checkpoint is None:
            position = {"ShardIteratorType": "TRIM_HORIZON"}
        else:
            position = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": source.checkpoint}
        iterator = self.streams.get_shard_iterator(StreamArn=source.stream_arn, ShardId=source.shard_id,
                                                   **position)["ShardIterator"]
        return self.streams.get_records(ShardIterator=iterator, Limit=source.batch_size)["Records"]

    def _advance(self, source: StreamSource, record: dict) -> None:
        source.checkpoint = record["dynamodb"]["SequenceNumber"]
        source.attempts = 0
        save_checkpoint(self.endpoint, source.stream_arn, source.checkpoint, self.checkpoint_file)

    def _give_up(self, source: StreamSource, records: list[dict], error: str | None) -> None:
        description = failure_record(source, records, self.function_arn(source.handler), error)
        if source.settings.failure_queue:
            url = self.sqs.get_queue_url(QueueName=source.settings.failure_queue)["QueueUrl"]
            self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(description))
        self.log(f"events: stream {source.table} -> {source.handler}: gave up on records "
                 f"{records[0]['dynamodb']['SequenceNumber']}..{records[-1]['dynamodb']['SequenceNumber']} after "
                 f"{source.attempts} attempts; sent to {source.settings.failure_queue or 'nowhere'}")
        self._advance(source, records[-1])


def source_for(config, *, dynamodb, streams, endpoint: str, stage: str,
               checkpoint_file: Path | None = CHECKPOINTS) -> StreamSource:
    """A runnable source for a Chalice ``DynamoDBEventConfig``: the table is named in its ARN (a
    placeholder locally), the stream and shard are looked up as they are now."""
    table = config.stream_arn.split(":", 5)[5].split("/")[1]
    stream_arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard_id = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
    source = StreamSource(config.name, table, stream_arn, shard_id, min(config.batch_size, 1000),
                          mapping_settings(config.name, stage))
    source.checkpoint = load_checkpoint(endpoint, stream_arn, checkpoint_file)
    return source
