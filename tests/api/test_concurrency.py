"""Races with real threads against the local stack's moto (one request at a time, as DynamoDB
applies each transaction atomically): the application's conditions decide who wins."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import boto3
import requests

from tests.fixtures.portal import json_headers, new_case_payload

CREATORS = 20


def _table_items() -> list[dict]:
    table = boto3.resource("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).Table(os.environ["ICMS_TABLE_NAME"])
    return table.scan()["Items"]  # test fixture: a scan is fine here


def test_twenty_identical_creates_make_one_case_and_nineteen_409s(aws, live_portal, registry_officer, events):
    payload = json.dumps(new_case_payload())
    headers = json_headers(registry_officer)

    def create(_):
        return requests.post(f"{live_portal}/api/registry/cases", data=payload, headers=headers, timeout=60)

    with ThreadPoolExecutor(max_workers=CREATORS) as pool:
        responses = list(pool.map(create, range(CREATORS)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (CREATORS - 1), [r.text for r in responses if r.status_code not in (201, 409)]

    items = _table_items()
    kinds = sorted(i["type"] for i in items if i["pk"].startswith(("CASE#", "CHARGENO#", "PERSON#")))
    assert kinds == ["case", "charge", "charge_number", "court_event", "person"], kinds
    assert [i["type"] for i in items if i["type"] == "outbox"] == ["outbox"]  # one change, one outbox item
    assert len([i for i in items if i["type"] == "audit_entry" and "created" in i.get("action", "")]) == 1
    events.relay()
    notices = [m["body"] for m in events.queued()]
    assert len(notices) == 1, notices  # the court date, fixed once, notified once
