"""AWS round trips per API and page route, counted from botocore's own events.

Starts moto in this process, provisions it from the real template, seeds an accused with three
cases (one with a law firm on record) through the real code paths, then calls every route in
``chalicelib.web.routing.ROUTES`` through Chalice's test client and prints a Markdown table of the
requests each call sent to DynamoDB and the other AWS services. Nothing is timed: moto's latency
says nothing about DynamoDB's.

    .venv/bin/python -m bench.round_trips [--write docs/bench-round-trips.md]

Nothing from ``chalicelib`` or ``app`` is imported at module level: PynamoDB reads the table
settings when ``chalicelib.store`` is imported, so the environment must point at moto first.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from chalice.test import Client

    from chalicelib.domain.principals import Principal

from bench.counter import ROUTE, SESSION_LOOKUP, RoundTripCounter, Tally
from bench.seed import (
    FIRM_UEN,
    World,
    accused_details,
    bench_environment,
    charge,
    court_event,
    new_case,
    seed,
    session_cookie,
    singapore_time,
    start_moto,
)

# --- the calls -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    method: str
    route: str  # the path as declared in ROUTES
    path: str  # the path called
    caller: str
    principal: Principal | None
    expected_status: int
    json_body: dict | None = None
    form_body: dict | None = None


@dataclass
class Measurement:
    scenario: Scenario
    status: int
    tally: Tally


def scenarios(world: World) -> list[Scenario]:
    """One call per route and caller, in an order that leaves each call's input valid: reads of
    the seeded cases first, then the registry's changes, then signing out."""
    accused, counsel, registry = world.accused, world.counsel, world.registry
    represented, with_bail, unrepresented = world.represented_case, world.case_with_bail, world.unrepresented_case
    return [
        Scenario("GET", "/", "/", "anonymous", None, 200),
        Scenario("GET", "/", "/", "accused", accused, 303),
        Scenario("GET", "/sign-in", "/sign-in", "anonymous", None, 200),
        Scenario("GET", "/demo/sign-in", "/demo/sign-in", "anonymous", None, 200),
        Scenario("POST", "/demo/sign-in", "/demo/sign-in", "anonymous", None, 303,
                 form_body={"persona": "accused", "next": "/cases"}),
        Scenario("GET", "/api/cases", "/api/cases", "accused", accused, 200),
        Scenario("GET", "/api/cases", "/api/cases", "counsel", counsel, 200),
        Scenario("GET", "/cases", "/cases", "accused", accused, 200),
        Scenario("GET", "/cases", "/cases", "counsel", counsel, 200),
        Scenario("GET", "/api/cases/{case_no}", f"/api/cases/{represented}", "accused", accused, 200),
        Scenario("GET", "/api/cases/{case_no}", f"/api/cases/{represented}", "counsel", counsel, 200),
        Scenario("GET", "/cases/{case_no}", f"/cases/{represented}", "accused", accused, 200),
        Scenario("GET", "/cases/{case_no}", f"/cases/{represented}", "counsel", counsel, 200),
        Scenario("GET", "/api/registry/cases/{case_no}", f"/api/registry/cases/{represented}", "registry",
                 registry, 200),
        Scenario(
            "POST", "/api/registry/cases", "/api/registry/cases", "registry", registry, 201,
            json_body=new_case(
                "DAC-910004-2026",
                accused_details(world.new_accused_nric, "Siti binte Rahman", "siti@example.sg"),
                [
                    charge("DAC-910004-2026", "Penal Code 1871", "420", "Cheating"),
                    charge("DAC-910014-2026", "Penal Code 1871", "420", "Cheating"),
                    charge("DAC-910024-2026", "Penal Code 1871", "471", "Using a forged document as genuine"),
                ],
                [court_event("mention", 9, 9, "Court 4A"), court_event("pre_trial_conference", 23, 10, "Chambers 2")],
                bail={"amount_cents": 20_000_00, "bailor_name": "Rahman bin Ali"},
            ),
        ),
        Scenario("POST", "/api/registry/cases/{case_no}/charges", f"/api/registry/cases/{with_bail}/charges",
                 "registry", registry, 201,
                 json_body=charge("DAC-910022-2026", "Misuse of Drugs Act 1973", "9", "Possession of a pipe")),
        Scenario("PATCH", "/api/registry/cases/{case_no}/charges/{charge_no}",
                 f"/api/registry/cases/{with_bail}/charges/{world.charge_to_change}", "registry", registry, 200,
                 json_body={"offence": "Possession of a controlled drug (amended)"}),
        Scenario("POST", "/api/registry/cases/{case_no}/events", f"/api/registry/cases/{with_bail}/events",
                 "registry", registry, 201, json_body=court_event("trial", 60, 9, "Court 22")),
        Scenario("PATCH", "/api/registry/cases/{case_no}/events/{event_id}",
                 f"/api/registry/cases/{with_bail}/events/{world.event_to_move}", "registry", registry, 200,
                 json_body={"starts_at": singapore_time(8, 14, 30)}),
        Scenario("PUT", "/api/registry/cases/{case_no}/representation",
                 f"/api/registry/cases/{unrepresented}/representation", "registry", registry, 201,
                 json_body={"firm_uen": FIRM_UEN, "counsel_member_ids": [world.counsel_member_id]}),
        Scenario("DELETE", "/api/registry/cases/{case_no}/representation",
                 f"/api/registry/cases/{unrepresented}/representation", "registry", registry, 200),
        Scenario("PUT", "/api/registry/cases/{case_no}/bail", f"/api/registry/cases/{unrepresented}/bail",
                 "registry", registry, 200,
                 json_body={"amount_cents": 5_000_00, "bailor_name": "Tan Ah Huat", "bailor_phone": "+65 9876 5432"}),
        Scenario("POST", "/sign-out", "/sign-out", "accused", accused, 303),
    ]


