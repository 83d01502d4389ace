"""The API fuzzed against its own contract, as each role: schemathesis generates valid and invalid
requests for every operation in ``/api/openapi.json`` and sends them over HTTP to the portal as
``chalice local`` serves it, against the local stack's moto.

For every request: no 5xx, the status, content type and body are those the contract documents, and
a refused request (4xx) leaves the table, the queues and the outbox of mail as they were (apart from
what refusing itself records: audit entries, a kiosk's used nonce, the session's last-seen time).
New routes are fuzzed without being listed here: they are in the contract because they are routes.

A path drawn from the contract names a case or filing that does not exist, so each role would only
ever be answered 404 on a route about one case. Where the path was generated as valid, it is
pointed at the world's real case for the role and its real filings, fees, court events, requests
to change a date, inbox entries, undeliverable address, and its fees to pay (one due, with a card
payment started and a payment advice, one paid with its receipt), so that the bodies, queries and
headers are fuzzed against data the role may act on (filing, submitting, deciding, waiving, moving a
court date, asking for a change, opening a notice, paying by card, asking for an advice, reading a
receipt, paying at a kiosk), and a refusal there is checked to write nothing either. A body
generated as valid that names a sitting names the world's free one, and one that names a payment
reference (a kiosk's) names the world's advice. The card gateway's webhook is fuzzed too: it
authenticates by its signature, which the fuzzer cannot make, so every call must be refused and
write nothing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

import app
from chalicelib.web.openapi import document
from tests.fixtures.aws import empty_table_and_queues
from tests.fixtures.court_dates import add_court_dates_world
from tests.fixtures.fees import fees_paid_and_due
from tests.fixtures.filings import body, court_records, create, filed, leave_jurisdiction
from tests.fixtures.notices import inbox_entry_of, mark_undeliverable
from tests.fixtures.portal import (
    KIOSK_SECRET,
    accused_principal,
    add_kiosk,
    add_law_firm,
    add_registry_officer,
    create_case,
    firm_principal,
    json_headers,
    kiosk_headers,
    new_case_payload,
    signed_in,
)

EXAMPLES_PER_OPERATION = int(os.environ.get("ICMS_FUZZ_EXAMPLES", "8"))
ROLES = ("registry", "accused", "counsel", "paralegal", "firm_admin", "kiosk")
OWN_CASE = "DAC-912345-2026"  # Tan Ah Kow's, on bail, no lawyer
REPRESENTED_CASE = "DAC-912346-2026"  # Tan & Lim LLP on record
CASE_OF = {"accused": OWN_CASE, "registry": OWN_CASE, "kiosk": OWN_CASE, "counsel": REPRESENTED_CASE,
           "paralegal": REPRESENTED_CASE, "firm_admin": REPRESENTED_CASE}
# Written by refusing itself, by design: the audit log, a kiosk's nonce, a session's sliding expiry.
WRITTEN_WHEN_REFUSING = ("AUDIT#", "KIOSKNONCE#", "SESSION#")
# Counted by refusing, by design: a wrong mobile confirmation code uses up one of its tries.
COUNTED_WHEN_REFUSING = frozenset({"code_attempts"})

schema = schemathesis.openapi.from_dict(document())
OPERATIONS = sum(len(methods) for methods in document()["paths"].values())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES_PER_OPERATION, deterministic=True,
                                # Each role's own credentials are added to every request; going without
                                # them is the access matrix's business (tests/api/test_access_matrix.py).
                                with_security_parameters=False)
# Methods the app sees. TRACE and QUERY stop at chalice local's HTTP server (501), OPTIONS at its
# automatic CORS answer; in AWS, API Gateway answers them before the app.
schema.config.phases.coverage.unexpected_methods = {"get", "put", "post", "delete", "patch"}
# The coverage phase derives every boundary and mutation of every field (hundreds of requests for
# an intake body); ICMS_FUZZ_COVERAGE=1 runs it. make test keeps to a bounded number per route.
schema.config.phases.coverage.enabled = os.environ.get("ICMS_FUZZ_COVERAGE") == "1"

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


class World:
    def __init__(self) -> None:
        from chalice.test import Client

        empty_table_and_queues()
        officer = add_registry_officer()
        firm = add_law_firm()
        accused = accused_principal("S8979373D", "Tan Ah Kow")
        counsel = firm_principal(firm, "counsel")
        bail = {"amount_cents": 500_000, "bailor_name": "Lee Ah Huat", "bailor_email": "huat@example.sg"}
        # Each case has a draft (to submit or withdraw), a submitted application waiting for the
        # registry, and one waiting for its fee (to waive).
        self.filings: dict[str, dict[str, str]] = {}
        with Client(app.app) as client:
            create_case(client, officer, new_case_payload(OWN_CASE, bail=bail))
            create_case(client, officer, new_case_payload(REPRESENTED_CASE, "S7812345A", bail=bail))
            on_record = client.http.put(f"/api/registry/cases/{REPRESENTED_CASE}/representation",
                                        headers=json_headers(officer),
                                        body=json.dumps({"firm_uen": firm["uen"],
                                                         "counsel_member_ids": [firm["counsel_id"]]}))
            assert on_record.status_code == 201, on_record.body
            for case_no, filer in ((OWN_CASE, accused), (REPRESENTED_CASE, counsel)):
                draft = create(client, filer, court_records(), case_no)
                assert draft.status_code == 201, draft.body
                fee_due = filed(client, filer, court_records(), case_no)
                self.filings[case_no] = {
                    "draft": body(draft)["filing_id"],
                    "submitted": filed(client, filer, leave_jurisdiction(), case_no)["filing_id"],
                    "fee": fee_due["fee"]["fee_id"],
                }
        self.kiosk_id = add_kiosk()
        principals = {"registry": officer, "accused": accused, "counsel": counsel,
                      "paralegal": firm_principal(firm, "paralegal"), "firm_admin": firm_principal(firm, "admin")}
        # Court dates: each case's mention (to move, or to ask about), a free mention sitting, a
        # request the paralegal prepared on the represented case's pre-trial conference (for counsel
        # to submit) and one the accused made on theirs (for the registry to decide).
        dates = add_court_dates_world({**principals, "other_accused": accused}, REPRESENTED_CASE, OWN_CASE)
        self.sitting = dates["sitting"]
        self.events = {REPRESENTED_CASE: dates["mention_a"], OWN_CASE: dates["mention_b"]}
        self.requests = {REPRESENTED_CASE: dates["request_a"], OWN_CASE: dates["request_b"]}
        # A notice in each person's inbox, and an address the registry may mail again.
        self.entries = {role: inbox_entry_of(principal, CASE_OF[role]) for role, principal in principals.items()
                        if role != "registry"}
        self.address_id = mark_undeliverable("bounced@example.sg")
        # Fees to pay on each case: a due one (a card payment started, an advice issued) and a paid one.
        self.fees = {case_no: fees_paid_and_due(case_no, payer)
                     for case_no, payer in ((OWN_CASE, accused), (REPRESENTED_CASE, counsel))}
        self.cookies = {role: signed_in(principal)[0] for role, principal in principals.items()}
        self.session = requests.Session()
        self.answered: Counter[str] = Counter()  # statuses by class, for the run's summary line
        self.roles_fuzzed: set[str] = set()

    def point_at_own_data(self, case, role: str) -> None:
        """A path generated as valid names the role's case and, for a step, the filing, court event,
        request or notice it applies to; a valid body's sitting is the world's free one."""
        if case.meta is None:
            return
        valid_body = isinstance(case.body, dict) and not case.meta.is_negative_at(ParameterLocation.BODY)
        if valid_body and "sitting_id" in case.body:
            case.body["sitting_id"] = self.sitting
        if valid_body and "reference" in case.body:
            case.body["reference"] = self.fees[CASE_OF[role]]["reference"]
        if not case.path_parameters or case.meta.is_negative_at(ParameterLocation.PATH):
            return
        case_no = CASE_OF[role]
        fees = self.fees[case_no]
        paying = "/card-payment" in case.path or "/advices" in case.path
        real = {"case_no": case_no, "fee_id": fees["due"] if paying else self.filings[case_no]["fee"],
                "receipt_no": fees["receipt"], "application_no": fees["application"],
                "reference": fees["reference"],
                "filing_id": self.filings[case_no]["draft" if case.path.endswith(("/submit", "/withdraw"))
                                                  else "submitted"],
                "event_id": self.events[case_no], "request_id": self.requests[case_no],
                "entry_id": self.entries.get(role, ""), "address_id": self.address_id}
        if set(case.path_parameters) <= set(real):
            case.path_parameters = {name: real[name] for name in case.path_parameters}

    def send(self, case, base_url: str, role: str) -> requests.Response:
        self.point_at_own_data(case, role)
        kwargs = case.as_transport_kwargs(base_url=base_url)
        kwargs.pop("timeout", None)
        prepared = requests.Request(**{k: v for k, v in kwargs.items() if k in
                                       ("method", "url", "headers", "params", "data", "json", "files", "cookies")}
                                    ).prepare()
        if role == "kiosk":
            body = prepared.body or b""
            body = body.encode() if isinstance(body, str) else body
            url = urlsplit(prepared.url)
            prepared.headers.update(kiosk_headers(self.kiosk_id, prepared.method, url.path, body,
                                                  dict(parse_qsl(url.query, keep_blank_values=True)),
                                                  secret=KIOSK_SECRET))
        else:
            prepared.headers.update(self.cookies[role])
        response = self.session.send(prepared, timeout=30)
        self.answered[f"{response.status_code // 100}xx"] += 1
        self.roles_fuzzed.add(role)
        return response


def _durable_state() -> tuple:
    """What a refused request must not change, read from moto's backends in this process (the
    server is idle between the fuzzer's requests, which it sends one after another)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends
    from moto.sqs.models import sqs_backends

    from chalicelib.settings import get_settings

    region = os.environ["AWS_DEFAULT_REGION"]
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(get_settings().table_name)
    kept = sorted(repr(sorted((name, value) for name, value in item.attrs.items() if name not in COUNTED_WHEN_REFUSING))
                  for item in table.all_items() if not item.hash_key.value.startswith(WRITTEN_WHEN_REFUSING))
    queued = sum(len(q._messages) for q in sqs_backends[DEFAULT_ACCOUNT_ID][region].queues.values())
    mailed = len(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)
    texted = len(sns_backends[DEFAULT_ACCOUNT_ID][region].sms_messages)
    return kept, queued, mailed, texted


@pytest.fixture(scope="module")
def world(live_portal, gateway_process, request) -> World:
    world = World()
    yield world
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        answered = ", ".join(f"{count} {status}" for status, count in sorted(world.answered.items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nAPI fuzzing: {world.answered.total()} requests over {OPERATIONS} operations"
                                f" as {len(world.roles_fuzzed)} roles ({answered})")


def _fuzz(role: str):
    @schema.parametrize()
    @settings(deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def test(case, world, live_portal):
        before = _durable_state()
        response = world.send(case, live_portal, role)
        case.validate_response(response, checks=CHECKS)
        if 400 <= response.status_code < 500:
            assert _durable_state() == before, f"{response.status_code} {response.text[:300]} changed stored data"

    test.__name__ = f"test_api_as_{role}"
    return test


test_api_as_registry = _fuzz("registry")
test_api_as_accused = _fuzz("accused")
test_api_as_counsel = _fuzz("counsel")
test_api_as_paralegal = _fuzz("paralegal")
test_api_as_firm_admin = _fuzz("firm_admin")
test_api_as_kiosk = _fuzz("kiosk")
