"""The queue and schedule handlers, invoked with real event shapes through Chalice's test client."""

import json
from collections import Counter
from datetime import datetime, timedelta

from local.event_runner import scheduled_event, sqs_event

from tests.fixtures.aws import queued_messages, sent_emails
from tests.fixtures.events import write_reminder_pages
from tests.fixtures.portal import (
    SGT,
    accused_principal,
    create_case,
    json_headers,
    new_case_payload,
)

CASE = "DAC-912345-2026"
QUEUE = "icms-dev-notifications"


QUEUE_ARN = f"arn:aws:sqs:ap-southeast-1:123456789012:{QUEUE}"
REMINDER_RULE = "arn:aws:events:ap-southeast-1:123456789012:rule/icms-dev-send_court_reminders"


def _deliver(portal, messages):
    return portal.lambda_.invoke("deliver_notifications", sqs_event(messages, QUEUE_ARN, "ap-southeast-1")).payload


def _fire_reminders(portal, at):
    """The schedule, then every page of reminders it queued, as their event sources run them."""
    event = scheduled_event(REMINDER_RULE, "123456789012", "ap-southeast-1", at)
    planned = portal.lambda_.invoke("send_court_reminders", event).payload
    assert planned == {"pages_queued": 3}
    return {"queued": write_reminder_pages(portal)["reminders"]}


def _inbox(principal_nric):
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.store import inbox

    return list(inbox.page(InboxOwner.person(accused_principal(principal_nric).subject_id)).entries)