class UnexpectedResponse(RuntimeError):
    """A call did not do what it was meant to, so its count would describe some other path."""


def run(client: Client, counter: RoundTripCounter, scenario: Scenario) -> Measurement:
    headers: dict[str, str] = {}
    body = b""
    if scenario.principal is not None:
        headers.update(session_cookie(scenario.principal))
    if scenario.json_body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(scenario.json_body).encode()
    elif scenario.form_body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(scenario.form_body).encode()
    with counter.measure() as tally:
        response = client.http.request(scenario.method, scenario.path, headers=headers, body=body)
    if response.status_code != scenario.expected_status:
        raise UnexpectedResponse(
            f"{scenario.method} {scenario.path} as {scenario.caller}: expected {scenario.expected_status}, "
            f"got {response.status_code}: {response.body[:300]!r}"
        )
    if scenario.principal is not None and not tally.total("dynamodb", SESSION_LOOKUP):
        raise UnexpectedResponse(
            f"{scenario.method} {scenario.path}: no session lookup was seen; does the route handler "
            "still resolve the caller through chalicelib.web.routing.current_session?"
        )
    return Measurement(scenario, response.status_code, tally)


def label_session_lookups(counter: RoundTripCounter) -> None:
    """Count the caller's session lookup apart from the view's own work.

    The lookup runs inside each route handler, so the calls cannot be told apart by when they
    happen; the handler's reference to ``current_session`` is wrapped to switch the counter's phase.
    """
    from chalicelib.web import routing

    lookup = routing.current_session

    @functools.wraps(lookup)
    def labelled_lookup(request):
        with counter.phase(SESSION_LOOKUP):
            return lookup(request)

    routing.current_session = labelled_lookup


def session_lookup_costs(client: Client, counter: RoundTripCounter, world: World) -> list[tuple[str, Tally]]:
    """What resolving the caller costs with a session just used, and with one idle for over the
    touch interval (the idle clock is then moved forward with a write)."""
    from chalicelib.store.sessions import TOUCH_INTERVAL

    costs = []
    for label, idle_for in (
        (f"last seen under {int(TOUCH_INTERVAL.total_seconds())} s ago", timedelta(0)),
        (f"last seen {int(TOUCH_INTERVAL.total_seconds())} s or more ago", TOUCH_INTERVAL + timedelta(seconds=60)),
    ):
        headers = session_cookie(world.accused, last_seen_ago=idle_for)
        with counter.measure() as tally:
            response = client.http.request("GET", "/api/cases", headers=headers)
        if response.status_code != 200:
            raise UnexpectedResponse(f"GET /api/cases with a session {label}: {response.status_code}")
        costs.append((label, tally))
    return costs


# --- the report ----------------------------------------------------------------------------------


def operations_text(counts: Counter) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{operation} ×{number}" for operation, number in sorted(counts.items()))


def other_services_text(tally: Tally) -> str:
    parts = []
    for service in sorted(tally.services() - {"dynamodb"}):
        counts = sorted(tally.operations(service).items())
        parts.extend(f"{service} {operation} ×{number}" for operation, number in counts)
    return ", ".join(parts) or "none"


def route_order(routes) -> dict[tuple[str, str], int]:
    order = {}
    for spec in routes:
        for method in spec.methods:
            order.setdefault((method, spec.path), len(order))
    return order


def not_exercised(routes, measurements: list[Measurement]) -> list[tuple[str, str, str]]:
    measured = {(m.scenario.method, m.scenario.route) for m in measurements}
    return [
        (method, path, "no scenario for it in bench/round_trips.py yet")
        for method, path in route_order(routes)
        if (method, path) not in measured
    ]


