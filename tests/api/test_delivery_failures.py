"""Failures are visible and bounded: what cannot be delivered is parked with its reason, shown to
the registry and redriven a bounded number of times; SES bounces and complaints reach the app
through SNS and SQS (as infra/ wires them) and stop mail to the address until an officer clears it."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import boto3
import pytest
from botocore.exceptions import ClientError

from local.event_runner import sqs_event
from tests.fixtures.aws import REGION, queued_messages, sent_emails
from tests.fixtures.portal import create_case, json_headers, new_case_payload, signed_in

CASE = "DAC-912345-2026"
FEEDBACK_QUEUE = "icms-dev-email-feedback"
DEAD_LETTERS = "icms-dev-notifications-dlq"
TOPIC = f"arn:aws:sns:{REGION}:123456789012:icms-dev-email-feedback"


def _overview(portal, officer) -> dict:
    response = portal.http.get("/api/registry/delivery", headers=signed_in(officer)[0])
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def _ses_notification(kind: str, address: str, **details) -> dict:
    """What SES publishes to the topic (the identity-notification shape)."""
    at = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    message = {"notificationType": kind, "mail": {"timestamp": at, "source": "no-reply@icms.test",
                                                   "destination": [address], "messageId": "0100-abc"}}
    if kind == "Bounce":
        message["bounce"] = {"bounceType": details.get("bounce_type", "Permanent"), "bounceSubType": "General",
                             "bouncedRecipients": [{"emailAddress": address, "status": "5.1.1",
                                                    "diagnosticCode": "smtp; 550 5.1.1 user unknown"}],
                             "timestamp": at}
    else:
        message["complaint"] = {"complainedRecipients": [{"emailAddress": address}], "complaintFeedbackType": "abuse",
                                "timestamp": at}
    return message


def _feedback_through_sns(portal, aws, message: dict | str) -> dict:
    """Publish to the topic as SES does; the topic's subscription (infra/) puts it on the queue."""
    sns = boto3.client("sns", endpoint_url=aws, region_name=REGION)
    sns.publish(TopicArn=TOPIC, Message=message if isinstance(message, str) else json.dumps(message))
    messages = queued_messages(FEEDBACK_QUEUE)
    assert len(messages) == 1 and json.loads(messages[0]["Body"])["Type"] == "Notification"  # an SNS envelope
    arn = f"arn:aws:sqs:{REGION}:123456789012:{FEEDBACK_QUEUE}"
    return portal.lambda_.invoke("record_email_feedback", sqs_event(messages, arn, REGION)).payload


def test_a_permanent_bounce_stops_mail_to_the_address_until_the_registry_clears_it(portal, registry_officer, events, aws):
    create_case(portal, registry_officer, new_case_payload())
    events.deliver()
    assert len(sent_emails()) == 1
    assert _feedback_through_sns(portal, aws, _ses_notification("Bounce", "AhKow@example.sg")) == {"batchItemFailures": []}

    [marked] = _overview(portal, registry_officer)["undeliverable_addresses"]
    assert marked["address"] == "ahkow@example.sg" and "550 5.1.1 user unknown" in marked["reason"]
    page = portal.http.get("/registry/delivery", headers=signed_in(registry_officer)[0]).body.decode()
    assert "ahkow@example.sg" in page

    _move_hearing(portal, registry_officer, 20)
    events.deliver()
    assert len(sent_emails()) == 1  # not emailed again
    [problem] = _overview(portal, registry_officer)["problems"]
    assert problem["channel"] == "email" and "ahkow@example.sg was marked undeliverable" in problem["reason"]
    inbox = json.loads(portal.http.get("/api/inbox", headers=signed_in(_accused())[0]).body)
    assert inbox["unread"] == 2  # the inbox still got it

    cleared = portal.http.request("DELETE", f"/api/registry/delivery/addresses/{marked['address_id']}",
                                  headers=json_headers(registry_officer))
    assert cleared.status_code == 200
    assert _overview(portal, registry_officer)["undeliverable_addresses"] == []
    _move_hearing(portal, registry_officer, 21)
    events.deliver()
    assert len(sent_emails()) == 2
    again = portal.http.request("DELETE", f"/api/registry/delivery/addresses/{marked['address_id']}",
                                headers=json_headers(registry_officer))
    assert again.status_code == 404


def test_a_complaint_marks_the_address_and_a_transient_bounce_does_not(portal, registry_officer, aws):
    _feedback_through_sns(portal, aws, _ses_notification("Bounce", "full@example.sg", bounce_type="Transient"))
    _feedback_through_sns(portal, aws, _ses_notification("Complaint", "annoyed@example.sg"))
    [marked] = _overview(portal, registry_officer)["undeliverable_addresses"]
    assert marked["address"] == "annoyed@example.sg" and marked["feedback"] == "complaint"


def test_feedback_that_is_not_from_ses_is_parked_on_its_own_dead_letter_queue(portal, registry_officer, aws):
    assert _feedback_through_sns(portal, aws, "hello") == {"batchItemFailures": []}
    assert _overview(portal, registry_officer)["dead_letters"]["feedback_failures"] == 1


