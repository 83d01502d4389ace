"""SQS consumer for the notifications queue: one record = one notice of any kind, delivered once.

Partial batch failures are reported (``batchItemFailures``); the event source mapping has
``ReportBatchItemFailures`` set in ``infra/lambda.yaml``, without which they would be ignored.
A record that can never succeed (not a notice, a notice about no case, a missing template) is
parked on the dead-letter queue with its reason at once; one that keeps failing is parked with its
last error on its last attempt. Either way it leaves the queue without holding up its batch, and
the registry sees it (``services/dead_letters.py``).
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from pydantic import ValidationError

from ..aws import client
from ..domain.clock import utc_now
from ..domain.notices import NoticeBase, read_notice
from ..logs import logger
from ..services import dead_letters, delivery
from ..settings import get_settings
from ..store.keys import DELIVERY_RECORD_PREFIX, DELIVERY_RECORD_SK, delivery_record_pk

_processor = BatchProcessor(event_type=EventType.SQS)
_idempotency = IdempotencyConfig(event_key_jmespath="notice_id", expires_after_seconds=14 * 24 * 3600)


class NoticeIdempotencyStore(DynamoDBPersistenceLayer):
    """Powertools' records in the single table, one partition per notice (``IDEMPOTENCY#<key>``)
    rather than Powertools' one fixed partition for every record, which a day's reminders would
    make hot. The key is Powertools' own: the function's name and a hash of the notice id."""

    def _get_key(self, idempotency_key: str) -> dict:
        return {self.key_attr: {"S": delivery_record_pk(idempotency_key)},
                self.sort_key_attr: {"S": DELIVERY_RECORD_SK}}

    def _item_to_data_record(self, item: dict) -> DataRecord:
        record = super()._item_to_data_record(item)
        record.idempotency_key = record.idempotency_key.removeprefix(DELIVERY_RECORD_PREFIX)
        return record


_persistence = NoticeIdempotencyStore(
    table_name=get_settings().table_name,
    key_attr="pk",
    sort_key_attr="sk",
    expiry_attr="expires_at",
    boto3_client=client("dynamodb"),
)


@idempotent_function(data_keyword_argument="notice", config=_idempotency, persistence_store=_persistence)
def deliver_once(notice: NoticeBase) -> dict:
    return delivery.deliver(notice)


def _redrives(record: SQSRecord) -> int:
    attributes = record.message_attributes
    if dead_letters.REDRIVES not in attributes:
        return 0
    try:
        return int(attributes[dead_letters.REDRIVES].string_value or 0)
    except ValueError:
        return 0


def _park(record: SQSRecord, reason: str) -> dict:
    dead_letters.park(record.body, reason, _redrives(record), utc_now())
    logger.error("notice parked on the dead-letter queue", extra={"message_id": record.message_id, "reason": reason})
    return {"parked": reason}


def _handle_record(record: SQSRecord) -> dict:
    try:
        notice = read_notice(record.body)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
                             for e in error.errors(include_url=False)[:3])
        return _park(record, f"not a notice this release can read: {problems}")
    try:
        return deliver_once(notice=notice)
    except delivery.UndeliverableNotice as error:
        return _park(record, str(error))
    except Exception as error:
        attempts = int(record.attributes.approximate_receive_count or 1)
        if attempts >= dead_letters.MAX_ATTEMPTS:
            return _park(record, f"failed {attempts} times; the last time: {type(error).__name__}: {error}")
        raise


def handle_batch(event: dict, context) -> dict:
    _idempotency.register_lambda_context(context)
    return process_partial_response(
        event=event, record_handler=_handle_record, processor=_processor, context=context
    )
