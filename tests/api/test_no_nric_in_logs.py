"""NRICs never reach a log line: not in messages, extra keys, validation errors or tracebacks."""

import io
import json
import logging
import re

import pytest

from chalicelib.logs import logger
from tests.api.test_login import Browser, singpass
from tests.fixtures.portal import create_case, firm_principal, json_headers, new_case_payload

NRIC_SHAPE = re.compile(r"[STFGM]\d{7}[A-Z]")


@pytest.fixture
def every_log_line():
    """Everything the app logs at DEBUG and above, formatted exactly as it is written in Lambda."""
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(logger.registered_formatter)
    level = logger.log_level
    logger.addHandler(handler)
    logger.setLevel("DEBUG")
    yield captured.getvalue
    logger.setLevel(level)
    logger.removeHandler(handler)


def test_a_days_work_logs_no_nric(portal, registry_officer, law_firm, mockpass, every_log_line, events):
    from chalicelib.domain.notices import CourtDateNotice  # noqa: F401 - delivery below

    create_case(portal, registry_officer, new_case_payload())
    bad = new_case_payload("DAC-912399-2026", "S8979373A")  # a wrong check letter, echoed by pydantic
    portal.http.post("/api/registry/cases", headers=json_headers(registry_officer), body=json.dumps(bad))
    portal.http.post("/api/firm/members", headers=json_headers(firm_principal(law_firm, "admin")),
                     body=json.dumps({"nric": "S6005047C", "name": "Priya Nair", "email": "p@tanlim.example.sg",
                                      "role": "counsel"}))
    Browser(portal).sign_in("/sign-in/singpass", singpass("S8979373D"))
    from local.event_runner import sqs_event

    event = sqs_event(events.queued(), "arn:aws:sqs:ap-southeast-1:1:q", "ap-southeast-1")
    portal.lambda_.invoke("deliver_notifications", event)

    output = every_log_line()
    assert '"level":"INFO"' in output  # the capture really holds the app's logs
    assert NRIC_SHAPE.findall(output) == []


def test_tracebacks_are_redacted(every_log_line):
    try:
        raise ValueError("no person with NRIC S8979373D")
    except ValueError:
        logger.exception("lookup failed for T0066846F")
    output = every_log_line()
    assert "[NRIC]" in output and NRIC_SHAPE.findall(output) == []
