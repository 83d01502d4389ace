"""SQS consumer for the payment-advice queue: one message = one advice to render and issue.

Partial batch failures are reported (``batchItemFailures``; ``ReportBatchItemFailures`` is set in
``infra/lambda.yaml``); a message that keeps failing goes to the dead-letter queue. Rendering the
same advice twice issues it once (``services/payment_advices.render_and_issue``).
"""

import json

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ConfigDict, Field

from ..domain.base import Base
from ..domain.clock import utc_now
from ..services import payment_advices

_processor = BatchProcessor(event_type=EventType.SQS)


class AdviceMessage(Base):
    model_config = ConfigDict(extra="forbid")

    advice_id: str = Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{8}$")


def _handle_record(record: SQSRecord) -> dict:
    message = AdviceMessage.model_validate(json.loads(record.body))
    return payment_advices.render_and_issue(message.advice_id, utc_now())


def handle_batch(event: dict, context) -> dict:
    return process_partial_response(event=event, record_handler=_handle_record, processor=_processor,
                                    context=context)
