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
import logging
import os
import socket
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

from botocore import handlers as botocore_handlers

if TYPE_CHECKING:
    from chalice.test import Client

    from chalicelib.domain.principals import Principal

ROUTE = "route"
SESSION_LOOKUP = "session lookup"
# Every service the app creates a client for in chalicelib.aws.
APP_SERVICES = ("dynamodb", "sqs", "sesv2")
REGION = "ap-southeast-1"
SGT = timezone(timedelta(hours=8))


# --- counting ----------------------------------------------------------------------------------


class HookMissedCalls(RuntimeError):
    """PynamoDB sent more DynamoDB calls than the botocore hook saw: some client is not hooked."""


@dataclass
class Tally:
    """The AWS requests sent while one ``RoundTripCounter.measure()`` block was open."""

    # phase -> (service, operation) -> HTTP requests sent, retries included
    round_trips: dict[str, Counter] = field(default_factory=dict)
    # service -> API calls (first attempts only), to compare with PynamoDB's own count
    api_calls: Counter = field(default_factory=Counter)
    retries: int = 0
    pynamodb_dispatches: int = 0

    def record(self, phase: str, service: str, operation: str, attempt: int) -> None:
        self.round_trips.setdefault(phase, Counter())[(service, operation)] += 1
        if attempt == 1:
            self.api_calls[service] += 1
        else:
            self.retries += 1

    def operations(self, service: str, phase: str | None = None) -> Counter:
        by_operation: Counter = Counter()
        for counted_phase, counts in self.round_trips.items():
            if phase is not None and counted_phase != phase:
                continue
            for (counted_service, operation), number in counts.items():
                if counted_service == service:
                    by_operation[operation] += number
        return by_operation

    def total(self, service: str, phase: str | None = None) -> int:
        return sum(self.operations(service, phase).values())

    def services(self) -> set[str]:
        return {service for counts in self.round_trips.values() for service, _ in counts}


class RoundTripCounter:
    """Counts every request botocore puts on the wire while ``measure()`` is open.

    The handler listens to ``before-send``, which botocore emits once per HTTP attempt, so a retry
    counts as a round trip of its own. ``install()`` reaches clients created from then on;
    ``attach()`` reaches a client that already exists. A client reached both ways has the handler
    twice, so each attempt is counted once per request object.
    """

    def __init__(self) -> None:
        self._unique_id = f"bench-round-trip-counter-{id(self)}"
        self._session_handler = ("before-send", self._on_send)
        self._attached_emitters: list = []
        self._attempts_counted: WeakKeyDictionary = WeakKeyDictionary()
        self._tally: Tally | None = None
        self._phase = ROUTE
        self.cross_checks_pynamodb = False

    def install(self) -> None:
        # botocore registers BUILTIN_HANDLERS on every Session it creates and each client copies
        # its session's handlers. PynamoDB makes a new botocore session per connection, so there is
        # no single session to register on; moto's own request stubber hooks in the same way.
        botocore_handlers.BUILTIN_HANDLERS.append(self._session_handler)
        from pynamodb.signals import pre_dynamodb_send

        try:
            pre_dynamodb_send.connect(self._on_pynamodb_dispatch, weak=False)
            self.cross_checks_pynamodb = True
        except RuntimeError:  # PynamoDB signals need blinker; without it there is no second count
            self.cross_checks_pynamodb = False

    def uninstall(self) -> None:
        """Stop reaching new clients. Handlers already on clients stay, inert outside ``measure()``."""
        if self._session_handler in botocore_handlers.BUILTIN_HANDLERS:
            botocore_handlers.BUILTIN_HANDLERS.remove(self._session_handler)
        for emitter in self._attached_emitters:
            emitter.unregister("before-send", self._on_send, unique_id=self._unique_id)
        self._attached_emitters.clear()
        if self.cross_checks_pynamodb:
            from pynamodb.signals import pre_dynamodb_send

            pre_dynamodb_send.disconnect(self._on_pynamodb_dispatch)
            self.cross_checks_pynamodb = False

    def attach(self, client) -> None:
        client.meta.events.register("before-send", self._on_send, unique_id=self._unique_id)
        self._attached_emitters.append(client.meta.events)

    def attach_app_clients(self) -> None:
        """Hook the clients the app may already hold: PynamoDB's, the transaction connection's
        and the cached boto3 ones (created here if they do not exist yet)."""
        from chalicelib import aws
        from chalicelib.store.table import Entity, connection

        self.attach(connection().client)
        for model in _model_classes(Entity):
            self.attach(model._get_connection().connection.client)
        for service in APP_SERVICES:
            self.attach(aws.client(service))

    @contextmanager
    def measure(self) -> Iterator[Tally]:
        if self._tally is not None:
            raise RuntimeError("measurements do not nest")
        tally = Tally()
        self._tally = tally
        try:
            yield tally
        finally:
            self._tally = None
        if self.cross_checks_pynamodb and tally.pynamodb_dispatches > tally.api_calls["dynamodb"]:
            raise HookMissedCalls(
                f"PynamoDB dispatched {tally.pynamodb_dispatches} DynamoDB calls but the botocore "
                f"hook saw {tally.api_calls['dynamodb']}"
            )

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        outer, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = outer

    def _on_send(self, request, event_name: str, **_) -> None:
        # Returning anything but None would short-circuit the request with that as its response.
        if self._tally is None:
            return None
        attempt = (getattr(request, "context", None) or {}).get("retries", {}).get("attempt", 1)
        if self._attempts_counted.get(request) == attempt:
            return None
        self._attempts_counted[request] = attempt
        _, service, operation = event_name.split(".", 2)
        self._tally.record(self._phase, service, operation, attempt)
        return None

    def _on_pynamodb_dispatch(self, sender, **_) -> None:
        if self._tally is not None:
            self._tally.pynamodb_dispatches += 1


