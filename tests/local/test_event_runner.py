"""The local event runner: real event shapes, and deliveries against moto that delete exactly the
messages the handler did not report as failed."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from local.event_runner import EventRunner, ScheduleSource, failed_message_ids, scheduled_event, sqs_event
from local.schedules import next_fire_time
from tests.fixtures.aws import REGION, sent_emails
from tests.fixtures.portal import SGT

ACCOUNT = "123456789012"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:icms-dev-notifications"


def received(message_id: str, body: str, **extra) -> dict:
    """One message as SQS ReceiveMessage returns it."""
    return {
        "MessageId": message_id,
        "ReceiptHandle": f"handle-{message_id}",
        "MD5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1767225600000",
                       "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1767225600100"},
        **extra,
    }


def test_sqs_event_has_the_shape_lambda_delivers():
    message = received("m-1", '{"a": 1}', MessageAttributes={
        "kind": {"StringValue": "reminder", "DataType": "String"},
        "blob": {"BinaryValue": b"\x00\x01", "DataType": "Binary"},
    }, MD5OfMessageAttributes="abc")
    event = sqs_event([message], QUEUE_ARN, REGION)
    (record,) = event["Records"]
    assert record["messageId"] == "m-1"
    assert record["receiptHandle"] == "handle-m-1"
    assert record["body"] == '{"a": 1}'
    assert record["md5OfBody"] == hashlib.md5(b'{"a": 1}').hexdigest()
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["attributes"]["SentTimestamp"] == "1767225600000"
    assert record["messageAttributes"]["kind"] == {
        "stringValue": "reminder", "binaryValue": None, "stringListValues": [], "binaryListValues": [],
        "dataType": "String",
    }
    assert record["messageAttributes"]["blob"]["binaryValue"] == "AAE="
    assert record["md5OfMessageAttributes"] == "abc"
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == QUEUE_ARN
    assert record["awsRegion"] == REGION


def test_scheduled_event_has_the_shape_eventbridge_delivers():
    rule = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/icms-dev-send_court_reminders"
    event = scheduled_event(rule, ACCOUNT, REGION, datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc))
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["time"] == "2026-03-02T01:00:00Z"
    assert event["resources"] == [rule]
    assert event["account"] == ACCOUNT and event["region"] == REGION
    assert event["version"] == "0" and event["detail"] == {} and event["id"]


def test_partial_batch_responses_are_read_as_lambda_reads_them():
    ids = ["a", "b", "c"]
    assert failed_message_ids(None, ids) == set()
    assert failed_message_ids({"batchItemFailures": []}, ids) == set()
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": "b"}]}, ids) == {"b"}
    # An identifier Lambda cannot match fails the whole batch.
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": "zzz"}]}, ids) == set(ids)
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": ""}]}, ids) == set(ids)


def test_a_schedule_fires_once_when_due_with_the_scheduled_time():
    fired = []
    runner = EventRunner(invoke=lambda name, event: fired.append((name, event)) or {"queued": 0},
                         sqs=None, region=REGION, account=ACCOUNT, log=lambda line: None)
    runner.schedules.append(ScheduleSource("send_court_reminders", "cron(0 1 * * ? *)", "arn:rule"))
    runner.tick(datetime(2026, 3, 2, 0, 59, 50, tzinfo=timezone.utc))
    assert fired == []
    runner.tick(datetime(2026, 3, 2, 1, 0, 1, tzinfo=timezone.utc))
    runner.tick(datetime(2026, 3, 2, 1, 0, 2, tzinfo=timezone.utc))
    assert [(name, event["time"]) for name, event in fired] == [("send_court_reminders", "2026-03-02T01:00:00Z")]
    # Asleep for three days: it fires once on waking, not once per missed day.
    runner.tick(datetime(2026, 3, 5, 7, 0, tzinfo=timezone.utc))
    assert len(fired) == 2
    assert runner.schedules[0].next_due == next_fire_time("cron(0 1 * * ? *)", datetime(2026, 3, 5, 7, 0, tzinfo=timezone.utc))


# --- against moto, through the real app and handlers ------------------------------------------------


@pytest.fixture
def runner(aws):
    from chalice.test import Client

    import app
    from local.environment import REPO

    client = Client(app.app, stage_name="dev", project_dir=str(REPO))
    lines: list[str] = []
    built = EventRunner.for_app(
        app.app,
        sqs=boto3.client("sqs", endpoint_url=aws, region_name=REGION),
        invoke=lambda name, event: client.lambda_.invoke(name, event).payload,
        region=REGION,
        account=ACCOUNT,
        log=lines.append,
        dynamodb=boto3.client("dynamodb", endpoint_url=aws, region_name=REGION),
        dynamodbstreams=boto3.client("dynamodbstreams", endpoint_url=aws, region_name=REGION),
        endpoint=aws,
        checkpoint_file=None,
    )
    built.lines = lines
    return built


def queue_counts(runner) -> tuple[int, int]:
    queue = runner.queues[0]
    attributes = runner.sqs.get_queue_attributes(
        QueueUrl=queue.url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


def create_case_with_hearing(case_no: str = "DAC-912345-2026", email: str = "ahkow@example.sg") -> None:
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.intake import NewCase
    from chalicelib.services import intake
    from tests.fixtures.portal import new_case_payload

    payload = new_case_payload(case_no)
    payload["accused"]["email"] = email
    intake.create_case(Actor.system("test"), NewCase.model_validate(payload), utc_now())


def test_the_runner_finds_the_apps_queue_and_schedule(runner):
    assert [(q.handler, q.queue, q.batch_size) for q in runner.queues] == [
        ("deliver_notifications", "icms-dev-notifications", 10),
        ("record_email_feedback", "icms-dev-email-feedback", 10),
        ("render_payment_advices", "icms-dev-payment-advices", 5),
        ("remind_court_dates", "icms-dev-reminder-pages", 1)]
    assert runner.queues[0].arn == QUEUE_ARN
    assert [s.handler for s in runner.schedules] == ["send_court_reminders", "roll_diaries"]
    assert runner.schedules[0].rule_arn.endswith(":rule/icms-dev-send_court_reminders")


def test_the_runner_finds_the_tables_stream(runner):
    [source] = runner.streams
    assert (source.handler, source.table) == ("relay_outbox", "icms-dev")
    assert source.stream_arn.startswith("arn:aws:dynamodb:") and "/stream/" in source.stream_arn
    # What infra/lambda.yaml gives the deployed event source mapping, the runner honours too.
    assert source.settings.max_retries == 5
    assert source.settings.failure_queue == "icms-dev-outbox-failures"


def test_a_committed_notice_reaches_the_queue_through_the_stream_and_is_delivered(runner):
    create_case_with_hearing()
    assert queue_counts(runner) == (0, 0)  # nothing is queued but by the relay

    assert runner.relay() > 0
    assert queue_counts(runner) == (1, 0)
    runner.drain()

    assert queue_counts(runner) == (0, 0)
    assert [mail["to"] for mail in sent_emails()] == [["ahkow@example.sg"]]
    assert "1 received, 1 done, 0 failed" in runner.lines[-1]


OUTAGE_CASE = "MAC-900001-2026"


@pytest.fixture
def email_outage_for_one_case(monkeypatch):
    """Delivery of one case's notices fails as an SES outage would (the others go through)."""
    from chalicelib.services import delivery

    real = delivery.deliver

    def deliver(notice):
        if notice.case_no == OUTAGE_CASE:
            raise RuntimeError("SES is not answering")
        return real(notice)

    monkeypatch.setattr(delivery, "deliver", deliver)


