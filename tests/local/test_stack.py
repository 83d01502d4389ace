"""`make run`'s stack, started for real on free ports: banner, sign-in through the edge, Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
import requests

from local.environment import LOOPBACK, REPO, LocalPorts, free_port, port_in_use
from local.stack import StartupFailed, banner, check_ports

STARTUP_SECONDS = 90


def stack_environment(**ports: int) -> dict[str, str]:
    """A developer's shell: none of the test run's AWS or ICMS settings, only the chosen ports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICMS_", "AWS_", "POWERTOOLS_"))}
    env.update({name: str(port) for name, port in ports.items()})
    return env


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
    assert any("/demo/sign-in" in line for line in lines)
    assert any("--fire send_court_reminders" in line for line in lines)


def _lines(process: subprocess.Popen) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for raw in process.stdout:
            lines.put(raw.decode(errors="replace").rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _read_until(lines: queue.Queue, wanted: str, seen: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            raise AssertionError("the stack stopped:\n" + "\n".join(seen))
        seen.append(line)
        if line == wanted:
            return
    raise AssertionError(f"no line {wanted!r} within {timeout}s:\n" + "\n".join(seen))


def test_the_stack_serves_the_demo_and_stops_cleanly_on_ctrl_c():
    public, app, moto = free_port(), free_port(), free_port()
    url = f"http://localhost:{public}"
    process = subprocess.Popen(
        [sys.executable, "-m", "local.stack"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
        env=stack_environment(ICMS_LOCAL_PORT=public, ICMS_LOCAL_APP_PORT=app, ICMS_LOCAL_MOTO_PORT=moto),
    )
    seen: list[str] = []
    lines = _lines(process)
    try:
        _read_until(lines, url, seen, STARTUP_SECONDS)

        browser = requests.Session()
        assert browser.get(url + "/demo/sign-in").status_code == 200
        signed_in = browser.post(url + "/demo/sign-in", allow_redirects=False,
                                 data={"persona": "accused-tan-wei-ming", "next": "/cases"})
        assert signed_in.status_code == 303
        assert signed_in.headers["Location"] == "/cases"
        assert signed_in.headers["Set-Cookie"].startswith("__Host-icms_session=")
        cookie = signed_in.headers["Set-Cookie"].split(";", 1)[0]
        cases = requests.get(url + "/cases", headers={"Cookie": cookie})
        assert cases.status_code == 200
        assert "DAC-904512-" in cases.text and "SC-001245-" in cases.text
        assert "YAC-" not in cases.text  # another accused's case
        case_no = "DAC-904512-" + cases.text.split("DAC-904512-", 1)[1][:4]
        case = requests.get(url + "/cases/" + urllib.parse.quote(case_no), headers={"Cookie": cookie})
        assert case.status_code == 200 and "Tan &amp; Lim LLP" in case.text
        stylesheet = requests.get(url + "/static/css/icms.css")
        assert stylesheet.status_code == 200
        assert stylesheet.headers["Content-Type"] == "text/css; charset=utf-8"

        fired = subprocess.run(
            [sys.executable, "-m", "local.event_runner", "--fire", "send_court_reminders"], cwd=REPO,
            capture_output=True, text=True, timeout=60, env=stack_environment(ICMS_LOCAL_MOTO_PORT=moto),
        )
        assert fired.returncode == 0, fired.stdout + fired.stderr
        assert "events: schedule send_court_reminders at " in fired.stdout
        assert '-> {"queued": ' in fired.stdout
    finally:
        os.killpg(process.pid, signal.SIGINT)
        returncode = process.wait(timeout=30)
    _read_until(lines, "[stack] stopped", seen, 5)
    output = "\n".join(seen)
    assert returncode == 0, output
    assert "Traceback" not in output
    assert not any(port_in_use(port) for port in (public, app, moto)), "a server outlived the stack"
