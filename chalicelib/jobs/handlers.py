"""Chalice wiring of the queue and schedule handlers; the work itself is in the sibling modules."""

from __future__ import annotations

from datetime import datetime

from chalice import Blueprint, Cron

from ..domain.clock import as_utc
from ..settings import get_settings
from . import diary, email_feedback, notifications, outbox_relay, payment_advices, reminders

jobs = Blueprint(__name__)


@jobs.on_sqs_message(queue=get_settings().notifications_queue, batch_size=10, maximum_batching_window_in_seconds=1)
def deliver_notifications(event):
    return notifications.handle_batch(event.to_dict(), event.context)


# SES bounces and complaints, through SNS (infra/resources.yaml).
@jobs.on_sqs_message(queue=get_settings().email_feedback_queue, batch_size=10, maximum_batching_window_in_seconds=5)
def record_email_feedback(event):
    return email_feedback.handle_batch(event.to_dict(), event.context)


@jobs.on_sqs_message(queue=get_settings().payment_advice_queue, batch_size=5, maximum_batching_window_in_seconds=1)
def render_payment_advices(event):
    return payment_advices.handle_batch(event.to_dict(), event.context)


# Chalice needs a literal ARN here; the packaged template points the event source at the table's
# stream instead (infra/lambda.yaml), and the local event runner finds the stream by table name.
@jobs.on_dynamodb_record(stream_arn=get_settings().table_stream_arn, batch_size=100, starting_position="TRIM_HORIZON")
def relay_outbox(event):
    return outbox_relay.handle_batch(event.to_dict(), event.context)


# 09:00 Singapore time (EventBridge cron is UTC).
@jobs.schedule(Cron(0, 1, "*", "*", "?", "*"))
def send_court_reminders(event):
    fired_at = as_utc(datetime.fromisoformat(event.to_dict()["time"].replace("Z", "+00:00")))
    return {"queued": reminders.queue_reminders(fired_at)}


# 00:10 Singapore time: each firm's diary moves past the court dates of the day that ended.
@jobs.schedule(Cron(10, 16, "*", "*", "?", "*"))
def roll_diaries(event):
    fired_at = as_utc(datetime.fromisoformat(event.to_dict()["time"].replace("Z", "+00:00")))
    return {"rolled": diary.roll_diaries(fired_at)}