def test_a_failing_record_stays_on_the_queue_and_the_others_are_deleted(runner, email_outage_for_one_case):
    create_case_with_hearing()
    create_case_with_hearing(OUTAGE_CASE, "someone@example.sg")
    runner.relay()
    queue = runner.queues[0]
    messages = runner.sqs.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                          MessageSystemAttributeNames=["All"])["Messages"]
    assert len(messages) == 2

    failed = runner.deliver(queue, messages)

    bad = next(m["MessageId"] for m in messages if OUTAGE_CASE in m["Body"])
    assert failed == {bad}
    # Deleted: the notice. Still on the queue, invisible until the visibility timeout: the failed one.
    assert queue_counts(runner) == (0, 1)
    assert len(sent_emails()) == 1
    assert "2 received, 1 done, 1 failed" in runner.lines[-1]


def test_a_batch_that_fails_whole_is_not_deleted(runner, email_outage_for_one_case):
    create_case_with_hearing(OUTAGE_CASE)

    runner.drain()

    assert queue_counts(runner) == (0, 1)
    assert "1 received, raised" in runner.lines[-1]


def test_a_record_that_is_no_notice_is_parked_at_once_with_its_reason(runner):
    queue = runner.queues[0]
    runner.sqs.send_message(QueueUrl=queue.url, MessageBody="this is not a notice")

    assert runner.drain() == 1

    assert queue_counts(runner) == (0, 0)
    assert "1 received, 1 done, 0 failed" in runner.lines[-1]
    (dead,) = dead_letters(runner)
    assert dead["Body"] == "this is not a notice"
    assert dead["MessageAttributes"]["icms-reason"]["StringValue"].startswith("not a notice this release can read")