def test_a_fixed_court_date_reaches_the_accused_inbox_and_email(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    result = _deliver(portal, events.queued())
    assert result == {"batchItemFailures": []}
    [entry] = _inbox("S8979373D")
    assert entry.title == f"Court date fixed: {CASE}"
    assert "State Courts Towers, Court 4A" in entry.body
    [email] = sent_emails()
    assert email["to"] == ["ahkow@example.sg"]
    assert email["subject"] == f"Court date fixed: {CASE}"
    assert "9.30am" in email["body"] and "warrant of arrest" in email["body"]


def test_counsel_on_record_and_the_bailor_are_told_too(portal, registry_officer, law_firm, events):
    payload = new_case_payload()
    payload["bail"] = {"amount_cents": 1_500_000, "bailor_name": "Tan Mei Ling", "bailor_email": "meiling@example.sg"}
    payload["events"] = []
    create_case(portal, registry_officer, payload)
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    start = (datetime.now(SGT) + timedelta(days=10)).replace(hour=14, minute=30, second=0, microsecond=0)
    portal.http.post(f"/api/registry/cases/{CASE}/events", headers=json_headers(registry_officer),
                     body=json.dumps({"type": "trial", "starts_at": start.isoformat(),
                                      "venue": {"building": "State Courts Towers", "room": "Court 26"}}))
    _deliver(portal, events.queued())
    recipients = sorted(e["to"][0] for e in sent_emails())
    assert recipients == ["ahkow@example.sg", "counsel@tanlim.example.sg", "meiling@example.sg"]
    bailor_mail = next(e for e in sent_emails() if e["to"] == ["meiling@example.sg"])
    assert "As bailor" in bailor_mail["body"]


def test_a_notice_for_a_date_that_moved_is_not_sent(portal, registry_officer, events):
    created = create_case(portal, registry_officer, new_case_payload())
    stale = events.queued()
    event_id = created["next_event"]["event_id"]
    moved_to = (datetime.now(SGT) + timedelta(days=20)).replace(hour=9, minute=30, second=0, microsecond=0)
    portal.http.patch(f"/api/registry/cases/{CASE}/events/{event_id}", headers=json_headers(registry_officer),
                      body=json.dumps({"starts_at": moved_to.isoformat()}))
    fresh = events.queued()
    assert _deliver(portal, stale) == {"batchItemFailures": []}
    assert sent_emails() == []
    _deliver(portal, fresh)
    [email] = sent_emails()
    assert email["subject"] == f"Court date changed: {CASE}"


def test_a_redelivered_notice_is_sent_once(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    [message] = events.queued()
    _deliver(portal, [message])
    _deliver(portal, [{**message, "MessageId": "redelivery-of-the-same-notice"}])
    assert len(sent_emails()) == 1
    assert len(_inbox("S8979373D")) == 1


def test_a_record_that_is_no_notice_is_parked_with_its_reason_and_its_batch_goes_on(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    [good] = events.queued()
    bad = {"MessageId": "bad-1", "ReceiptHandle": "handle-bad-1", "Body": json.dumps({"kind": "nonsense"}),
           "Attributes": {"ApproximateReceiveCount": "1"}}
    result = _deliver(portal, [bad, good])
    assert result == {"batchItemFailures": []}  # parked, not retried: retrying cannot help
    assert len(sent_emails()) == 1
    [parked] = queued_messages("icms-dev-notifications-dlq")
    assert parked["Body"] == json.dumps({"kind": "nonsense"})
    assert "not a notice this release can read" in parked["MessageAttributes"]["icms-reason"]["StringValue"]


def test_reminders_go_out_seven_three_and_one_day_before(portal, registry_officer, events):
    today = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
    payload = new_case_payload(events=[
        {"type": "mention", "starts_at": (today + timedelta(days=days, minutes=30)).isoformat(),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}}
        for days in (1, 3, 7, 10)
    ])
    create_case(portal, registry_officer, payload)
    events.queued()  # the intake notices
    result = _fire_reminders(portal, today)
    assert result == {"queued": 3}
    reminders = events.queued()
    assert sorted(m["body"]["days_before"] for m in reminders) == [1, 3, 7]
    _deliver(portal, reminders)
    subjects = {e["subject"] for e in sent_emails()}
    assert subjects == {f"Reminder: you must attend court: {CASE}"}
    assert any("in 1 day for case" in e["body"] for e in sent_emails())
    assert any("in 7 days for case" in e["body"] for e in sent_emails())


def test_reminders_run_twice_send_once(portal, registry_officer, events):
    today = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
    create_case(portal, registry_officer, new_case_payload(events=[
        {"type": "mention", "starts_at": (today + timedelta(days=3, minutes=30)).isoformat(),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}}]))
    events.queued()
    for _ in range(2):
        _fire_reminders(portal, today)
        _deliver(portal, events.queued())
    assert len(sent_emails()) == 1


def test_youth_case_emails_keep_names_out_of_the_subject(portal, registry_officer, events):
    payload = new_case_payload("YAC-000123-2026", "T0066846F", court="youth_courts")
    payload["accused"]["name"] = "Muhammad Irfan"
    payload["charges"][0]["charge_no"] = "YAC-000123-2026"
    payload["events"][0]["venue"] = {"building": "Youth Courts, Family Justice Courts", "room": "Court 1"}
    create_case(portal, registry_officer, payload)
    _deliver(portal, events.queued())
    [email] = sent_emails()
    assert "Irfan" not in email["subject"] and "YAC-000123-2026" in email["subject"]


def test_the_reminder_job_reads_the_events_due_and_nothing_of_the_other_cases(portal, aws):
    """The bench's measurement at a small scale: ten times the cases, the same reads."""
    from bench.counter import RoundTripCounter
    from bench.notifications import reminder_scale

    counter = RoundTripCounter()
    counter.install()
    counter.attach_app_clients()
    try:
        fired = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
        small, large = reminder_scale(portal, counter, fired, sizes=(40, 400))
    finally:
        counter.uninstall()
    assert small.reminders == large.reminders == 30
    assert small.tally.items_read == large.tally.items_read == Counter({"Query": 30})
    assert small.tally.operations("dynamodb") == large.tally.operations("dynamodb")


def test_a_reminder_for_a_date_vacated_since_it_was_queued_is_not_sent(portal, registry_officer, events):
    """Reminders are checked again when delivered: the reminder job queued one, then the date was
    vacated; only the vacated notice goes out (by email, and by SMS to a confirmed number)."""
    from tests.api.test_notification_settings import confirm_mobile
    from tests.fixtures.aws import sent_sms

    today = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
    created = create_case(portal, registry_officer, new_case_payload(events=[
        {"type": "mention", "starts_at": (today + timedelta(days=3, minutes=30)).isoformat(),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}}]))
    events.deliver()
    confirm_mobile(portal)
    _fire_reminders(portal, today)
    reminders = events.queued()
    assert [m["body"]["kind"] for m in reminders] == ["court_date_reminder"]
    event_id = created["next_event"]["event_id"]
    portal.http.patch(f"/api/registry/cases/{CASE}/events/{event_id}", headers=json_headers(registry_officer),
                      body=json.dumps({"status": "vacated"}))
    vacated = events.queued()
    emails_before = len(sent_emails())

    _deliver(portal, reminders + vacated)

    assert [e["subject"] for e in sent_emails()[emails_before:]] == [f"Court date vacated: {CASE}"]
    texts = [s["text"] for s in sent_sms() if "Reminder" in s["text"] or "no longer takes place" in s["text"]]
    assert len(texts) == 1 and "no longer takes place" in texts[0]


