"""Chalice wiring of the queue and schedule handlers; the work itself is in the sibling modules."""

from __future__ import annotations

from chalice import Blueprint, Cron

from ..settings import get_settings
from . import email_feedback, notifications, outbox_relay, reminders

jobs = Blueprint(__name__)


@jobs.on_sqs_message(queue=get_settings().notifications_queue, batch_size=10, maximum_batching_window_in_seconds=1)
def deliver_notifications(event):
    return notifications.handle_batch(event.to_dict(), event.context)


# SES bounces and complaints, through SNS (infra/resources.yaml).
@jobs.on_sqs_message(queue=get_settings().email_feedback_queue, batch_size=10, maximum_batching_window_in_seconds=5)
def record_email_feedback(event):
    return email_feedback.handle_batch(event.to_dict(), event.context)


# Chalice needs a literal ARN here; the packaged template points the event source at the table's
# stream instead (infra/lambda.yaml), and the local event runner finds the stream by table name.
@jobs.on_dynamodb_record(stream_arn=get_settings().table_stream_arn, batch_size=100, starting_position="TRIM_HORIZON")
def relay_outbox(event):
    return outbox_relay.handle_batch(event.to_dict(), event.context)


# 09:00 Singapore time (EventBridge cron is UTC). It only plans the day's pages of reminders.
@jobs.schedule(Cron(0, 1, "*", "*", "?", "*"))
def send_court_reminders(event):
    return reminders.plan(event.to_dict())


# One page of a day's court events per message: a page that fails is retried alone.
@jobs.on_sqs_message(queue=get_settings().reminder_pages_queue, batch_size=1)
def remind_court_dates(event):
    return reminders.handle_batch(event.to_dict())
