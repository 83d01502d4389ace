"""SQS consumer for the notifications queue: one record = one notice of any kind, delivered once.

Partial batch failures are reported (``batchItemFailures``); the event source mapping has
``ReportBatchItemFailures`` set in ``infra/lambda.yaml``, without which they would be ignored.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from ..aws import client
from ..domain.notices import NoticeBase, read_notice
from ..services import delivery
from ..settings import get_settings

_processor = BatchProcessor(event_type=EventType.SQS)
_idempotency = IdempotencyConfig(event_key_jmespath="notice_id", expires_after_seconds=14 * 24 * 3600)
# Idempotency records live in the single table under one fixed partition, expiring by its TTL.
_persistence = DynamoDBPersistenceLayer(
    table_name=get_settings().table_name,
    key_attr="pk",
    sort_key_attr="sk",
    static_pk_value="IDEMPOTENCY",
    expiry_attr="expires_at",
    boto3_client=client("dynamodb"),
)


@idempotent_function(data_keyword_argument="notice", config=_idempotency, persistence_store=_persistence)
def deliver_once(notice: NoticeBase) -> dict:
    return delivery.deliver(notice)


def _handle_record(record: SQSRecord) -> dict:
    return deliver_once(notice=read_notice(record.body))


def handle_batch(event: dict, context) -> dict:
    _idempotency.register_lambda_context(context)
    return process_partial_response(
        event=event, record_handler=_handle_record, processor=_processor, context=context
    )