def _model_classes(base: type) -> list[type]:
    found = [base]
    for subclass in base.__subclasses__():
        found.extend(_model_classes(subclass))
    return found


# --- a moto stack in this process --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_environment(endpoint: str) -> dict[str, str]:
    """The settings tests/conftest.py uses: fake credentials, moto's address, the persona picker."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
        "ICMS_STAGE": "dev",
        "ICMS_REGION": REGION,
        "ICMS_TABLE_NAME": "icms-dev",
        "ICMS_NOTIFICATIONS_QUEUE": "icms-dev-notifications",
        "ICMS_EMAIL_SENDER": "no-reply@icms.test",
        "ICMS_DEMO_SIGN_IN": "true",
        "ICMS_IDENTIFIER_PEPPER": "bench-pepper",
        "POWERTOOLS_SERVICE_NAME": "icms",
        # Log lines would land in the middle of the table on stdout.
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "ICMS_LOG_LEVEL": "WARNING",
    }


def start_moto():
    from moto.server import ThreadedMotoServer

    # The server logs every request it serves; the report is the only output wanted.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


# --- seed data, through the registry API and the firm store --------------------------------------

FIRM_UEN = "201912345K"
FIRM_NAME = "Lim & Tan LLP"
ACCUSED_NRIC_DIGITS = ("S", "8979373")
NEW_ACCUSED_NRIC_DIGITS = ("T", "0312345")


def nric(prefix: str, digits: str) -> str:
    from chalicelib.domain.identity import nric_check_letter

    return f"{prefix}{digits}{nric_check_letter(prefix, digits)}"


def singapore_time(days_ahead: int, hour: int, minute: int = 0) -> str:
    day = (datetime.now(SGT) + timedelta(days=days_ahead)).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SGT).isoformat()


def court_event(event_type: str, days_ahead: int, hour: int, room: str, status: str = "scheduled") -> dict:
    return {
        "type": event_type,
        "starts_at": singapore_time(days_ahead, hour, 30),
        "venue": {"building": "State Courts Towers", "room": room},
        "status": status,
    }


def charge(charge_no: str, statute: str, section: str, offence: str) -> dict:
    return {"charge_no": charge_no, "statute": statute, "section": section, "offence": offence}


def new_case(case_no: str, accused: dict, charges: list[dict], events: list[dict], bail: dict | None = None) -> dict:
    payload = {"case_no": case_no, "court": "state_courts", "accused": accused, "charges": charges, "events": events}
    if bail is not None:
        payload["bail"] = bail
    return payload


def accused_details(nric_value: str, name: str, email: str) -> dict:
    return {"nric": nric_value, "name": name, "email": email, "mobile": "+65 9123 4567"}


@dataclass
class World:
    """The seeded data the routes are called with."""

    accused: Principal
    counsel: Principal
    registry: Principal
    represented_case: str
    case_with_bail: str
    unrepresented_case: str
    charge_to_change: str
    event_to_move: str
    counsel_member_id: str
    new_accused_nric: str
    cases_seeded: int = 0
    charges_seeded: int = 0
    events_seeded: int = 0
    # The process's first case creation, made with cold caches like a fresh Lambda container's.
    first_create_in_process: Tally = field(default_factory=Tally)


def session_cookie(principal: Principal, last_seen_ago: timedelta = timedelta(0)) -> dict[str, str]:
    from chalicelib.domain.clock import utc_now
    from chalicelib.store import sessions
    from chalicelib.web.session import cookie_name

    token = sessions.create(principal, utc_now() - last_seen_ago, timedelta(hours=1))
    return {"Cookie": f"{cookie_name()}={token}"}


def registry_headers(registry: Principal) -> dict[str, str]:
    return {"Content-Type": "application/json", **session_cookie(registry)}


def call_registry(client: Client, headers: dict[str, str], method: str, path: str, payload: dict | None = None) -> dict:
    body = json.dumps(payload).encode() if payload is not None else b""
    response = client.http.request(method, path, headers=headers, body=body)
    if response.status_code >= 300:
        raise RuntimeError(f"seeding {method} {path} failed: {response.status_code} {response.body!r}")
    return json.loads(response.body)


def seed(client: Client, counter: RoundTripCounter) -> World:
    from chalicelib.domain.firms import Firm, FirmMember
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services.intake import person_id_for
    from chalicelib.store import demo_personas, firms

    registry = Principal(role=Role.REGISTRY, subject_id="officer-1", display_name="Registry Officer Tan")
    accused_nric = nric(*ACCUSED_NRIC_DIGITS)
    accused = Principal(role=Role.ACCUSED, subject_id=person_id_for(accused_nric), display_name="Tan Ah Kow")

    firms.create_firm(
        Firm(uen=FIRM_UEN, name=FIRM_NAME),
        FirmMember(member_id="m-admin", firm_uen=FIRM_UEN, nric=nric("S", "7712345"), name="Lim Mei Ling",
                   role=Role.FIRM_ADMIN, email="meiling@limtan.example.sg"),
    )
    counsel_members = [
        FirmMember(member_id="m-counsel-1", firm_uen=FIRM_UEN, nric=nric("S", "8012345"), name="Rajesh Kumar",
                   role=Role.COUNSEL, email="rajesh@limtan.example.sg"),
        FirmMember(member_id="m-counsel-2", firm_uen=FIRM_UEN, nric=nric("S", "8512345"), name="Nur Aisyah",
                   role=Role.COUNSEL, email="aisyah@limtan.example.sg"),
        FirmMember(member_id="m-paralegal", firm_uen=FIRM_UEN, nric=nric("S", "9012345"), name="Chua Wei Jie",
                   role=Role.PARALEGAL),
    ]
    for member in counsel_members:
        firms.add_member(member)
    counsel_member = counsel_members[0]
    counsel = Principal(role=Role.COUNSEL, subject_id=counsel_member.member_id, display_name=counsel_member.name,
                        firm_uen=FIRM_UEN, firm_name=FIRM_NAME)

    for key, description, principal in (
        ("accused", "An accused person with three cases", accused),
        ("counsel", "Counsel on record for one of them", counsel),
        ("registry", "A registry officer", registry),
    ):
        demo_personas.put(key, description, principal)

    person = accused_details(accused_nric, "Tan Ah Kow", "ahkow@example.sg")
    payloads = [
        new_case(
            "DAC-910001-2026", person,
            [
                charge("DAC-910001-2026", "Penal Code 1871", "379", "Theft"),
                charge("DAC-910011-2026", "Penal Code 1871", "323", "Voluntarily causing hurt"),
                charge("DAC-910021-2026", "Penal Code 1871", "427", "Mischief causing damage"),
            ],
            [
                court_event("mention", -30, 9, "Court 4A", status="held"),
                court_event("pre_trial_conference", 10, 10, "Chambers 7"),
                court_event("trial", 45, 9, "Court 21"),
            ],
        ),
        new_case(
            "DAC-910002-2026", person,
            [
                charge("DAC-910002-2026", "Misuse of Drugs Act 1973", "8(b)(ii)", "Consumption of a controlled drug"),
                charge("DAC-910012-2026", "Misuse of Drugs Act 1973", "8(a)", "Possession of a controlled drug"),
            ],
            [
                court_event("mention", 7, 9, "Court 4B"),
                court_event("criminal_case_disclosure_conference", 30, 14, "Chambers 3"),
            ],
            bail={"amount_cents": 15_000_00, "bailor_name": "Tan Bee Hoon", "bailor_phone": "+65 8123 4567"},
        ),
        new_case(
            "MAC-910003-2026", person,
            [
                charge("MAC-910003-2026", "Road Traffic Act 1961", "63(4)", "Speeding"),
                charge("MAC-910013-2026", "Road Traffic Act 1961", "65(1)(a)", "Careless driving"),
                charge("MAC-910023-2026", "Road Traffic Act 1961", "35(1)", "Driving without a valid licence"),
                charge("MAC-910033-2026", "Motor Vehicles (Third-Party Risks and Compensation) Act 1960", "3(1)",
                       "Using a vehicle without insurance"),
            ],
            [court_event("mention", 14, 9, "Court 2C"), court_event("plead_guilty_mention", 21, 11, "Court 2C")],
        ),
    ]
    headers = registry_headers(registry)
    with counter.measure() as first_create_in_process:
        created = [call_registry(client, headers, "POST", "/api/registry/cases", payloads[0])]
    created += [call_registry(client, headers, "POST", "/api/registry/cases", payload) for payload in payloads[1:]]
    represented, with_bail, unrepresented = (case["case_no"] for case in created)
    call_registry(
        client, headers, "PUT", f"/api/registry/cases/{represented}/representation",
        {"firm_uen": FIRM_UEN, "counsel_member_ids": ["m-counsel-1", "m-counsel-2"]},
    )
    return World(
        accused=accused,
        counsel=counsel,
        registry=registry,
        represented_case=represented,
        case_with_bail=with_bail,
        unrepresented_case=unrepresented,
        charge_to_change="DAC-910012-2026",
        event_to_move=created[1]["upcoming_events"][0]["event_id"],
        counsel_member_id="m-counsel-1",
        new_accused_nric=nric(*NEW_ACCUSED_NRIC_DIGITS),
        cases_seeded=len(payloads),
        charges_seeded=sum(len(p["charges"]) for p in payloads),
        events_seeded=sum(len(p["events"]) for p in payloads),
        first_create_in_process=first_create_in_process,
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
            "still resolve the caller through chalicelib.web.routing.principal_for?"
        )
    return Measurement(scenario, response.status_code, tally)


def label_session_lookups(counter: RoundTripCounter) -> None:
    """Count the caller's session lookup apart from the view's own work.

    The lookup runs inside each route handler, so the calls cannot be told apart by when they
    happen; the handler's reference to ``principal_for`` is wrapped to switch the counter's phase.
    """
    from chalicelib.web import routing

    lookup = routing.principal_for

    @functools.wraps(lookup)
    def labelled_lookup(request):
        with counter.phase(SESSION_LOOKUP):
            return lookup(request)

    routing.principal_for = labelled_lookup


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
