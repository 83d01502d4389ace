"""AWS round trips per API and page route, counted from botocore's own events.

Starts moto in this process, provisions it from the real template, seeds an accused with three
cases (one with a law firm on record), the firm's accounts and a registry officer on the staff
list through the real code paths, puts a fake Singpass and Corppass in place of the real ones, then
calls every route in ``chalicelib.web.routing.ROUTES`` (``bench/scenarios.py``) through Chalice's
test client and prints a Markdown table of the requests each call sent to DynamoDB and the other
AWS services. Nothing is timed: moto's latency says nothing about DynamoDB's.

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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from chalice.test import Client

from bench.counter import SESSION_LOOKUP, SGT, RoundTripCounter, Tally
from bench.identity_providers import (
    IdentityProviders,
    ProviderCallback,
    corppass_claims,
    fake_identity_providers,
    singpass_claims,
)
from bench.report import Measurement, report
from bench.scenarios import Scenario, scenarios
from bench.notifications import one_delivery, reminder_scale
from bench.seed import (
    FIRM_UEN,
    World,
    bench_environment,
    call_registry,
    seed,
    seed_notices,
    signed_in,
    singapore_time,
    start_moto,
)

class UnexpectedResponse(RuntimeError):
    """A call did not do what it was meant to, so its count would describe some other path."""


def run(client: Client, counter: RoundTripCounter, providers: IdentityProviders, scenario: Scenario) -> Measurement:
    path, headers = scenario.path, {}
    if scenario.prepare is not None:
        path, headers = scenario.prepare(client)
    form = dict(scenario.form_body) if scenario.form_body is not None else None
    if scenario.principal is not None:
        cookie, csrf_token = signed_in(scenario.principal)
        headers.update(cookie)
        if form is not None:
            form["csrf_token"] = csrf_token
    body = b""
    if scenario.json_body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(scenario.json_body).encode()
    elif form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(form).encode()
    # As in a container that served a page moments ago: the maintenance notice is in its cache (the
    # one read per container per 30 s is pattern 25, not the route's). Unmeasured, so that a slow
    # run does not charge that read to whichever page happens to come after the cache expires.
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import maintenance

    maintenance.notice_for_pages(utc_now())
    provider_requests_before = providers.requests_seen()
    with counter.measure() as tally:
        response = client.http.request(scenario.method, path, headers=headers, body=body)
    if response.status_code != scenario.expected_status:
        raise UnexpectedResponse(
            f"{scenario.method} {path} as {scenario.caller}: expected {scenario.expected_status}, "
            f"got {response.status_code}: {response.body[:300]!r}"
        )
    if scenario.principal is not None and not tally.total("dynamodb", SESSION_LOOKUP):
        raise UnexpectedResponse(
            f"{scenario.method} {path}: no session lookup was seen; does the route handler "
            "still resolve the caller through chalicelib.web.routing.current_session?"
        )
    return Measurement(scenario, response.status_code, tally, providers.requests_seen() - provider_requests_before)


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
        headers, _ = signed_in(world.accused, last_seen_ago=idle_for)
        with counter.measure() as tally:
            response = client.http.request("GET", "/api/cases", headers=headers)
        if response.status_code != 200:
            raise UnexpectedResponse(f"GET /api/cases with a session {label}: {response.status_code}")
        costs.append((label, tally))
    return costs


def outbox_relay_cost(client: Client, counter: RoundTripCounter, endpoint: str) -> Tally:
    """What the relay costs for the outbox record of one change (the newest the stream holds),
    handed to it as its event source mapping would."""
    import boto3

    streams = boto3.client("dynamodbstreams", endpoint_url=endpoint)
    arn = boto3.client("dynamodb", endpoint_url=endpoint).describe_table(TableName="icms-dev")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while batch := streams.get_records(ShardIterator=iterator, Limit=1000):
        records += batch["Records"]
        if not batch["Records"]:
            break
        iterator = batch["NextShardIterator"]
    newest = [r for r in records if r["eventName"] == "INSERT"
              and r["dynamodb"]["NewImage"].get("type", {}).get("S") == "outbox"][-1]
    from chalicelib.aws import queue_url
    from chalicelib.settings import get_settings

    queue_url(get_settings().notifications_queue)  # as a warm container holds it
    with counter.measure() as tally:
        result = client.lambda_.invoke("relay_outbox", {"Records": [{**newest, "eventSourceARN": arn}]}).payload
    if result != {"batchItemFailures": []}:
        raise UnexpectedResponse(f"the outbox relay failed: {result}")
    return tally


def move_a_represented_hearing(client: Client, world: World) -> None:
    """The registry moves the next hearing of the case with everyone on record: the accused (a
    confirmed mobile), two counsel and a bailor (an email and a mobile)."""
    headers = {"Content-Type": "application/json", **signed_in(world.registry)[0]}
    case = call_registry(client, headers, "GET", f"/api/registry/cases/{world.represented_case}")
    event_id = case["upcoming_events"][0]["event_id"]
    call_registry(client, headers, "PATCH", f"/api/registry/cases/{world.represented_case}/events/{event_id}",
                  {"starts_at": singapore_time(12, 14, 30)})


def warm_identity_providers(client: Client, providers: IdentityProviders, world: World) -> None:
    """One complete sign-in through each provider, so that the portal holds their discovery
    documents and signing keys before anything is measured."""
    from chalicelib.services.sign_in import CORPPASS, SINGPASS

    for sign_in in (
        ProviderCallback("/sign-in/singpass", providers.fakes[SINGPASS], singpass_claims(world.accused_nric)),
        ProviderCallback("/sign-in/corppass", providers.fakes[CORPPASS], corppass_claims(world.counsel_nric, FIRM_UEN)),
    ):
        path, headers = sign_in(client)
        response = client.http.request("GET", path, headers=headers)
        if response.status_code != 303:
            raise UnexpectedResponse(f"warming up with GET {path}: {response.status_code}: {response.body[:300]!r}")


def case_list_reads(client: Client, world: World, cases: int = 20, events: int = 10) -> Tally:
    """One accused with ``cases`` cases of ``events`` court dates each: what their case list reads."""
    from bench.seed import accused_details, charge, court_event, new_case, nric
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services.intake import person_id_for

    headers = {"Content-Type": "application/json", **signed_in(world.registry)[0]}
    nric_value = nric("S", "6600001")
    for n in range(cases):
        case_no = f"MAC-{660000 + n:06d}-2026"
        call_registry(client, headers, "POST", "/api/registry/cases", new_case(
            case_no, accused_details(nric_value, "Many Cases", "many@example.sg"),
            [charge(case_no, "Penal Code 1871", "379", "Theft")],
            [court_event("mention", 5 + n + 7 * k, 9, f"Court {k + 1}A") for k in range(events)]))
    principal = Principal(role=Role.ACCUSED, subject_id=person_id_for(nric_value), display_name="Many Cases")
    cookie, _ = signed_in(principal)
    with COUNTER.measure() as tally:
        response = client.http.request("GET", "/api/cases", headers=cookie)
    if response.status_code != 200 or len(json.loads(response.body)["cases"]) != cases:
        raise UnexpectedResponse(f"GET /api/cases with {cases} cases: {response.status_code}")
    return tally


COUNTER: RoundTripCounter


def figures(measurements, lookups, relay, delivery, reminders, case_list: Tally) -> dict:
    """The counts the budget is checked against (``bench/budget.py``), as JSON."""
    from bench.budget import route_key

    routes: dict[str, int] = {}
    for measured in measurements:
        scenario = measured.scenario
        key = route_key(scenario.method, scenario.route, scenario.caller)
        total = sum(measured.tally.total(service) for service in measured.tally.services())
        routes[key] = max(total, routes.get(key, 0))
    jobs = {
        "deliver one notice: DynamoDB round trips": delivery.tally.total("dynamodb"),
        "relay one change's outbox record: DynamoDB round trips": relay.total("dynamodb"),
        "case list of 20 cases with 10 court dates each: items its Query read": case_list.items_read["Query"],
        "case list of 20 cases with 10 court dates each: DynamoDB round trips": case_list.total("dynamodb"),
    }
    if reminders:
        first, last = reminders[0].tally, reminders[-1].tally
        jobs["reminders: items read with the larger table per item read with the smaller"] = round(
            sum(last.items_read.values()) / max(1, sum(first.items_read.values())), 2)
        jobs["reminders: DynamoDB round trips per page of events"] = round(
            last.total("dynamodb") / max(1, reminders[-1].pages), 2)
    people = sum(delivery.recipients.values())
    details = {
        "delivery": {"kind": delivery.kind, "recipients": delivery.recipients, "channels": delivery.channels,
                     "dynamodb": dict(delivery.tally.operations("dynamodb")),
                     "dynamodb_per_recipient": round(delivery.tally.total("dynamodb") / max(1, people), 2),
                     "items_read": dict(delivery.tally.items_read),
                     "other": {service: dict(delivery.tally.operations(service))
                               for service in sorted(delivery.tally.services() - {"dynamodb"})}},
        "reminders": [{"cases": run.cases, "reminders": run.reminders, "pages": run.pages,
                       "dynamodb": dict(run.tally.operations("dynamodb")), "items_read": dict(run.tally.items_read),
                       "sqs": dict(run.tally.operations("sqs"))} for run in reminders],
        "case_list": {"dynamodb": dict(case_list.operations("dynamodb")), "items_read": dict(case_list.items_read)},
    }
    return {"routes": routes, "jobs": jobs, "details": details}


def command_line(argv: list[str]) -> str:
    return " ".join([".venv/bin/python", "-m", "bench.round_trips", *argv])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Count AWS round trips per ICMS route against moto.")
    parser.add_argument("--write", type=Path, metavar="PATH", help="also write the Markdown report to PATH")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the budgeted counts as JSON to PATH")
    parser.add_argument("--reminder-sizes", default="1000,20000", metavar="SMALL,LARGE",
                        help="cases held for the reminder job's two runs (default 1000,20000)")
    arguments = parser.parse_args(argv)
    sizes = tuple(int(n) for n in arguments.reminder_sizes.split(","))

    server, endpoint = start_moto()
    from bench.payments import gateway_environment, start_card_gateway
    from bench.seed import free_port

    gateway_port = free_port()
    gateway = start_card_gateway(gateway_port)
    try:
        os.environ.update(bench_environment(endpoint) | gateway_environment(gateway_port))
        global COUNTER
        counter = COUNTER = RoundTripCounter()
        counter.install()
        from chalice.test import Client

        import app
        from chalicelib.web.routing import declared_routes

        ROUTES = declared_routes()
        from local.provision import provision

        provision(endpoint, email_sender=os.environ["ICMS_EMAIL_SENDER"])
        counter.attach_app_clients()
        label_session_lookups(counter)
        with Client(app.app) as client, fake_identity_providers() as providers:
            world = seed(client, counter)
            seed_notices(client, world, endpoint)
            warm_identity_providers(client, providers, world)
            delivery, world.relayed = one_delivery(client, counter, endpoint, world.relayed,
                                                   move=lambda: move_a_represented_hearing(client, world))
            measurements = [run(client, counter, providers, scenario) for scenario in scenarios(world, providers)]
            lookups = session_lookup_costs(client, counter, world)
            relay = outbox_relay_cost(client, counter, endpoint)
            case_list = case_list_reads(client, world)
            # Last: it loads 20,000 cases, which would slow moto's transactions for everything after.
            reminders = reminder_scale(client, counter, datetime.now(SGT).replace(hour=9, minute=0, second=0,
                                                                                  microsecond=0), sizes=sizes)
        text = report(ROUTES, measurements, lookups, world, counter, command_line(argv), date.today(), relay=relay,
                      delivery=delivery, reminders=reminders, case_list=case_list)
        counts = figures(measurements, lookups, relay, delivery, reminders, case_list)
    finally:
        server.stop()
        gateway.terminate()
    print(text)
    if arguments.write is not None:
        arguments.write.parent.mkdir(parents=True, exist_ok=True)
        arguments.write.write_text(text)
    if arguments.json is not None:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
