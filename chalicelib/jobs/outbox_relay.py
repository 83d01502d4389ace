"""The outbox relay: a DynamoDB Streams consumer that queues the notices each change committed,
and the work it asked for (a payment advice to render) on that work's queue.

Every committed change that tells people something wrote one outbox item in its own transaction
(``store/outbox.py``). This is the only way notices reach the notifications queue, so a notice is
queued if and only if its change was committed, even if the function that made the change died
right after committing.

The event source mapping (``infra/lambda.yaml``) passes only outbox inserts, reports partial
batch failures, bisects a failing batch, retries a bounded number of times and then sends the
batch's description to the outbox failures queue; the handler still skips anything else, as the
local event runner passes every record. A record whose notices do not parse fails alone: the
records around it are relayed, and delivery's idempotency absorbs their repeats on a retry.
"""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from ..aws import client, queue_url
from ..logs import logger
from ..settings import get_settings
from ..services import notices
from ..store import outbox

_processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def _relay_record(record: DynamoDBRecord) -> int:
    raw = record.raw_event
    image = raw.get("dynamodb", {}).get("NewImage") or {}
    if raw.get("eventName") != "INSERT" or not outbox.is_outbox_image(image):
        return 0
    relayed = outbox.notices_in(image)
    work = outbox.work_in(image)
    notices.queue(relayed)
    for item in work:  # each consumer of work is idempotent, as delivery is: a repeat changes nothing
        client("sqs").send_message(QueueUrl=queue_url(getattr(get_settings(), item.queue)),
                                   MessageBody=json.dumps(item.message))
    logger.info("outbox relayed", extra={"outbox": raw["dynamodb"]["Keys"]["pk"]["S"], "notices": len(relayed),
                                         "work": len(work)})
    return len(relayed) + len(work)


def handle_batch(event: dict, context) -> dict:
    return process_partial_response(event=event, record_handler=_relay_record, processor=_processor, context=context)