def report(
    routes,
    measurements: list[Measurement],
    lookups: list[tuple[str, Tally]],
    world: World,
    counter: RoundTripCounter,
    command: str,
    today: date,
) -> str:
    order = route_order(routes)
    rows = sorted(measurements, key=lambda m: order.get((m.scenario.method, m.scenario.route), len(order)))
    lines = [
        "# DynamoDB round trips per route",
        "",
        f"Generated on {today.isoformat()} with `{command}`.",
        "",
        "Each route was called once, through Chalice's test client against moto, by the caller shown. "
        "The data behind the calls: one accused with "
        f"{world.cases_seeded} cases ({world.charges_seeded} charges, {world.events_seeded} court events), "
        f"a law firm with an administrator, two counsel and a paralegal, on record for {world.represented_case}; "
        "all seeded through the registry API and the firm store.",
        "",
        "\"Session lookup\" is what resolving the caller's session cost before the view ran; the "
        "route's own columns exclude it. A request's DynamoDB total is the sum of the two.",
        "",
        "| Method | Path | Caller | Status | Session lookup | Route's DynamoDB calls | Route's DynamoDB round trips "
        "| Request's DynamoDB round trips | Other AWS calls |",
        "|---|---|---|---|---|---|---:|---:|---|",
    ]
    for m in rows:
        s, tally = m.scenario, m.tally
        lines.append(
            f"| {s.method} | `{s.route}` | {s.caller} | {m.status} "
            f"| {operations_text(tally.operations('dynamodb', SESSION_LOOKUP)) if s.principal else 'no session'} "
            f"| {operations_text(tally.operations('dynamodb', ROUTE))} "
            f"| {tally.total('dynamodb', ROUTE)} | {tally.total('dynamodb')} | {other_services_text(tally)} |"
        )
    lines += [
        "",
        "## Session lookup",
        "",
        "Every signed-in request reads its session before the view runs, and moves the idle clock "
        "forward at most once a minute (measured on `GET /api/cases` as the accused):",
        "",
        "| Session | DynamoDB calls of the lookup |",
        "|---|---|",
    ]
    for label, tally in lookups:
        lines.append(f"| {label} | {operations_text(tally.operations('dynamodb', SESSION_LOOKUP))} |")
    skipped = not_exercised(routes, measurements)
    lines += ["", "## Not in the table", ""]
    lines += [f"- `{method} {path}`: {reason}." for method, path, reason in skipped]
    lines += [
        "- The notifications queue consumer and the daily reminder schedule: they are not HTTP routes "
        "and are not in `ROUTES`.",
        "",
        "## How the counts are taken",
        "",
        "- A botocore `before-send` handler, registered on every botocore session created after start-up "
        "and on each client the app already held, counts each HTTP request per service and operation. "
        "A retry would count as a further round trip; "
        f"this run saw {sum(m.tally.retries for m in measurements)}.",
    ]
    if counter.cross_checks_pynamodb:
        disagreements = sum(m.tally.pynamodb_dispatches != m.tally.api_calls["dynamodb"] for m in measurements)
        lines.append(
            "- PynamoDB's own `pre_dynamodb_send` signal, counted alongside, "
            + ("matched the hook's DynamoDB count on every request, so no PynamoDB client escaped the hook."
               if not disagreements else
               f"differed from the hook's DynamoDB count on {disagreements} requests (calls not made by PynamoDB).")
        )
    first = world.first_create_in_process
    lines += [
        "- Caches were warm, as in a Lambda container that has served a request before. For comparison, the "
        "process's first `POST /api/registry/cases` (seeding, session lookup included) made "
        f"DynamoDB {operations_text(first.operations('dynamodb'))}; {other_services_text(first)}.",
        "- Nothing is timed: moto's response times say nothing about DynamoDB's.",
        "",
    ]
    return "\n".join(lines)


def command_line(argv: list[str]) -> str:
    return " ".join([".venv/bin/python", "-m", "bench.round_trips", *argv])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Count AWS round trips per ICMS route against moto.")
    parser.add_argument("--write", type=Path, metavar="PATH", help="also write the Markdown report to PATH")
    arguments = parser.parse_args(argv)

    server, endpoint = start_moto()
    try:
        os.environ.update(bench_environment(endpoint))
        counter = RoundTripCounter()
        counter.install()
        from chalice.test import Client

        import app
        from chalicelib.web.routing import ROUTES
        from local.provision import provision

        provision(endpoint, email_sender=os.environ["ICMS_EMAIL_SENDER"])
        counter.attach_app_clients()
        label_session_lookups(counter)
        with Client(app.app) as client:
            world = seed(client, counter)
            measurements = [run(client, counter, scenario) for scenario in scenarios(world)]
            lookups = session_lookup_costs(client, counter, world)
        text = report(ROUTES, measurements, lookups, world, counter, command_line(argv), date.today())
    finally:
        server.stop()
    print(text)
    if arguments.write is not None:
        arguments.write.parent.mkdir(parents=True, exist_ok=True)
        arguments.write.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
