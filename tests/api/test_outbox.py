"""Every change carries its notices and its audit entry in one transaction.

Notices leave only through the outbox on the table's stream, so they survive a function that dies
right after committing; relaying or delivering the same thing twice sends one email; a record that
cannot be relayed fails alone and ends on the outbox failures queue; every registry change writes
exactly one audit entry, inside its own transaction, and a refused change writes none.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import boto3
import pytest

from local.streams import stream_event
from tests.fixtures.aws import REGION, queued_messages, sent_emails
from tests.fixtures.portal import SGT, accused_principal, create_case, json_headers, new_case_payload

CASE = "DAC-912345-2026"
CHARGE = "DAC-912399-2026"
NOTIFICATIONS = "icms-dev-notifications"
FAILURES = "icms-dev-outbox-failures"


def _inbox(nric: str = "S8979373D"):
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.store import inbox

    return list(inbox.page(InboxOwner.person(accused_principal(nric).subject_id)).entries)


def _audit_today():
    from chalicelib.domain.clock import singapore_date, utc_now
    from chalicelib.store import audit

    return audit.on_day(singapore_date(utc_now()))


def _moved_to(days: int = 21) -> str:
    return (datetime.now(SGT) + timedelta(days=days)).replace(hour=9, minute=30, second=0, microsecond=0).isoformat()


def test_a_notice_survives_a_function_that_dies_right_after_committing(portal, registry_officer, events, monkeypatch):
    from chalicelib.store.case_write import CaseWrite

    created = create_case(portal, registry_officer, new_case_payload())
    events.deliver()
    sent_before = len(sent_emails())
    committed = CaseWrite.commit

    def commit_then_die(self):
        committed(self)
        raise RuntimeError("the function was killed after its transaction committed")

    monkeypatch.setattr(CaseWrite, "commit", commit_then_die)
    event_id = created["next_event"]["event_id"]
    response = portal.http.patch(f"/api/registry/cases/{CASE}/events/{event_id}", headers=json_headers(registry_officer),
                                 body=json.dumps({"starts_at": _moved_to()}))
    assert response.status_code == 500
    # Nothing was published outside the transaction: the queue is empty until the relay runs.
    assert queued_messages(NOTIFICATIONS) == []

    assert events.deliver() == {"batchItemFailures": []}

    changed = [e for e in sent_emails()[sent_before:] if e["subject"] == f"Court date changed: {CASE}"]
    assert len(changed) == 1 and "9.30am" in changed[0]["body"]
    assert _inbox()[0].title == f"Court date changed: {CASE}"


def test_a_refused_change_sends_no_notice(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    events.deliver()
    response = portal.http.post("/api/registry/cases", headers=json_headers(registry_officer),
                                body=json.dumps(new_case_payload()))
    assert response.status_code == 409
    assert events.queued() == []


def _stream_records(aws) -> list[dict]:
    streams = boto3.client("dynamodbstreams", endpoint_url=aws, region_name=REGION)
    table = boto3.client("dynamodb", endpoint_url=aws, region_name=REGION).describe_table(TableName="icms-dev")
    arn = table["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [{**r, "eventSourceARN": arn} for r in records]


def test_the_same_stream_record_relayed_twice_and_the_same_message_delivered_twice_send_once(
        portal, registry_officer, events, aws):
    create_case(portal, registry_officer, new_case_payload())
    outbox = [r for r in _stream_records(aws) if r["dynamodb"]["NewImage"].get("type", {}).get("S") == "outbox"]
    assert len(outbox) == 1
    for _ in range(2):
        assert portal.lambda_.invoke("relay_outbox", {"Records": outbox}).payload == {"batchItemFailures": []}
    messages = queued_messages(NOTIFICATIONS)
    assert len(messages) == 2 and messages[0]["Body"] == messages[1]["Body"]

    events.deliver(messages)
    events.deliver([{**messages[0], "MessageId": "delivered-again"}])

    assert len(sent_emails()) == 1
    assert len(_inbox()) == 1


def test_a_poison_outbox_record_fails_alone_and_ends_on_the_failures_queue(portal, registry_officer, events, aws):
    from chalicelib.domain.clock import utc_now
    from chalicelib.store.outbox import OutboxItem

    create_case(portal, registry_officer, new_case_payload())
    OutboxItem("OUTBOX#poison", "OUTBOX", created_at=utc_now(), notices='[{"kind": "not_a_notice"}]').save()
    create_case(portal, registry_officer, new_case_payload("DAC-912346-2026", "S8116474F"))

    events.relay()

    # Both real changes were relayed and delivered; the poison did not hold them up.
    events.deliver(queued_messages(NOTIFICATIONS))
    assert sorted(e["subject"] for e in sent_emails()) == [
        "Court date fixed: DAC-912345-2026", "Court date fixed: DAC-912346-2026"]
    # Retried as often as infra/lambda.yaml allows, then described on the failures queue.
    sqs = boto3.client("sqs", endpoint_url=aws, region_name=REGION)
    url = sqs.get_queue_url(QueueName=FAILURES)["QueueUrl"]
    [failure] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    described = json.loads(failure["Body"])
    assert described["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert described["requestContext"]["approximateInvokeCount"] == 6  # the first try and 5 retries
    poison = next(r for r in _stream_records(aws) if r["dynamodb"]["Keys"]["pk"]["S"] == "OUTBOX#poison")
    assert described["DDBStreamBatchInfo"]["startSequenceNumber"] == poison["dynamodb"]["SequenceNumber"]
    # The shard moved on: relaying again gives up on nothing more.
    events.relay()
    assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []) == []


def test_outbox_work_for_a_queue_the_relay_does_not_know_fails_that_record_alone(portal, registry_officer, events,
                                                                                 aws):
    from chalicelib.domain.clock import utc_now
    from chalicelib.store.outbox import OutboxItem

    OutboxItem("OUTBOX#unknown-work", "OUTBOX", created_at=utc_now(), notices="[]",
               work='[{"queue": "anything_at_all", "message": {"id": "1"}}]').save()
    create_case(portal, registry_officer, new_case_payload())
    records = [r for r in _stream_records(aws) if r["dynamodb"]["NewImage"].get("type", {}).get("S") == "outbox"]
    result = portal.lambda_.invoke("relay_outbox", stream_event(records, records[0]["eventSourceARN"])).payload
    failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    unknown = next(r for r in records if r["dynamodb"]["Keys"]["pk"]["S"] == "OUTBOX#unknown-work")
    assert failed == {unknown["dynamodb"]["SequenceNumber"]}


def test_the_relay_skips_what_is_not_an_outbox_insert(portal, registry_officer, aws):
    create_case(portal, registry_officer, new_case_payload())
    others = [r for r in _stream_records(aws) if r["dynamodb"]["NewImage"].get("type", {}).get("S") != "outbox"]
    assert others  # the case, its charge, its event, the person, the audit entry...
    result = portal.lambda_.invoke("relay_outbox", stream_event(others, others[0]["eventSourceARN"])).payload
    assert result == {"batchItemFailures": []}
    assert queued_messages(NOTIFICATIONS) == []


# --- audit entries in the same transaction ------------------------------------------------------


def _ptc_sitting() -> tuple[str, str]:
    """A conference sitting's id (PTC and CCDC), and its start (made by ``_add_ptc_sitting``)."""
    from datetime import datetime

    from chalicelib.domain.cases import Venue
    from chalicelib.domain.sittings import sitting_id_for
    from tests.fixtures.court_dates import COURT_4A, at, working_day

    starts_at = at(working_day(40), 10)
    return sitting_id_for(datetime.fromisoformat(starts_at), Venue(**COURT_4A)), starts_at


