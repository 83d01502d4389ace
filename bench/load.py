"""Load on the local stack: ``python -m bench.load [--users 50] [--seconds 60]``.

Starts the local stack's moto server (``local.moto_server``, DynamoDB one request at a time as the
local stack runs it) and the Chalice app behind the same threaded server ``chalice local`` uses,
seeds one accused person per user (two cases each, through the registry API), then lets every
user browse and file at once until the time is up: their case list, a case, its filings, the
inbox, a help page, and every third round a court-records application filed and submitted
(JSON, with an idempotency key). Every answer other than the one expected counts as an error;
the run's goal is none.

moto is one process serving DynamoDB one request at a time: its latency is the local bottleneck
and says nothing about DynamoDB's. So each request's time is split in the app's own process:
the time the handling thread spent waiting on AWS (every botocore HTTP send, to moto here) and
the CPU time the thread itself used (``time.thread_time``: the app's own work, without waiting
for moto or for another thread holding the interpreter).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.seed import REGION, SGT, bench_environment, free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# --- what each request cost, per route ------------------------------------------------------------


@dataclass
class RouteFigures:
    requests: int = 0
    errors: int = 0
    wall_ms: list[float] = field(default_factory=list)
    app_cpu_ms: list[float] = field(default_factory=list)
    aws_wait_ms: list[float] = field(default_factory=list)
    aws_calls: list[int] = field(default_factory=list)


class Meter:
    """Times, in the app's process, each request and the AWS calls made while handling it."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.routes: dict[str, RouteFigures] = defaultdict(RouteFigures)

    def install(self, app) -> None:
        import botocore.endpoint

        original = botocore.endpoint.Endpoint._send
        meter = self

        def timed_send(endpoint, request):
            started = time.perf_counter()
            try:
                return original(endpoint, request)
            finally:
                meter._local.aws_wait = getattr(meter._local, "aws_wait", 0.0) + time.perf_counter() - started
                meter._local.aws_calls = getattr(meter._local, "aws_calls", 0) + 1

        botocore.endpoint.Endpoint._send = timed_send
        app.register_middleware(self._measure, "http")

    def _measure(self, event, get_response):
        self._local.aws_wait, self._local.aws_calls = 0.0, 0
        wall, cpu = time.perf_counter(), time.thread_time()
        response = get_response(event)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        aws_wait, calls = self._local.aws_wait, self._local.aws_calls
        route = f"{event.method} {event.context.get('resourcePath', event.path)}"
        with self._lock:
            figures = self.routes[route]
            figures.requests += 1
            figures.wall_ms.append(wall * 1000)
            # The thread's CPU time includes botocore's own work around each call (signing,
            # serialising, parsing), which is the app's work too.
            figures.app_cpu_ms.append(cpu * 1000)
            figures.aws_wait_ms.append(aws_wait * 1000)
            figures.aws_calls.append(calls)
        return response

    def error(self, route: str) -> None:
        with self._lock:
            self.routes[route].errors += 1


# --- the stack ------------------------------------------------------------------------------------