def test_a_reminder_goes_by_sms_where_chosen(portal, registry_officer, events):
    from tests.api.test_notification_settings import confirm_mobile
    from tests.fixtures.aws import sent_sms

    today = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
    create_case(portal, registry_officer, new_case_payload(events=[
        {"type": "mention", "starts_at": (today + timedelta(days=1, minutes=30)).isoformat(),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}}]))
    events.deliver()
    confirm_mobile(portal)
    _fire_reminders(portal, today)
    _deliver(portal, events.queued())
    [reminder] = [s for s in sent_sms() if "Reminder" in s["text"]]
    assert reminder["to"] == "+6591234567"
    assert "you must attend court in 1 day for case DAC-912345-2026" in reminder["text"]
    assert "9.30am" in reminder["text"] and "warrant of arrest" in reminder["text"]


def test_a_busy_day_is_written_a_page_per_invocation_and_each_reminder_once(portal, events, monkeypatch):
    """The schedule queues one message per day ahead and reads nothing; each page reads at most a
    page of one day's events and queues the next: no invocation's work grows with the day."""
    from bench.counter import RoundTripCounter
    from bench.notifications import _put_cases
    from chalicelib.services import reminders
    from tests.fixtures.events import REMINDER_PAGES_ARN, REMINDER_PAGES_QUEUE

    monkeypatch.setattr(reminders, "PAGE_SIZE", 5)
    fired = datetime.now(SGT).replace(hour=9, minute=0, second=0, microsecond=0)
    _put_cases(0, 36, fired, due=True)  # 12 hearings on each of the days 7, 3 and 1 ahead
    counter = RoundTripCounter()
    counter.install()
    counter.attach_app_clients()
    try:
        with counter.measure() as schedule:
            planned = portal.lambda_.invoke(
                "send_court_reminders", scheduled_event(REMINDER_RULE, "123456789012", "ap-southeast-1", fired)).payload
        assert planned == {"pages_queued": 3}
        assert schedule.operations("dynamodb") == Counter()
        assert schedule.operations("sqs")["SendMessageBatch"] == 1
        pages, reminded = [], []
        while messages := queued_messages(REMINDER_PAGES_QUEUE):
            for message in messages:
                with counter.measure() as one_page:
                    result = portal.lambda_.invoke("remind_court_dates",
                                                   sqs_event([message], REMINDER_PAGES_ARN, "ap-southeast-1")).payload
                assert result["events"] <= 5
                assert one_page.operations("dynamodb")["Query"] == 1
                # A page, and one more item to know whether another page follows (store/paging.py).
                assert sum(one_page.items_read.values()) <= 5 + 1
                pages.append(message["body"]["page"])
                reminded.append(result["reminders"])
    finally:
        counter.uninstall()
    # 12 a day, 5 a page: pages 1-3 of each day (the third holds 2)
    assert sorted(pages) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert sum(reminded) == 36
    notices = [m["body"] for m in events.queued()]
    assert len({n["notice_id"] for n in notices}) == 36
    assert Counter(n["days_before"] for n in notices) == Counter({7: 12, 3: 12, 1: 12})


def test_a_reminder_page_that_is_not_one_is_refused_and_left_to_the_queue(portal, aws):
    """A malformed page raises: the queue hands it back and dead-letters it after its receives."""
    import pytest
    from pydantic import ValidationError

    from tests.fixtures.events import REMINDER_PAGES_ARN

    bad = {"MessageId": "page-1", "ReceiptHandle": "handle-1", "Attributes": {"ApproximateReceiveCount": "1"},
           "Body": json.dumps({"day": "2026-12-01", "days_before": 5, "fired_at": "2026-11-24T01:00:00Z"})}
    with pytest.raises(ValidationError, match="not 5"):
        portal.lambda_.invoke("remind_court_dates", sqs_event([bad], REMINDER_PAGES_ARN, "ap-southeast-1"))