def _add_ptc_sitting() -> None:
    from tests.fixtures.court_dates import COURT_4A, add_sitting

    add_sitting("state_courts", COURT_4A, _ptc_sitting()[1],
                ["pre_trial_conference", "criminal_case_disclosure_conference"], 5)


def _registry_changes(law_firm) -> list[tuple[str, str, object, str]]:
    """Every registry intake write, in an order that works on one case: (method, route path, body,
    the audit action it records)."""
    return [
        ("POST", "/api/registry/cases", new_case_payload(), "case_created"),
        ("POST", "/api/registry/cases/{case_no}/charges",
         {"charge_no": CHARGE, "statute": "Penal Code 1871", "section": "323", "offence": "Hurt"}, "charge_added"),
        ("PATCH", "/api/registry/cases/{case_no}/charges/{charge_no}", {"offence": "Voluntarily causing hurt"},
         "charge_changed"),
        ("POST", "/api/registry/cases/{case_no}/events",
         {"type": "criminal_case_disclosure_conference", "starts_at": _moved_to(30),
          "venue": {"building": "State Courts Towers", "room": "Court 4A"}}, "court_event_fixed"),
        ("PATCH", "/api/registry/cases/{case_no}/events/{event_id}", {"starts_at": _moved_to(35)},
         "court_event_changed"),
        ("PUT", "/api/registry/cases/{case_no}/events/{event_id}/sitting", {"sitting_id": _ptc_sitting()[0]},
         "event_placed_in_sitting"),
        ("PUT", "/api/registry/cases/{case_no}/representation",
         {"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}, "representation_recorded"),
        ("DELETE", "/api/registry/cases/{case_no}/representation", None, "representation_ended"),
        ("PUT", "/api/registry/cases/{case_no}/bail",
         {"amount_cents": 1_000_000, "bailor_name": "Tan Mei Ling", "bailor_email": "meiling@example.sg"},
         "bail_recorded"),
        ("PUT", "/api/registry/cases/{case_no}/defence-case-due", {"due_on": _moved_to(44)[:10]},
         "defence_case_due_recorded"),
        # On a request for court records the accused filed (made unmeasured first): the fee, then the review.
        ("POST", "/api/registry/cases/{case_no}/fees/{fee_id}/waive", {"reason": "Hardship"}, "fee_waived"),
        ("POST", "/api/registry/cases/{case_no}/filings/{filing_id}/decision", {"decision": "start_review"},
         "filing_review_started"),
    ]


def _a_request_owing_a_fee() -> dict[str, str]:
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import filings
    from chalicelib.web.filing_schemas import parse_filing_request

    accused, now = accused_principal("S8979373D", "Tan Ah Kow"), utc_now()
    request = parse_filing_request({"type": "court_records", "details": {"records": ["judgment"], "purpose": "Appeal"}})
    made = filings.create(Actor.of(accused, None), accused, CASE, request,
                          filings.RequestKey.of(accused, "outbox-test-key"), now)
    submitted = filings.submit(Actor.of(accused, None), accused, CASE, made.filing.filing_id, None, now).filing
    return {"filing_id": submitted.filing_id, "fee_id": submitted.fee_id}


def test_every_registry_change_writes_one_audit_entry_in_its_own_transaction(portal, registry_officer, law_firm):
    from bench.counter import RoundTripCounter
    from chalicelib.web.routing import declared_routes

    changes = _registry_changes(law_firm)
    intake_writes = {(method, spec.path) for spec in declared_routes() if spec.path.startswith("/api/registry/cases")
                     for method in spec.methods if method != "GET"}
    assert intake_writes == {(method, path) for method, path, _, _ in changes}

    counter = RoundTripCounter()
    counter.install()
    counter.attach_app_clients()
    ids = {"case_no": CASE, "charge_no": CHARGE, "event_id": ""}
    _add_ptc_sitting()
    try:
        for method, path, body, action in changes:
            if "{fee_id}" in path and "fee_id" not in ids:
                ids.update(_a_request_owing_a_fee())
            before = len(_audit_today())
            headers = json_headers(registry_officer)
            with counter.measure() as tally:
                response = portal.http.request(method, path.format(**ids), headers=headers,
                                               body=json.dumps(body) if body is not None else b"")
            assert response.status_code in (200, 201), (path, response.body)
            if action == "court_event_fixed":
                ids["event_id"] = json.loads(response.body)["event_id"]
            entries = _audit_today()
            assert len(entries) == before + 1, action
            assert (entries[0].action.value, entries[0].target, entries[0].actor_name) == (
                action, CASE, registry_officer.display_name)
            writes = {op: n for op, n in tally.operations("dynamodb").items()
                      if op in ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")}
            # The session's idle clock may slide (one UpdateItem a minute); the change is one transaction.
            writes.pop("UpdateItem", None)
            assert writes == {"TransactWriteItems": 1}, (action, tally.operations("dynamodb"))
            assert tally.operations("sqs") == {}, action
    finally:
        counter.uninstall()


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/api/registry/cases", new_case_payload()),  # the case exists
    ("POST", f"/api/registry/cases/{CASE}/charges",
     {"charge_no": CASE, "statute": "Penal Code 1871", "section": "379", "offence": "Theft"}),  # charge exists
    ("DELETE", f"/api/registry/cases/{CASE}/representation", None),  # no firm on record
    ("PUT", f"/api/registry/cases/{CASE}/bail", {"amount_cents": "lots"}),  # not valid
])
def test_a_refused_change_writes_no_audit_entry(portal, registry_officer, method, path, body):
    create_case(portal, registry_officer, new_case_payload())
    before = _audit_today()
    response = portal.http.request(method, path, headers=json_headers(registry_officer),
                                   body=json.dumps(body) if body is not None else b"")
    assert 400 <= response.status_code < 500
    assert _audit_today() == before


def test_a_change_refused_at_commit_writes_neither_audit_entry_nor_notice(portal, registry_officer, events):
    """Two officers change the same case from the same reading: the second commit is refused by
    the version guard, and nothing of it (change, audit entry, notice) is written."""
    from chalicelib.domain.audit import Actor, AuditAction
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.notices import court_date_notices
    from chalicelib.services.intake import load_case
    from chalicelib.store.case_write import CaseWrite

    create_case(portal, registry_officer, new_case_payload())
    events.deliver()
    read = load_case(CASE)
    first, second = CaseWrite.of(read, Actor.system("first"), utc_now()), CaseWrite.of(read, Actor.system("second"), utc_now())
    event = read.events[0]
    for write, days in ((first, 20), (second, 25)):
        moved = event.model_copy(update={"starts_at": event.starts_at + timedelta(days=days)})
        write.put_event(moved)
        write.notify(*court_date_notices(CASE, event, moved, utc_now()))
        write.audit(AuditAction.COURT_EVENT_CHANGED, target=CASE)
    first.commit()
    audited = len(_audit_today())
    with pytest.raises(Conflict, match="changed while you were working"):
        second.commit()
    assert len(_audit_today()) == audited
    [notice] = events.queued()
    assert datetime.fromisoformat(notice["body"]["event"]["starts_at"]) == event.starts_at + timedelta(days=20)
    assert load_case(CASE).events[0].starts_at == event.starts_at + timedelta(days=20)