def _accused():
    from tests.fixtures.portal import accused_principal

    return accused_principal("S8979373D")


def _move_hearing(portal, officer, days: int) -> None:
    from tests.fixtures.portal import next_weekday_at

    case = json.loads(portal.http.get(f"/api/registry/cases/{CASE}", headers=json_headers(officer)).body)
    event_id = case["upcoming_events"][0]["event_id"]
    response = portal.http.patch(f"/api/registry/cases/{CASE}/events/{event_id}", headers=json_headers(officer),
                                 body=json.dumps({"starts_at": next_weekday_at(9, 30, days_ahead=days)}))
    assert response.status_code == 200, response.body


def _poison(events) -> None:
    sqs = events.sqs
    url = sqs.get_queue_url(QueueName="icms-dev-notifications")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "no_such_kind", "case_no": CASE}))
    events.deliver()


def test_a_parked_notice_is_shown_with_its_reason_and_redriven_a_bounded_number_of_times(portal, registry_officer, events):
    _poison(events)
    dead = _overview(portal, registry_officer)["dead_letters"]
    assert dead["depth"] == 1
    [message] = dead["messages"]
    assert message["reason"].startswith("not a notice this release can read") and message["redrives"] == 0
    page = portal.http.get("/registry/delivery", headers=signed_in(registry_officer)[0]).body.decode()
    assert "not a notice this release can read" in page and "Send parked notices back" in page

    for round_ in range(1, 4):
        result = portal.http.post("/api/registry/delivery/redrive", headers=json_headers(registry_officer), body="{}")
        assert json.loads(result.body) == {"moved": 1, "held": 0}
        [back] = queued_messages("icms-dev-notifications")
        assert back["MessageAttributes"]["icms-redrives"]["StringValue"] == str(round_)
        events.deliver([back])  # it fails again and is parked again, carrying its count
    [message] = _overview(portal, registry_officer)["dead_letters"]["messages"]
    assert message["redrives"] == 3 and message["redrivable"] is False
    held = portal.http.post("/api/registry/delivery/redrive", headers=json_headers(registry_officer), body="{}")
    assert json.loads(held.body) == {"moved": 0, "held": 1}
    assert queued_messages("icms-dev-notifications") == []

    from chalicelib.domain.clock import singapore_date, utc_now
    from chalicelib.store import audit

    redrives = [e for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "dead_letters_redriven"]
    assert len(redrives) == 4 and redrives[0].actor_name == "Registry Officer Tan"


def test_a_notice_about_no_case_or_with_a_missing_template_is_parked_with_why(portal, registry_officer, events, monkeypatch):
    from chalicelib.domain.notices import CourtDateFixed

    create_case(portal, registry_officer, new_case_payload())
    [message] = events.queued()
    notice = json.loads(message["Body"])
    monkeypatch.setattr(CourtDateFixed, "template_dir", property(lambda self: "notices/no_such_kind"))
    ghost = {**message, "MessageId": "ghost", "Body": json.dumps({**notice, "case_no": "DAC-999999-2026"})}
    assert events.deliver([message, ghost]) == {"batchItemFailures": []}
    reasons = sorted(m["MessageAttributes"]["icms-reason"]["StringValue"] for m in queued_messages(DEAD_LETTERS))
    assert reasons[0] == "case DAC-999999-2026 does not exist"
    assert reasons[1].startswith("template notices/no_such_kind/") and "TemplateNotFound" in reasons[1]
    assert sent_emails() == []


def test_an_address_ses_refuses_is_a_problem_and_the_others_are_still_told(portal, registry_officer, law_firm,
                                                                         events, monkeypatch):
    from chalicelib.services.channels import EmailChannel

    payload = new_case_payload()
    create_case(portal, registry_officer, payload)
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    events.deliver()
    real = EmailChannel.send_one

    def refuse_the_accused(address, *args):
        if address == "ahkow@example.sg":
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "Address blacklisted."}}, "SendEmail")
        return real(address, *args)

    monkeypatch.setattr(EmailChannel, "send_one", staticmethod(refuse_the_accused))
    _move_hearing(portal, registry_officer, 20)
    before = len(sent_emails())
    assert events.deliver() == {"batchItemFailures": []}
    assert [e["to"] for e in sent_emails()[before:]] == [["counsel@tanlim.example.sg"]]
    [problem] = _overview(portal, registry_officer)["problems"]
    assert problem["relation"] == "accused" and "SES refused ahkow@example.sg: Address blacklisted." in problem["reason"]


def test_idempotency_records_are_spread_one_partition_per_notice(portal, registry_officer, events, aws):
    create_case(portal, registry_officer, new_case_payload("DAC-912345-2026"))
    create_case(portal, registry_officer, new_case_payload("DAC-912346-2026", "S8116474F"))
    events.deliver()
    table = boto3.resource("dynamodb", endpoint_url=aws, region_name=REGION).Table("icms-dev")
    records = [i for i in table.scan()["Items"] if i["sk"] == "IDEMPOTENCY"]  # test fixtures may scan
    assert len(records) == 2 and len({r["pk"] for r in records}) == 2
    assert all(r["pk"].startswith("IDEMPOTENCY#") and r["status"] == "COMPLETED" for r in records)
    assert not any(i["pk"] == "IDEMPOTENCY" for i in table.scan()["Items"])


