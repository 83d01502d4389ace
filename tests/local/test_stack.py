"""`make run`'s stack, started for real on free ports: banner, sign-in through the edge, Ctrl-C."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.parse

import pytest
import requests

from local.environment import LOOPBACK, REPO, LocalPorts, free_port, port_in_use
from local.stack import StartupFailed, banner, check_ports
from tests.fixtures.stack import running_stack, sign_in_over_http, stack_environment


def test_a_port_in_use_stops_the_stack_before_it_starts_anything():
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "local.stack"], cwd=REPO, capture_output=True, text=True, timeout=30,
            env=stack_environment(ICMS_LOCAL_PORT=port, ICMS_LOCAL_APP_PORT=free_port(),
                                  ICMS_LOCAL_MOTO_PORT=free_port()),
        )
    assert result.returncode == 1
    assert f"port {port} (the portal) is already in use" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_ports_must_differ():
    port = free_port()
    with pytest.raises(StartupFailed, match="must differ"):
        check_ports(LocalPorts(public=port, app=port, moto=free_port(), external_moto_url=None))


def test_the_banner_puts_the_url_on_a_line_of_its_own():
    from local import demo_data

    text = banner(LocalPorts(8000, 8001, 8002, None), demo_data.personas())
    lines = text.splitlines()
    assert "http://localhost:8000" in lines
    assert any("Tan Wei Ming" in line and "Accused in 3" in line for line in lines)
    assert any("S6005040F" in line and "Tan Wei Ming" in line for line in lines)
    assert any("[type it in]" in line and "T1112345C" in line for line in lines)
    assert any("/registry/sign-in" in line for line in lines)
    assert any("--fire send_court_reminders" in line for line in lines)


def test_the_stack_serves_the_demo_and_stops_cleanly_on_ctrl_c():
    with running_stack() as stack:
        url, moto = stack.url, stack.moto
        cookie = sign_in_over_http(stack, "/sign-in/singpass",
                                   {"X-Custom-NRIC": "S6005040F", "X-Custom-UUID": "6c6745d9-e6c5-40ee-8c96-5d737ddbc5e4"})
        cases = requests.get(url + "/cases", headers={"Cookie": cookie})
        assert cases.status_code == 200
        assert "DAC-904512-" in cases.text and "SC-001245-" in cases.text
        assert "YAC-" not in cases.text  # another accused's case
        case_no = "DAC-904512-" + cases.text.split("DAC-904512-", 1)[1][:4]
        case = requests.get(url + "/cases/" + urllib.parse.quote(case_no), headers={"Cookie": cookie})
        assert case.status_code == 200 and "Tan &amp; Lim LLP" in case.text
        _a_moved_court_date_reaches_the_accused_within_seconds(stack, case_no)
        stylesheet = requests.get(url + "/static/css/icms.css")
        assert stylesheet.status_code == 200
        assert stylesheet.headers["Content-Type"] == "text/css; charset=utf-8"

        # Unknown URLs at any depth: the portal's own 404, a page or JSON, with the security headers.
        page = requests.get(url + "/no/such/page", headers={"Cookie": cookie})
        assert page.status_code == 404 and "Integrated Case Management System" in page.text
        assert "Content-Security-Policy" in page.headers
        api = requests.post(url + "/api/no/such/route", json={})
        assert api.status_code == 404 and api.json()["error"] == "not_found"
        assert "Content-Security-Policy" in api.headers
        assert requests.get(url + "/api/openapi.json").json()["openapi"] == "3.1.0"
        # The portal answers at one origin; 127.0.0.1 is sent there first.
        elsewhere = requests.get(f"http://127.0.0.1:{stack.public}/cases", allow_redirects=False)
        assert elsewhere.status_code == 308 and elsewhere.headers["Location"] == url + "/cases"

        fired = subprocess.run(
            [sys.executable, "-m", "local.event_runner", "--fire", "send_court_reminders"], cwd=REPO,
            capture_output=True, text=True, timeout=60, env=stack_environment(ICMS_LOCAL_MOTO_PORT=moto),
        )
        assert fired.returncode == 0, fired.stdout + fired.stderr
        assert "events: schedule send_court_reminders at " in fired.stdout
        assert '-> {"pages_queued": 3}' in fired.stdout  # the running stack's runner writes the pages
        returncode = stack.stop()
        stack.read_until("[stack] stopped", 5)
    output = "\n".join(stack.seen)
    assert returncode == 0, output
    assert "Traceback" not in output
    assert not any(port_in_use(port) for port in (stack.public, stack.app, stack.moto)), "a server outlived the stack"


def _a_moved_court_date_reaches_the_accused_within_seconds(stack, case_no: str) -> None:
    """A registry officer moves a court date; the stream relays the notice and the accused's email
    and SMS (as moto accepted them, on the local mailbox page) and inbox entry show it within seconds."""
    import json
    import time
    from datetime import datetime, timedelta

    import boto3

    from chalicelib.domain.identity import subject_key
    from local.environment import REGION, LocalPorts, shared_environment

    officer = sign_in_over_http(stack, "/registry/sign-in",
                                {"X-Custom-NRIC": "S3000024B", "X-Custom-UUID": "0e7e5a7f-69f0-4f0e-8f7a-2f0a3c0e1a11"})
    headers = {"Cookie": officer, "Content-Type": "application/json"}
    case = requests.get(f"{stack.url}/api/registry/cases/{case_no}", headers=headers, timeout=10).json()
    event = case["next_event"]
    moved_to = datetime.fromisoformat(event["starts_at"]) + timedelta(days=7)
    moved = requests.patch(f"{stack.url}/api/registry/cases/{case_no}/events/{event['event_id']}", headers=headers,
                           data=json.dumps({"starts_at": moved_to.isoformat()}), timeout=10)
    assert moved.status_code == 200, moved.text
    changed_at = time.monotonic()

    subject = f"Court date changed: {case_no}"
    pepper = shared_environment(LocalPorts(stack.public, stack.app, stack.moto, None))["ICMS_IDENTIFIER_PEPPER"].encode()
    inbox_key = "INBOX#PERSON#" + subject_key("S6005040F", pepper)
    table = boto3.resource("dynamodb", endpoint_url=f"http://127.0.0.1:{stack.moto}", region_name=REGION,
                           aws_access_key_id="local", aws_secret_access_key="local").Table("icms-dev")
    sms = f"the court date for case {case_no} has changed"  # Tan Wei Ming confirmed his mobile (demo data)
    while time.monotonic() - changed_at < 15:
        mailbox = requests.get(f"{stack.url}/local/mailbox", timeout=10).text
        inbox = table.query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": inbox_key})["Items"]
        if subject in mailbox and sms in mailbox and any(item.get("title") == subject for item in inbox):
            return
        time.sleep(0.5)
    raise AssertionError(f"no email, SMS and inbox entry {subject!r} within 15 s:\n" + "\n".join(stack.seen[-20:]))
