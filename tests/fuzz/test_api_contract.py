"""The API fuzzed against its own contract, as each role: schemathesis generates valid and invalid
requests for every operation in ``/api/openapi.json`` and sends them over HTTP to the portal as
``chalice local`` serves it, against the local stack's moto.

For every request: no 5xx, the status, content type and body are those the contract documents, and
a refused request (4xx) leaves the table, the queues and the outbox of mail as they were (apart from
what refusing itself records: audit entries, a kiosk's used nonce, the session's last-seen time).
New routes are fuzzed without being listed here: they are in the contract because they are routes.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

import app  # noqa: F401 - declares every route
from chalicelib.web.openapi import document
from tests.fixtures.aws import empty_table_and_queues
from tests.fixtures.portal import (
    KIOSK_SECRET,
    accused_principal,
    add_kiosk,
    add_law_firm,
    add_registry_officer,
    create_case,
    firm_principal,
    kiosk_headers,
    new_case_payload,
    signed_in,
)

EXAMPLES_PER_OPERATION = int(os.environ.get("ICMS_FUZZ_EXAMPLES", "12"))
ROLES = ("registry", "accused", "counsel", "firm_admin", "kiosk")
# Written by refusing itself, by design: the audit log, a kiosk's nonce, a session's sliding expiry.
WRITTEN_WHEN_REFUSING = ("AUDIT#", "KIOSKNONCE#", "SESSION#")

schema = schemathesis.openapi.from_dict(document())
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
        with Client(app.app) as client:
            create_case(client, officer, new_case_payload())
        self.kiosk_id = add_kiosk()
        self.cookies = {
            "registry": signed_in(officer)[0],
            "accused": signed_in(accused_principal("S8979373D", "Tan Ah Kow"))[0],
            "counsel": signed_in(firm_principal(firm, "counsel"))[0],
            "firm_admin": signed_in(firm_principal(firm, "admin"))[0],
        }
        self.session = requests.Session()

    def send(self, case, base_url: str, role: str) -> requests.Response:
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
        return self.session.send(prepared, timeout=30)


def _durable_state() -> tuple:
    """What a refused request must not change, read from moto's backends in this process (the
    server is idle between requests: it serves one at a time)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.ses.models import ses_backends
    from moto.sqs.models import sqs_backends

    from chalicelib.settings import get_settings

    region = os.environ["AWS_DEFAULT_REGION"]
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(get_settings().table_name)
    kept = sorted(repr(sorted(item.attrs.items())) for item in table.all_items()
                  if not item.hash_key.value.startswith(WRITTEN_WHEN_REFUSING))
    queued = sum(len(q._messages) for q in sqs_backends[DEFAULT_ACCOUNT_ID][region].queues.values())
    mailed = len(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)
    return kept, queued, mailed


@pytest.fixture(scope="module")
def world(live_portal) -> World:
    return World()


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
test_api_as_firm_admin = _fuzz("firm_admin")
test_api_as_kiosk = _fuzz("kiosk")