def test_firing_the_reminder_schedule_queues_reminders(runner):
    create_case_with_hearing()
    runner.drain()
    # The hearing is 14 days ahead (Singapore date); reminders run at 09:00 SGT, 7 days before it.
    day = (datetime.now(SGT) + timedelta(days=7)).date()
    result = runner.fire(runner.schedule("send_court_reminders"), datetime(day.year, day.month, day.day, 9, tzinfo=SGT))
    assert result == {"pages_queued": 3}  # one page of each day ahead, written by the queue's consumer
    assert json.dumps(result) in runner.lines[-1]
    runner.drain()
    assert [mail["subject"] for mail in sent_emails()] == [
        "Court date fixed: DAC-912345-2026", "Reminder: you must attend court: DAC-912345-2026"]


def dead_letters(runner) -> list[dict]:
    url = runner.sqs.get_queue_url(QueueName="icms-dev-notifications-dlq")["QueueUrl"]
    return runner.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                      MessageAttributeNames=["All"]).get("Messages", [])


def _fail_until_gone(runner, receives: int) -> list[str]:
    """Receive and hand over the one message ``receives`` times, as the visibility timeout would."""
    queue, outcomes = runner.queues[0], []
    for _ in range(receives):
        (message,) = runner.sqs.receive_message(QueueUrl=queue.url, MessageSystemAttributeNames=["All"],
                                                MessageAttributeNames=["All"])["Messages"]
        failed = runner.deliver(queue, [message])
        outcomes.append("failed" if failed else "done")
        if failed:
            runner.sqs.change_message_visibility(QueueUrl=queue.url, ReceiptHandle=message["ReceiptHandle"],
                                                 VisibilityTimeout=0)
    return outcomes


def test_a_notice_that_keeps_failing_is_parked_with_its_last_error_on_its_last_attempt(runner, email_outage_for_one_case):
    create_case_with_hearing(OUTAGE_CASE)
    runner.relay()

    assert _fail_until_gone(runner, 5) == ["failed"] * 4 + ["done"]

    assert runner.poll(runner.queues[0], wait_seconds=0) == 0
    (dead,) = dead_letters(runner)
    assert OUTAGE_CASE in dead["Body"]
    assert dead["MessageAttributes"]["icms-reason"]["StringValue"] == (
        "failed 5 times; the last time: RuntimeError: SES is not answering")


def test_a_message_that_crashes_the_function_every_time_moves_to_the_dead_letter_queue(runner, monkeypatch):
    from chalicelib.jobs import notifications

    def crash(event, context):
        raise MemoryError("the function ran out of memory")

    monkeypatch.setattr(notifications, "handle_batch", crash)
    runner.sqs.send_message(QueueUrl=runner.queues[0].url, MessageBody="never handled")

    assert _fail_until_gone(runner, 6) == ["failed"] * 6  # the redrive policy's maxReceiveCount

    assert runner.poll(runner.queues[0], wait_seconds=0) == 0
    (dead,) = dead_letters(runner)
    assert dead["Body"] == "never handled" and "icms-reason" not in dead.get("MessageAttributes", {})
