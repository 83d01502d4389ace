"""Chalice wiring of the queue and schedule handlers; the work itself is in the sibling modules.

Each handler imports its module when it first runs: every function's package (the API's too)
imports this wiring, and only the function that consumes a queue should pay for what consuming it
needs (Powertools' batch and idempotency utilities, delivery's templates and channels).
"""

from __future__ import annotations

from importlib import import_module

from chalice import Blueprint, Cron

from ..settings import get_settings

jobs = Blueprint(__name__)


def _work(name: str):
    return import_module(f"{__package__}.{name}")


@jobs.on_sqs_message(queue=get_settings().notifications_queue, batch_size=10, maximum_batching_window_in_seconds=1)
def deliver_notifications(event):
    return _work("notifications").handle_batch(event.to_dict(), event.context)


# SES bounces and complaints, through SNS (infra/resources.yaml).
@jobs.on_sqs_message(queue=get_settings().email_feedback_queue, batch_size=10, maximum_batching_window_in_seconds=5)
def record_email_feedback(event):
    return _work("email_feedback").handle_batch(event.to_dict(), event.context)


@jobs.on_sqs_message(queue=get_settings().payment_advice_queue, batch_size=5, maximum_batching_window_in_seconds=1)
def render_payment_advices(event):
    return _work("payment_advices").handle_batch(event.to_dict(), event.context)


# Chalice needs a literal ARN here; the packaged template points the event source at the table's
# stream instead (infra/lambda.yaml), and the local event runner finds the stream by table name.
@jobs.on_dynamodb_record(stream_arn=get_settings().table_stream_arn, batch_size=100, starting_position="TRIM_HORIZON")
def relay_outbox(event):
    return _work("outbox_relay").handle_batch(event.to_dict(), event.context)


# 09:00 Singapore time (EventBridge cron is UTC). It only plans the day's pages of reminders.
@jobs.schedule(Cron(0, 1, "*", "*", "?", "*"))
def send_court_reminders(event):
    return _work("reminders").plan(event.to_dict())


# One page of a day's court events per message: a page that fails is retried alone.
@jobs.on_sqs_message(queue=get_settings().reminder_pages_queue, batch_size=1)
def remind_court_dates(event):
    return _work("reminders").handle_batch(event.to_dict())


# 00:10 Singapore time: each firm's diary moves past the court dates of the day that ended.
@jobs.schedule(Cron(10, 16, "*", "*", "?", "*"))
def roll_diaries(event):
    return _work("diary").roll(event.to_dict())
