"""`make run`: the whole portal on this machine, with demo data.

Starts moto on loopback, provisions it from infra/resources.yaml (as AWS is), loads the demo data,
then runs `chalice local` (HTTP routes), the event runner (queues and schedules, which `chalice
local` does not run) and the edge (one public origin for static files and the app, as CloudFront
is). Ctrl-C stops everything. The web process and the runner restart on their own when code
changes, and moto keeps the data meanwhile; set ICMS_LOCAL_MOTO_URL to a moto server you run
yourself to keep the data across restarts of the whole stack too.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

from local.environment import (
    LOOPBACK,
    REGION,
    REPO,
    STAGE,
    LocalPorts,
    apply_local_environment,
    local_ports,
    port_in_use,
    relying_party_key_environment,
    stage_environment,
)
from local.processes import Child, say, source_fingerprint

BIN = REPO / ".venv" / "bin"
PYTHON = sys.executable
STARTUP_TIMEOUT_SECONDS = 60.0


class StartupFailed(Exception):
    pass


def _answers(url: str) -> bool:
    """True once anything answers HTTP at ``url``, whatever the status."""
    try:
        # nosec B310: the URLs are the stack's own http:// health checks on loopback, never input.
        with urllib.request.urlopen(url, timeout=2):  # nosec B310
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def wait_until(check, what: str, children: list[Child], timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        for child in children:
            if child.exited():
                raise StartupFailed(f"{child.name} stopped while starting (exit code {child.returncode}); "
                                    "see its output above")
        if time.monotonic() > deadline:
            raise StartupFailed(f"{what} did not answer within {timeout:.0f}s")
        time.sleep(0.1)


def check_ports(ports: LocalPorts) -> None:
    wanted = [("ICMS_LOCAL_PORT", ports.public, "the portal"), ("ICMS_LOCAL_APP_PORT", ports.app, "chalice local"),
              ("ICMS_LOCAL_MOCKPASS_PORT", ports.mockpass, "mockpass")]
    if not ports.external_moto_url:
        wanted.append(("ICMS_LOCAL_MOTO_PORT", ports.moto, "moto"))
    for variable, port, what in wanted:
        if port_in_use(port):
            raise StartupFailed(
                f"port {port} ({what}) is already in use on {LOOPBACK}. Stop whatever holds it "
                f"(another `make run`?), or choose another port, e.g. {variable}={port + 10} make run"
            )
    if len({port for _, port, _ in wanted}) != len(wanted):
        raise StartupFailed("ICMS_LOCAL_PORT, ICMS_LOCAL_APP_PORT, ICMS_LOCAL_MOCKPASS_PORT and "
                            "ICMS_LOCAL_MOTO_PORT must differ")


def banner(ports: LocalPorts, personas) -> str:
    """The URL on a line of its own, then who to sign in as and how."""
    firm_uen = next(p.uen for p in personas if p.door == "Corppass")
    doors = {
        "Singpass": f'Accused persons: "Sign in with Singpass" at {ports.public_url}/sign-in, then pick the NRIC',
        "Corppass": f'Law firm (UEN {firm_uen}): "Sign in with Corppass" at {ports.public_url}/sign-in, '
                    "then pick the NRIC",
        "Registry": f"Registry: {ports.public_url}/registry/sign-in, then pick the NRIC",
    }
    width = max(len(p.name) for p in personas)
    lines = ["", "ICMS is running at", "", ports.public_url, "",
             f"Sign in through mockpass, the local Singpass and Corppass ({ports.mockpass_url}).",
             "Pick an NRIC from its list, or type it (and the UEN) into its \"or with your own user\" form."]
    for door, heading in doors.items():
        lines += ["", heading + ":"]
        for persona in (p for p in personas if p.door == door):
            how = "" if persona.one_click else "  [type it in]"
            lines.append(f"  {persona.nric}  {persona.name:<{width}}  {persona.description}{how}")
    lines += [
        "",
        "Court-date reminders go out at 09:00 SGT; to send them now, in another terminal:",
        "  .venv/bin/python -m local.event_runner --fire send_court_reminders",
        f"Emails and SMS sent, newest first: {ports.public_url}/local/mailbox",
        f"Queues and table items: {ports.moto_url}/moto-api/ (raw: {ports.moto_url}/moto-api/data.json)",
        "",
        "Press Ctrl-C to stop.",
        "",
    ]
    return "\n".join(lines)


# moto and mockpass log every request they serve; only warnings and errors are worth a line.
MOTO_REQUEST_LOG = re.compile(r'"(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) .* HTTP/1\.[01]" \d{3}')
MOCKPASS_REQUEST_LOG = re.compile(r'"(GET|POST) .* HTTP/1\.[01]" \d{3}|^Redirecting login from ')


class Stack:
    def __init__(self, ports: LocalPorts):
        self.ports = ports
        self.moto: Child | None = None
        self.mockpass: Child | None = None
        self.web: Child | None = None
        self.runner: Child | None = None
        self.edge = None
        self.started = False
        self.stopping = threading.Event()

    def _children(self) -> list[Child]:
        return [c for c in (self.runner, self.web, self.mockpass, self.moto) if c is not None]

    def start(self) -> list:
        begun = time.monotonic()
        env = dict(os.environ) | relying_party_key_environment()
        moto_health = self.ports.moto_url + "/moto-api/"
        if self.ports.external_moto_url:
            if not _answers(moto_health):
                raise StartupFailed(f"ICMS_LOCAL_MOTO_URL={self.ports.moto_url} does not answer")
        else:
            # One DynamoDB request at a time, as DynamoDB keeps transactions atomic (see local/moto_server.py).
            self.moto = Child("moto", [PYTHON, "-m", "local.moto_server", "-H", LOOPBACK, "-p", str(self.ports.moto)],
                              env, hide=MOTO_REQUEST_LOG).start()
        # The stack restarts the web process on code changes itself (see supervise): chalice's own
        # reloader would walk the whole checkout, .venv included, every second.
        # chalice local, with API Gateway's greedy route matching (local/api_gateway.py).
        self.web = Child("web", [PYTHON, "-m", "local.web", "local", "--host", LOOPBACK, "--port", str(self.ports.app),
                                 "--stage", STAGE, "--no-autoreload"], env).start()
        self.mockpass = Child("mockpass", ["node", str(REPO / "local" / "mockpass.js")], {
            "PATH": os.environ.get("PATH", ""),
            "PORT": str(self.ports.mockpass),
            "SHOW_LOGIN_PAGE": "true",
            # mockpass encrypts ID tokens to, and checks client assertions against, the portal's JWKS.
            "SP_RP_JWKS_ENDPOINT": f"{self.ports.public_url}/.well-known/jwks.json",
            "CP_RP_JWKS_ENDPOINT": f"{self.ports.public_url}/.well-known/jwks.json",
        }, hide=MOCKPASS_REQUEST_LOG).start()
        wait_until(lambda: _answers(moto_health), "moto", self._children())

        from local.provision import provision

        provision(self.ports.moto_url, stage=STAGE, region=REGION,
                  email_sender=stage_environment()["ICMS_EMAIL_SENDER"], portal_origin=self.ports.public_url)

        from chalicelib.logs import logger
        from local import demo_data
        from local.edge import EdgeServer
        from local.mailbox import Mailbox

        # The runner logs each notice as it delivers it; the loader queueing them need not.
        logger.setLevel("WARNING")
        created = demo_data.load()
        say(f"[stack] demo data: {created} cases created" if created else "[stack] demo data already loaded")
        # Started after the demo load, which is many transactions, so that the load has moto to
        # itself; the runner reads the stream from its start, so the demo's notices are delivered.
        self.runner = Child("events", [PYTHON, "-m", "local.event_runner"], env, ready_marker="events: ready").start()
        self.edge = EdgeServer((LOOPBACK, self.ports.public), (LOOPBACK, self.ports.app), REPO / "static",
                               public_origin=self.ports.public_url, mailbox=Mailbox(self.ports.moto_url).page).start()
        wait_until(lambda: _answers(self.ports.app_url + "/"), "chalice local", self._children())
        wait_until(lambda: _answers(self.ports.public_url + "/"), "the edge", self._children())
        wait_until(self.runner.ready.is_set, "the event runner", self._children())
        wait_until(lambda: _answers(f"{self.ports.mockpass_url}/singpass/v2/.well-known/openid-configuration"),
                   "mockpass", self._children())
        self.started = True
        say(f"[stack] started in {time.monotonic() - begun:.1f}s")
        return demo_data.personas()

    def supervise(self) -> int:
        """Until asked to stop: restart the web process and the runner when the code changes (moto
        keeps the data meanwhile), and report either stopping on its own."""
        fingerprint = source_fingerprint()
        while not self.stopping.wait(0.5):
            if self.moto is not None and self.moto.exited():
                say(f"[stack] moto stopped (exit code {self.moto.returncode}); the data is gone, stopping")
                return 1
            current = source_fingerprint()
            changed, fingerprint = current != fingerprint, current
            for child in (self.web, self.runner):
                if changed:
                    say(f"[stack] code changed; restarting {child.name}")
                    child.stop()
                    child.start()
                elif child.exited() and not child.exit_reported:
                    say(f"[stack] {child.name} stopped (exit code {child.returncode}); it starts again "
                        "when app.py, chalicelib/ or local/ change")
                    child.exit_reported = True
        return 0

    def stop(self) -> None:
        if self.edge is not None:
            self.edge.stop()
        for child in self._children():  # the runner first: it may be writing to moto
            child.stop()


def main() -> int:
    ports = local_ports()
    stack = Stack(ports)

    def request_stop(*_) -> None:
        stack.stopping.set()
        if not stack.started:
            raise KeyboardInterrupt  # interrupt startup wherever it waits

    try:
        check_ports(ports)
        apply_local_environment(ports)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, request_stop)
        personas = stack.start()
        say(banner(ports, personas))
        return stack.supervise()
    except StartupFailed as failure:
        say(f"[stack] {failure}")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        if stack.web is not None or stack.moto is not None:
            say("[stack] stopping")
            stack.stop()
            say("[stack] stopped")


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is stopped by now. Tearing down the libraries the demo loader imported takes the
    # interpreter over a second, which would keep the terminal waiting after Ctrl-C for nothing.
    os._exit(code)
