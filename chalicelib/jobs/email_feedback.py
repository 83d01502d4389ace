"""SQS consumer for SES feedback (bounces, complaints) arriving through SNS: marks the addresses.

A message that is not SES feedback is parked on the feedback dead-letter queue with its reason at
once (the registry sees the count); a failure to store a mark is retried by the queue, and after
its redrive policy's receives the message moves to the same dead-letter queue.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from ..domain.clock import utc_now
from ..domain.feedback import NotSesFeedback, read_ses_feedback
from ..logs import logger
from ..services import dead_letters, email_feedback
from ..settings import get_settings

_processor = BatchProcessor(event_type=EventType.SQS)


def _handle_record(record: SQSRecord) -> dict:
    try:
        feedback = read_ses_feedback(record.body)
    except NotSesFeedback as error:
        dead_letters.park(record.body, str(error), 0, utc_now(), queue=get_settings().email_feedback_dead_letter_queue)
        logger.error("email feedback parked", extra={"message_id": record.message_id, "reason": str(error)})
        return {"marked": 0, "parked": str(error)}
    if feedback is None:
        return {"marked": 0}
    marked = email_feedback.record(feedback, utc_now())
    logger.warning("email addresses marked undeliverable", extra={"feedback": feedback.feedback, "count": marked})
    return {"marked": marked}


def handle_batch(event: dict, context) -> dict:
    return process_partial_response(event=event, record_handler=_handle_record, processor=_processor, context=context)