@pytest.mark.parametrize("path", ["/registry/delivery", "/api/registry/delivery"])
def test_an_empty_dead_letter_queue_and_a_quiet_day(portal, registry_officer, path):
    response = portal.http.get(path + "?day=2026-01-05", headers=signed_in(registry_officer)[0])
    assert response.status_code == 200
    if path.startswith("/api"):
        body = json.loads(response.body)
        assert body["dead_letters"]["depth"] == 0 and body["problems"] == [] and body["day"] == "2026-01-05"
    else:
        assert "No notice missed anyone that day." in response.body.decode()
    assert portal.http.get(path + "?day=yesterday", headers=signed_in(registry_officer)[0]).status_code == 422


def test_counsel_whose_account_is_gone_is_a_problem_and_the_rest_are_told(portal, registry_officer, law_firm, events):
    from chalicelib.domain.clock import utc_now
    from chalicelib.store import firms
    from chalicelib.store.unit_of_work import UnitOfWork

    create_case(portal, registry_officer, new_case_payload())
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    events.deliver()
    write = UnitOfWork(None, utc_now())
    firms.deactivate_member_in(write, law_firm["members"]["counsel"])
    write.commit()
    _move_hearing(portal, registry_officer, 20)
    before = len(sent_emails())
    assert events.deliver() == {"batchItemFailures": []}
    assert [e["to"] for e in sent_emails()[before:]] == [["ahkow@example.sg"]]
    [problem] = _overview(portal, registry_officer)["problems"]
    assert problem["recipient"] == "counsel Lim Wei Ling (Tan & Lim LLP)"
    assert problem["reason"] == "not told: no longer an active account of the firm on record"


def _bad_day(registry_officer, portal):
    """Fifty-five problems on one day and fifty-five addresses marked: more than a page of each."""
    from datetime import timedelta

    from chalicelib.store.delivery_problems import DeliveryProblemItem
    from chalicelib.store.email_status import EmailStatusItem
    from chalicelib.store.keys import (EMAIL_STATUS_SK, UNDELIVERABLE_PK, delivery_problem_pk, delivery_problem_sk,
                                       email_address_id, email_status_pk, undeliverable_sk)

    start = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
    with DeliveryProblemItem.batch_write() as batch:
        for n in range(55):
            at = start + timedelta(minutes=n)
            batch.save(DeliveryProblemItem(delivery_problem_pk(at.date()), delivery_problem_sk(at, str(n)), at=at,
                                           notice_id=f"n{n}", kind="court_date_changed", case_no=CASE,
                                           relation="accused", recipient=f"person{n}@example.com", channel="email",
                                           reason=f"refused {n}"))
    with EmailStatusItem.batch_write() as batch:
        for n in range(55):
            address, at = f"gone{n}@example.com", start + timedelta(minutes=n)
            batch.save(EmailStatusItem(email_status_pk(email_address_id(address)), EMAIL_STATUS_SK, address=address,
                                       feedback="bounce", reason="user unknown", first_at=at, last_at=at, times=1,
                                       gsi1pk=UNDELIVERABLE_PK, gsi1sk=undeliverable_sk(at, email_address_id(address))))
    return "2026-03-02"


def test_a_bad_day_pages_its_problems_and_addresses_by_key_and_never_cuts_them_off(portal, registry_officer):
    day = _bad_day(registry_officer, portal)
    headers = signed_in(registry_officer)[0]

    def get(query: str) -> dict:
        response = portal.http.get(f"/api/registry/delivery?day={day}&{query}", headers=headers)
        assert response.status_code == 200, response.body
        return json.loads(response.body)

    first = get("")
    assert [p["reason"] for p in first["problems"]] == [f"refused {n}" for n in range(54, 4, -1)]
    assert first["problems_previous_cursor"] is None and first["problems_next_cursor"]
    rest = get(f"problems_cursor={first['problems_next_cursor']}")
    assert [p["reason"] for p in rest["problems"]] == [f"refused {n}" for n in range(4, -1, -1)]
    assert rest["problems_next_cursor"] is None
    assert get(f"problems_cursor={rest['problems_previous_cursor']}")["problems"] == first["problems"]

    addresses = first["undeliverable_addresses"] + get(f"addresses_cursor={first['addresses_next_cursor']}")[
        "undeliverable_addresses"]
    assert [a["address"] for a in addresses] == [f"gone{n}@example.com" for n in range(54, -1, -1)]

    page = portal.http.get(f"/registry/delivery?day={day}", headers=headers).body.decode()
    assert "Earlier problems" in page and "Earlier addresses" in page
    for name in ("problems_cursor", "addresses_cursor"):
        refused = portal.http.get(f"/api/registry/delivery?day={day}&{name}=bm90LWEtY3Vyc29y", headers=headers)
        assert refused.status_code == 422 and json.loads(refused.body)["message"].startswith(f"{name} is not one")