def start_moto(port: int) -> subprocess.Popen:
    process = subprocess.Popen([PYTHON, "-m", "local.moto_server", "-H", "127.0.0.1", "-p", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import requests

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("moto did not start")


def start_app(port: int):
    """The app behind chalice's local server (a thread per request), in this process."""
    from chalice.cli import CLIFactory
    from chalice.local import ChaliceRequestHandler, create_local_server

    import app as portal

    ChaliceRequestHandler.log_message = lambda *args: None  # one line per request would bury the report
    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
    server = create_local_server(portal.app, config, "127.0.0.1", port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return portal.app, server


# --- the people and their cases ----------------------------------------------------------------------


@dataclass
class User:
    name: str
    cookie: dict[str, str]
    csrf: str
    cases: list[str]


def seed_users(base_url: str, count: int) -> list[User]:
    import requests

    from bench.seed import accused_details, charge, court_event, new_case, nric, seed_people, signed_in
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services.intake import person_id_for

    *_, registry = seed_people()
    officer, _ = signed_in(registry)
    people = []
    for n in range(count):
        nric_value = nric("S", f"{7100000 + n:07d}")
        name = f"Load Person {n}"
        cases = []
        for k in range(2):
            case_no = f"MAC-{700000 + n * 2 + k:06d}-2026"
            payload = new_case(case_no, accused_details(nric_value, name, f"load{n}@example.sg"),
                               [charge(case_no, "Penal Code 1871", "379", "Theft")],
                               [court_event("mention", 10 + k * 7 + n % 5, 9, "Court 4A"),
                                court_event("pre_trial_conference", 40 + k, 14, "Court 26")])
            answer = requests.post(f"{base_url}/api/registry/cases", json=payload,
                                   headers={**officer, "Content-Type": "application/json"}, timeout=120)
            if answer.status_code != 201:
                raise RuntimeError(f"seeding {case_no}: {answer.status_code} {answer.text[:300]}")
            cases.append(case_no)
        people.append((Principal(role=Role.ACCUSED, subject_id=person_id_for(nric_value), display_name=name), cases))
    # Signed in once every case is seeded, so that no session idles out while the others are made.
    users = []
    for principal, cases in people:
        cookie, csrf = signed_in(principal)
        users.append(User(principal.display_name, cookie, csrf, cases))
    return users


# --- what a user does ------------------------------------------------------------------------------

RECORDS = {"type": "court_records", "details": {"records": ["judgment", "sentence"], "copies": 1,
                                                "purpose": "To prepare an appeal"}}


def browse_and_file(base_url: str, user: User, until: float, meter: Meter, seed: int) -> int:
    import requests

    rng = random.Random(seed)
    session = requests.Session()
    session.headers.update(user.cookie)
    rounds = 0

    def expect(method: str, route: str, path: str, status: int, **kwargs):
        session.cookies.clear()  # the session rides in the Cookie header; a slid cookie is not needed
        try:
            answer = session.request(method, base_url + path, allow_redirects=False, timeout=120, **kwargs)
        except requests.RequestException:
            meter.error(f"{method} {route}")
            return None
        if answer.status_code != status:
            meter.error(f"{method} {route}")
            print(f"load: {method} {path} answered {answer.status_code}: {answer.text[:200]}", file=sys.stderr)
            return None
        return answer

    while time.monotonic() < until:
        case = rng.choice(user.cases)
        expect("GET", "/cases", "/cases", 200)
        expect("GET", "/cases/{case_no}", f"/cases/{case}", 200)
        expect("GET", "/api/cases/{case_no}/filings", f"/api/cases/{case}/filings", 200)
        expect("GET", "/inbox", "/inbox", 200)
        expect("GET", "/help/court-dates", "/help/court-dates", 200)
        if rounds % 3 == 0:
            made = expect("POST", "/api/cases/{case_no}/filings", f"/api/cases/{case}/filings", 201,
                          json=RECORDS, headers={"Idempotency-Key": str(uuid.uuid4())})
            if made is not None:
                filing = made.json()["filing_id"]
                expect("POST", "/api/cases/{case_no}/filings/{filing_id}/submit",
                       f"/api/cases/{case}/filings/{filing}/submit", 200, json={})
                expect("GET", "/cases/{case_no}/filings/{filing_id}", f"/cases/{case}/filings/{filing}", 200)
        rounds += 1
        time.sleep(rng.uniform(0.05, 0.25))  # a person reading the page
    return rounds


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class LoadRun:
    users: int
    seconds: float
    rounds: int
    routes: dict[str, RouteFigures]

    @property
    def requests(self) -> int:
        return sum(f.requests for f in self.routes.values())

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.routes.values())


def run(users: int = 50, seconds: float = 60.0) -> LoadRun:
    moto_port, app_port = free_port(), free_port()
    endpoint = f"http://127.0.0.1:{moto_port}"
    os.environ.update(bench_environment(endpoint))
    os.environ["ICMS_PUBLIC_BASE_URL"] = f"http://127.0.0.1:{app_port}"
    os.environ["ICMS_SESSION_COOKIE_SECURE"] = "false"
    moto = start_moto(moto_port)
    try:
        from local.provision import provision

        provision(endpoint, email_sender=os.environ["ICMS_EMAIL_SENDER"])
        app, server = start_app(app_port)
        base_url = f"http://127.0.0.1:{app_port}"
        people = seed_users(base_url, users)
        meter = Meter()
        meter.install(app)
        until = time.monotonic() + seconds
        rounds: list[int] = []
        threads = [threading.Thread(target=lambda u=u, i=i: rounds.append(browse_and_file(base_url, u, until, meter, i)))
                   for i, u in enumerate(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        server.shutdown()
        return LoadRun(users, seconds, sum(rounds), dict(meter.routes))
    finally:
        moto.terminate()
        try:
            moto.wait(timeout=15)
        except subprocess.TimeoutExpired:  # still busy with the last requests: stop it outright
            moto.kill()
            moto.wait()


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


def report_lines(result: LoadRun) -> list[str]:
    lines = [
        f"{result.users} users browsing and filing at once for {result.seconds:.0f} s on the local stack: "
        f"{result.requests} requests ({result.requests / result.seconds:.1f} a second), {result.rounds} rounds, "
        f"**{result.errors} errors**.",
        "",
        "| Route | Requests | Errors | Median wall ms | p95 wall ms | Median app CPU ms | Median waiting on moto ms "
        "| AWS calls |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for route, f in sorted(result.routes.items()):
        lines.append(f"| `{route}` | {f.requests} | {f.errors} | {_median(f.wall_ms):.0f} | {_p95(f.wall_ms):.0f} "
                     f"| {_median(f.app_cpu_ms):.1f} | {_median(f.aws_wait_ms):.0f} | {_median(f.aws_calls):.0f} |")
    return lines


def as_json(result: LoadRun) -> dict:
    return {
        "users": result.users, "seconds": result.seconds, "rounds": result.rounds, "requests": result.requests,
        "errors": result.errors,
        "routes": {route: {"requests": f.requests, "errors": f.errors, "median_wall_ms": round(_median(f.wall_ms), 1),
                           "p95_wall_ms": round(_p95(f.wall_ms), 1), "median_app_cpu_ms": round(_median(f.app_cpu_ms), 2),
                           "median_aws_wait_ms": round(_median(f.aws_wait_ms), 1),
                           "median_aws_calls": _median(f.aws_calls),
                           # every request's figures, so that a report made from this file has the same p95
                           "samples": {"wall_ms": f.wall_ms, "app_cpu_ms": f.app_cpu_ms,
                                       "aws_wait_ms": f.aws_wait_ms, "aws_calls": f.aws_calls}}
                   for route, f in sorted(result.routes.items())},
    }


def from_json(data: dict) -> LoadRun:
    """The run ``as_json`` wrote."""
    return LoadRun(data["users"], data["seconds"], data["rounds"], {
        route: RouteFigures(f["requests"], f["errors"], **f["samples"]) for route, f in data["routes"].items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = parser.parse_args()
    result = run(args.users, args.seconds)
    print("\n".join(report_lines(result)))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(as_json(result), indent=2) + "\n")
    if result.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
